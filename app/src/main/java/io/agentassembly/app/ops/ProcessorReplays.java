package io.agentassembly.app.ops;

import io.agentassembly.command.api.common.DomainException;
import io.agentassembly.command.api.common.ErrorCode;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventhandling.tokenstore.UnableToClaimTokenException;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.springframework.stereotype.Component;

import java.util.Comparator;
import java.util.List;
import java.util.OptionalLong;

/**
 * The streaming event processors of this node, and their replay (docs/operations.md "Replaying a projection"): a
 * reset runs the projection's reset handler (which empties what it built) and reads the event store again from the
 * start. The processor must hold every segment of its group: on several nodes, the others must not be processing it.
 */
@Component
public class ProcessorReplays {

    /** A processor as this node sees it; positions are global sequences, -1 before the first event. */
    public record ProcessorStatus(String name, boolean running, boolean error, boolean replaying, int segmentsHeld,
                                  long position, long head, long behind) {
    }

    private final EventProcessingConfiguration processing;
    private final EventStore eventStore;

    public ProcessorReplays(EventProcessingConfiguration processing, EventStore eventStore) {
        this.processing = processing;
        this.eventStore = eventStore;
    }

    public List<ProcessorStatus> statuses() {
        long head = position(eventStore.createHeadToken());
        return processing.eventProcessors().entrySet().stream()
                .filter(entry -> entry.getValue() instanceof StreamingEventProcessor)
                .map(entry -> status(entry.getKey(), (StreamingEventProcessor) entry.getValue(), head))
                .sorted(Comparator.comparing(ProcessorStatus::name))
                .toList();
    }

    public ProcessorStatus status(String name) {
        return status(name, streaming(name), position(eventStore.createHeadToken()));
    }

    /** Stops the processor, resets its tokens to the start of the event store and starts it again. */
    public ProcessorStatus replay(String name) {
        StreamingEventProcessor processor = streaming(name);
        if (!processor.supportsReset()) {
            throw new DomainException(ErrorCode.CONFLICT, "processing_group", name + " cannot be replayed: its "
                    + "handlers do not allow it");
        }
        processor.shutdownAsync().join();
        try {
            processor.resetTokens();
        } catch (UnableToClaimTokenException e) {
            throw new DomainException(ErrorCode.CONFLICT, "processing_group", "another node holds a segment of " + name
                    + "; stop its processing there and replay again");
        } finally {
            processor.start();
        }
        return status(name);
    }

    private StreamingEventProcessor streaming(String name) {
        return processing.eventProcessor(name)
                .filter(StreamingEventProcessor.class::isInstance)
                .map(StreamingEventProcessor.class::cast)
                .orElseThrow(() -> new DomainException(ErrorCode.NOT_FOUND, "no streaming event processor '" + name
                        + "' on this node; GET /api/v1/operator/processors lists them"));
    }

    private static ProcessorStatus status(String name, StreamingEventProcessor processor, long head) {
        var segments = processor.processingStatus().values();
        OptionalLong lowest = segments.stream().map(EventTrackerStatus::getCurrentPosition)
                .filter(OptionalLong::isPresent).mapToLong(OptionalLong::getAsLong).min();
        long position = lowest.orElse(-1);
        return new ProcessorStatus(name, processor.isRunning(), processor.isError(),
                segments.stream().anyMatch(EventTrackerStatus::isReplaying), segments.size(), position, head,
                segments.isEmpty() ? -1 : Math.max(0, head - position));
    }

    private static long position(TrackingToken token) {
        return token == null ? -1 : token.position().orElse(-1);
    }
}
