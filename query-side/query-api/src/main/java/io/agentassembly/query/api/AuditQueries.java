package io.agentassembly.query.api;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Instant;
import java.util.List;

public final class AuditQueries {
    private AuditQueries() {
    }

    public static final int MAX_PAGE_SIZE = 500;

    /**
     * One page of a workspace's audit log, newest first. Every filter is optional. {@code beforeSequence}
     * is the cursor (exclusive); {@code notBefore} is the retention cut-off: older entries are never served.
     * Answers {@link AuditPage}.
     */
    public record ListAuditEntriesQuery(String workspaceId, String eventType, String actorId, String orgId,
                                        Instant from, Instant to, Long beforeSequence, int perPage,
                                        Instant notBefore) {
    }

    public record AuditEntryView(long sequence, String eventId, String workspaceId, String orgId,
                                 String aggregateId, String eventType, String actorType, String actorId,
                                 Instant occurredAt, JsonNode payload) {
    }

    /** {@code nextBeforeSequence} is null on the last page. */
    public record AuditPage(List<AuditEntryView> entries, Long nextBeforeSequence) {
    }
}
