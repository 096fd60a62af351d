package io.agentassembly.query.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Instant;
import java.util.List;

public final class AuditQueries {
    private AuditQueries() {
    }

    public static final int MAX_PAGE_SIZE = 500;

    /**
     * One page of a workspace's audit log, newest first. Every filter is optional. {@code beforeSequence}
     * is the cursor (exclusive); {@code notBefore} is the retention cut-off: older entries are never served.
     * {@code agentKey}: the entries whose payload names the agent ({@code agent_key}).
     * Answers {@link AuditPage}.
     */
    public record ListAuditEntriesQuery(String workspaceId, String eventType, String actorId, String orgId,
                                        String agentKey, Instant from, Instant to, Long beforeSequence, int perPage,
                                        Instant notBefore) {
    }

    public record AuditEntryView(long sequence, String eventId, String workspaceId, String orgId,
                                 String aggregateId, String eventType, String actorType, String actorId,
                                 Instant occurredAt, JsonNode payload) {

        private static final String SESSION_ID = "session_id";

        /** The entry without the payload's {@code session_id}, and without the aggregate id when that is the session's. */
        public AuditEntryView withoutSessionId() {
            JsonNode sessionId = payload == null ? null : payload.get(SESSION_ID);
            if (sessionId == null) {
                return this;
            }
            ObjectNode redacted = ((ObjectNode) payload).deepCopy();
            redacted.remove(SESSION_ID);
            String aggregate = sessionId.asText().equals(aggregateId) ? null : aggregateId;
            return new AuditEntryView(sequence, eventId, workspaceId, orgId, aggregate, eventType, actorType, actorId,
                    occurredAt, redacted);
        }
    }

    /** {@code nextBeforeSequence} is null on the last page. */
    public record AuditPage(List<AuditEntryView> entries, Long nextBeforeSequence) {
    }
}
