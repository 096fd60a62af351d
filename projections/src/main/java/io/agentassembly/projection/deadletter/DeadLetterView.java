package io.agentassembly.projection.deadletter;

import java.time.Instant;

/**
 * An event a processor set aside: where it is in the event store and why it failed (never its payload).
 * {@code status} is {@code open} or {@code dismissed}.
 */
public record DeadLetterView(String processingGroup, long globalSequence, String eventId, String eventType,
                             String workspaceId, String error, Instant setAsideAt, String status,
                             Instant dismissedAt) {

    public static final String OPEN = "open";
    public static final String DISMISSED = "dismissed";
}
