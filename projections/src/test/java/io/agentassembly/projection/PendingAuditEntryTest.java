package io.agentassembly.projection;

import io.agentassembly.command.api.common.AuditMetadata;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventhandling.GenericTrackedEventMessage;
import org.axonframework.eventhandling.GlobalSequenceTrackingToken;
import org.axonframework.eventhandling.ReplayToken;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.messaging.MetaData;
import org.axonframework.messaging.annotation.ParameterResolver;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Method;

import static org.assertj.core.api.Assertions.assertThat;

class PendingAuditEntryTest {

    @SuppressWarnings("unused")
    void handler(PendingAuditEntry toWrite) {
    }

    private final ParameterResolver<PendingAuditEntry> resolver = resolver();

    @Test
    void eventsAuditedOnAppendAreSkippedExceptDuringReplay() {
        TrackingToken current = new GlobalSequenceTrackingToken(10);
        TrackingToken replaying = ReplayToken.createReplayToken(new GlobalSequenceTrackingToken(20), current);

        assertThat(resolver.matches(tracked("ordinary", MetaData.emptyInstance(), current))).isTrue();
        assertThat(resolver.matches(tracked("decision", MetaData.with(AuditMetadata.INDEXED_ON_APPEND, true), current)))
                .isFalse();
        assertThat(resolver.matches(tracked("decision", MetaData.with(AuditMetadata.INDEXED_ON_APPEND, true), replaying)))
                .isTrue();
    }

    private static GenericTrackedEventMessage<Object> tracked(String payload, MetaData metaData, TrackingToken token) {
        return new GenericTrackedEventMessage<>(token, GenericEventMessage.asEventMessage(payload).andMetaData(metaData));
    }

    @SuppressWarnings("unchecked")
    private ParameterResolver<PendingAuditEntry> resolver() {
        try {
            Method handler = getClass().getDeclaredMethod("handler", PendingAuditEntry.class);
            return (ParameterResolver<PendingAuditEntry>) new PendingAuditEntry.ResolverFactory()
                    .createInstance(handler, handler.getParameters(), 0);
        } catch (NoSuchMethodException e) {
            throw new IllegalStateException(e);
        }
    }
}
