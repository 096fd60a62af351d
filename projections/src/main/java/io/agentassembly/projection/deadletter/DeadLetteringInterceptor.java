package io.agentassembly.projection.deadletter;

import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.messaging.InterceptorChain;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.axonframework.messaging.unitofwork.UnitOfWork;

import javax.annotation.Nonnull;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Registered on every processor (one place: the app's Axon configuration); acts on events read by streaming
 * processors. An event whose handler fails because of the event is set aside and the batch goes on:
 * <ul>
 *   <li>a handler failure without a database error (cannot deserialise, cannot map): set aside at once, the
 *   batch's transaction is intact;</li>
 *   <li>a data error in the handler's own statement (SQLSTATE 22/23/54): PostgreSQL has aborted the batch's
 *   transaction, so the batch fails and the processor retries it; this time that event alone runs in a savepoint
 *   and is set aside if it fails again;</li>
 *   <li>anything that is not the event's fault (database unreachable, locks): the batch fails and the processor
 *   retries it with its back-off, however long the outage lasts.</li>
 * </ul>
 * The happy path costs one interceptor call per handled event: no savepoint, no statement.
 */
public final class DeadLetteringInterceptor implements MessageHandlerInterceptor<EventMessage<?>> {

    private static final int MAX_TO_ISOLATE = 10_000;

    private final String processingGroup;
    private final DeadLetters deadLetters;
    private final Set<String> toIsolate = ConcurrentHashMap.newKeySet();

    public DeadLetteringInterceptor(String processingGroup, DeadLetters deadLetters) {
        this.processingGroup = processingGroup;
        this.deadLetters = deadLetters;
    }

    @Override
    public Object handle(@Nonnull UnitOfWork<? extends EventMessage<?>> unitOfWork,
                         @Nonnull InterceptorChain interceptorChain) throws Exception {
        EventMessage<?> event = unitOfWork.getMessage();
        if (!(event instanceof TrackedEventMessage<?>)) {
            return interceptorChain.proceed();
        }
        if (toIsolate.remove(event.getIdentifier())) {
            try {
                deadLetters.handleOrSetAside(processingGroup, event, interceptorChain::proceed);
            } catch (RuntimeException notTheEventsFault) {
                isolateOnRetry(event);
                throw notTheEventsFault;
            }
            return null;
        }
        try {
            return interceptorChain.proceed();
        } catch (Exception failure) {
            switch (ProcessingFailure.of(failure)) {
                case INFRASTRUCTURE -> throw failure;
                case HANDLER -> {
                    if (setAside(event, failure)) {
                        return null;
                    }
                }
                case DATA -> {
                    // the batch's transaction is aborted: handled alone in a savepoint when the batch is retried
                }
            }
            isolateOnRetry(event);
            throw new RetryAloneException(processingGroup, DeadLetters.globalSequenceOf(event), failure);
        }
    }

    /** False when the dead letter could not be written (a statement the handler swallowed aborted the transaction). */
    private boolean setAside(EventMessage<?> event, Exception failure) {
        try {
            deadLetters.setAside(processingGroup, event, failure);
            return true;
        } catch (RuntimeException transactionAborted) {
            if (ProcessingFailure.of(transactionAborted) != ProcessingFailure.INFRASTRUCTURE) {
                throw transactionAborted;
            }
            return false;
        }
    }

    private void isolateOnRetry(EventMessage<?> event) {
        if (toIsolate.size() >= MAX_TO_ISOLATE) {
            toIsolate.clear();
        }
        toIsolate.add(event.getIdentifier());
    }

    /**
     * Fails the batch so the processor retries it with the event isolated; says which event and what failed,
     * without the original message (it may quote the event's data).
     */
    static final class RetryAloneException extends RuntimeException {
        RetryAloneException(String processingGroup, long globalSequence, Throwable failure) {
            super(processingGroup + ": the event at global sequence " + globalSequence + " failed ("
                    + ProcessingFailure.describe(failure)
                    + "); retrying the batch with that event alone in a savepoint");
        }
    }
}
