package io.agentassembly.command.domain.fakes;

import io.agentassembly.command.api.common.PasswordHash;
import io.agentassembly.command.api.common.SealedSecret;
import io.agentassembly.command.api.common.SecretDigest;
import org.axonframework.eventhandling.EventMessage;
import org.hamcrest.Description;
import org.hamcrest.Matcher;
import org.hamcrest.TypeSafeMatcher;

import java.lang.reflect.RecordComponent;
import java.util.List;

/** Matches an event list in which no payload carries a secret, whether typed or as a copied string. */
public final class NoSecrets {
    private NoSecrets() {
    }

    public static Matcher<List<? super EventMessage<?>>> inAnyEvent(String... secretValues) {
        return new TypeSafeMatcher<>() {
            @Override
            protected boolean matchesSafely(List<? super EventMessage<?>> events) {
                return !events.isEmpty() && events.stream()
                        .map(event -> ((EventMessage<?>) event).getPayload())
                        .noneMatch(payload -> carriesSecret(payload, secretValues));
            }

            @Override
            public void describeTo(Description description) {
                description.appendText("events without secrets");
            }
        };
    }

    private static boolean carriesSecret(Object payload, String... secretValues) {
        for (RecordComponent component : payload.getClass().getRecordComponents()) {
            Object value = valueOf(component, payload);
            if (value instanceof PasswordHash || value instanceof SecretDigest || value instanceof SealedSecret) {
                return true;
            }
            for (String secret : secretValues) {
                if (value != null && value.toString().contains(secret)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static Object valueOf(RecordComponent component, Object record) {
        try {
            return component.getAccessor().invoke(record);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }
}
