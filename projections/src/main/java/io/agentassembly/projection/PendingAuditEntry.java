package io.agentassembly.projection;

import io.agentassembly.command.api.common.AuditMetadata;
import org.axonframework.eventhandling.ReplayToken;
import org.axonframework.messaging.Message;
import org.axonframework.messaging.annotation.ParameterResolver;
import org.axonframework.messaging.annotation.ParameterResolverFactory;

import java.lang.reflect.Executable;
import java.lang.reflect.Parameter;

/**
 * A handler parameter that makes the handler apply only to events whose audit entry is still to be written:
 * every event, except those whose entries were written when they were appended
 * ({@link AuditMetadata#INDEXED_ON_APPEND}) — those only during a replay. Because the parameter does not match,
 * the tracking processor skips such events without running its handler chain for them.
 */
public enum PendingAuditEntry {
    INSTANCE;

    /** Registered through META-INF/services, so every Axon handler may declare the parameter. */
    public static final class ResolverFactory implements ParameterResolverFactory {

        @Override
        public ParameterResolver<PendingAuditEntry> createInstance(Executable executable, Parameter[] parameters,
                                                                   int parameterIndex) {
            return parameters[parameterIndex].getType() == PendingAuditEntry.class ? new Resolver() : null;
        }
    }

    private static final class Resolver implements ParameterResolver<PendingAuditEntry> {

        @Override
        public PendingAuditEntry resolveParameterValue(Message<?> message) {
            return INSTANCE;
        }

        /**
         * Metadata that cannot be read lets the handler run: it fails there and the event is set aside as a dead
         * letter, instead of failing the processor's batch before any handler runs (retried forever).
         */
        @Override
        public boolean matches(Message<?> message) {
            try {
                return !"true".equals(String.valueOf(message.getMetaData().get(AuditMetadata.INDEXED_ON_APPEND)))
                        || ReplayToken.isReplay(message);
            } catch (RuntimeException unreadableMetaData) {
                return true;
            }
        }
    }
}
