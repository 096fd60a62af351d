package io.agentassembly.projection.deadletter;

import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.AbstractEventProcessor;
import org.axonframework.eventhandling.EventHandlerInvoker;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.Segment;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.common.stream.BlockingStream;
import org.axonframework.eventhandling.GlobalSequenceTrackingToken;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * An operator's retry of a dead letter: the event is read again from the event store and handled by the handlers
 * of its processor on this node, in one transaction with the removal of its dead letter. A failure that is the
 * event's fault sets it aside again (the same row, reopened); one that is not (the database unreachable) fails
 * the retry and leaves the dead letter as it was.
 * <p>
 * The event is handled out of order (the processor went on past it): fine for the audit log, whose entries are
 * keyed by global sequence; a future projection whose rows depend on event order must take that into account.
 */
@Component
public class DeadLetterRetry {

    public enum Outcome { HANDLED, SET_ASIDE_AGAIN, NO_PROCESSOR, EVENT_MISSING }

    private final DeadLetters deadLetters;
    private final EventProcessingConfiguration processing;
    private final EventStorageEngine jdbcEvents;
    private final EventStore eventStore;
    private final TransactionManager transactions;

    /** {@code jdbcEvents}: the JDBC storage engine when that store is in use (absent with Axon Server). */
    public DeadLetterRetry(DeadLetters deadLetters, EventProcessingConfiguration processing,
                           ObjectProvider<EventStorageEngine> jdbcEvents, EventStore eventStore,
                           TransactionManager transactions) {
        this.deadLetters = deadLetters;
        this.processing = processing;
        this.jdbcEvents = jdbcEvents.getIfAvailable();
        this.eventStore = eventStore;
        this.transactions = transactions;
    }

    /** Empty when there is no such dead letter. */
    public Optional<Outcome> retry(String processingGroup, long globalSequence) {
        if (deadLetters.find(processingGroup, globalSequence).isEmpty()) {
            return Optional.empty();
        }
        Optional<EventHandlerInvoker> handlers = processing.eventProcessor(processingGroup, AbstractEventProcessor.class)
                .map(AbstractEventProcessor::eventHandlerInvoker);
        if (handlers.isEmpty()) {
            return Optional.of(Outcome.NO_PROCESSOR);
        }
        Optional<? extends TrackedEventMessage<?>> event = read(globalSequence);
        if (event.isEmpty()) {
            return Optional.of(Outcome.EVENT_MISSING);
        }
        EventHandlerInvoker invoker = handlers.get();
        TrackedEventMessage<?> message = event.get();
        DefaultUnitOfWork<TrackedEventMessage<?>> unitOfWork = DefaultUnitOfWork.startAndGet(message);
        unitOfWork.attachTransaction(transactions);
        unitOfWork.execute(() -> {
            deadLetters.remove(processingGroup, globalSequence);
            if (invoker.canHandle(message, Segment.ROOT_SEGMENT)) {
                deadLetters.handleOrSetAside(processingGroup, message, () -> {
                    invoker.handle(message, Segment.ROOT_SEGMENT);
                    return null;
                });
            }
        });
        return Optional.of(deadLetters.find(processingGroup, globalSequence).isPresent()
                ? Outcome.SET_ASIDE_AGAIN : Outcome.HANDLED);
    }

    private Optional<? extends TrackedEventMessage<?>> read(long globalSequence) {
        if (jdbcEvents == null) {
            return readFromEventStore(globalSequence);
        }
        var justBefore = GapAwareTrackingToken.newInstance(globalSequence - 1, Set.of());
        try (Stream<? extends TrackedEventMessage<?>> stream = jdbcEvents.readEvents(justBefore, false)) {
            return stream.limit(1).filter(message -> message.trackingToken().position().orElse(-1) == globalSequence)
                    .findFirst();
        }
    }

    /** Axon Server: its stream from just before the event, the first event it offers within a few seconds. */
    private Optional<? extends TrackedEventMessage<?>> readFromEventStore(long globalSequence) {
        try (BlockingStream<TrackedEventMessage<?>> stream =
                     eventStore.openStream(new GlobalSequenceTrackingToken(globalSequence - 1))) {
            if (!stream.hasNextAvailable(5, TimeUnit.SECONDS)) {
                return Optional.empty();
            }
            TrackedEventMessage<?> message = stream.nextAvailable();
            return message.trackingToken().position().orElse(-1) == globalSequence ? Optional.of(message)
                    : Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }
}
