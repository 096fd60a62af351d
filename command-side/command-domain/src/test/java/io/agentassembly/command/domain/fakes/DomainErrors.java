package io.agentassembly.command.domain.fakes;

import io.agentassembly.command.api.common.DomainException;
import io.agentassembly.command.api.common.ErrorCode;
import org.hamcrest.Description;
import org.hamcrest.Matcher;
import org.hamcrest.TypeSafeMatcher;

import java.util.Objects;

/** Matches a {@link DomainException} by its code and the field it names. */
public final class DomainErrors {
    private DomainErrors() {
    }

    public static Matcher<DomainException> rejectedWith(ErrorCode code, String field) {
        return new TypeSafeMatcher<>() {
            @Override
            protected boolean matchesSafely(DomainException e) {
                return e.code() == code && Objects.equals(e.details().field(), field)
                        && e.getMessage() != null && !e.getMessage().isBlank();
            }

            @Override
            public void describeTo(Description description) {
                description.appendText("DomainException " + code + " on field " + field);
            }

            @Override
            protected void describeMismatchSafely(DomainException e, Description description) {
                description.appendText("was " + e.details());
            }
        };
    }

    public static Matcher<DomainException> rejectedWith(ErrorCode code) {
        return new TypeSafeMatcher<>() {
            @Override
            protected boolean matchesSafely(DomainException e) {
                return e.code() == code;
            }

            @Override
            public void describeTo(Description description) {
                description.appendText("DomainException " + code);
            }

            @Override
            protected void describeMismatchSafely(DomainException e, Description description) {
                description.appendText("was " + e.details());
            }
        };
    }
}
