package io.agentassembly.projection.deadletter;

import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.EventMessageHandler;
import org.axonframework.eventhandling.ListenerInvocationErrorHandler;
import org.axonframework.eventhandling.LoggingErrorHandler;
import org.axonframework.eventhandling.TrackedEventMessage;

import javax.annotation.Nonnull;

/**
 * The default listener error handler of every processor. A handler's error on an event read by a streaming
 * (tracking) processor goes on to that processor's {@link DeadLetteringInterceptor}, which sets the event aside or
 * lets the processor retry; Axon's default would log it and drop the event, even when the database was merely
 * unreachable. Subscribing processors keep Axon's default (log and go on) unless their group registers another.
 */
public final class DeadLetterErrorHandler implements ListenerInvocationErrorHandler {

    private final ListenerInvocationErrorHandler subscribing = new LoggingErrorHandler();

    @Override
    public void onError(@Nonnull Exception exception, @Nonnull EventMessage<?> event,
                        @Nonnull EventMessageHandler eventHandler) throws Exception {
        if (event instanceof TrackedEventMessage<?>) {
            throw exception;
        }
        subscribing.onError(exception, event, eventHandler);
    }
}
