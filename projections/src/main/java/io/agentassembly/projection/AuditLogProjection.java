package io.agentassembly.projection;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.agentassembly.command.api.common.ActorType;
import io.agentassembly.command.api.common.AuditMetadata;
import io.agentassembly.command.api.common.OrgScopedEvent;
import io.agentassembly.command.api.common.WorkspaceEvent;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.TrackingToken;
import org.jooq.DSLContext;
import org.jooq.JSON;
import org.springframework.stereotype.Component;

import java.util.Objects;

import static io.agentassembly.projection.Timestamps.utc;
import static io.agentassembly.schema.jooq.Tables.AUDIT_ENTRY;

/**
 * One audit entry per domain event, keyed by the event's global sequence in the event store so a replay
 * after {@link #reset()} rebuilds the same rows. Must run in a streaming (tracking or pooled) processor:
 * the handler needs the tracking token.
 */
@Component
@ProcessingGroup(AuditLogProjection.PROCESSING_GROUP)
public class AuditLogProjection {

    public static final String PROCESSING_GROUP = "audit-log";

    private final DSLContext db;
    private final ObjectMapper objectMapper;

    public AuditLogProjection(DSLContext db, ObjectMapper objectMapper) {
        this.db = db;
        this.objectMapper = objectMapper;
    }

    @EventHandler
    public void on(WorkspaceEvent event, EventMessage<?> message, TrackingToken token) {
        db.insertInto(AUDIT_ENTRY)
                .set(AUDIT_ENTRY.GLOBAL_SEQUENCE, globalSequenceOf(token))
                .set(AUDIT_ENTRY.EVENT_ID, message.getIdentifier())
                .set(AUDIT_ENTRY.WORKSPACE_ID, event.workspaceId())
                .set(AUDIT_ENTRY.ORG_ID, event instanceof OrgScopedEvent scoped ? scoped.orgId() : null)
                .set(AUDIT_ENTRY.AGGREGATE_ID, aggregateIdOf(event, message))
                .set(AUDIT_ENTRY.EVENT_TYPE, AuditEventTypes.eventTypeOf(event.getClass()))
                .set(AUDIT_ENTRY.ACTOR_TYPE, Objects.requireNonNullElse(
                        metaData(message, AuditMetadata.ACTOR_TYPE), ActorType.SYSTEM.name()))
                .set(AUDIT_ENTRY.ACTOR_ID, metaData(message, AuditMetadata.ACTOR_ID))
                .set(AUDIT_ENTRY.OCCURRED_AT, utc(message.getTimestamp()))
                .set(AUDIT_ENTRY.PAYLOAD, JSON.valueOf(objectMapper.valueToTree(event).toString()))
                .onConflict(AUDIT_ENTRY.GLOBAL_SEQUENCE).doNothing()
                .execute();
    }

    @ResetHandler
    public void reset() {
        db.deleteFrom(AUDIT_ENTRY).execute();
    }

    /** The JDBC store yields a GapAwareTrackingToken, a replay a ReplayToken: both expose the position. */
    static long globalSequenceOf(TrackingToken token) {
        if (token == null || token.position().isEmpty()) {
            throw new IllegalStateException("audit-log needs a positioned tracking token, got " + token);
        }
        return token.position().getAsLong();
    }

    private static String aggregateIdOf(WorkspaceEvent event, EventMessage<?> message) {
        if (message instanceof DomainEventMessage<?> domain && domain.getAggregateIdentifier() != null) {
            return domain.getAggregateIdentifier();
        }
        return event.workspaceId();
    }

    private static String metaData(EventMessage<?> message, String key) {
        Object value = message.getMetaData().get(key);
        return value == null ? null : value.toString();
    }
}
