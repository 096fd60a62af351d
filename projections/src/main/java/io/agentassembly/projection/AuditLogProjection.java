package io.agentassembly.projection;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.agentassembly.command.api.common.ActorType;
import io.agentassembly.command.api.common.AuditMetadata;
import io.agentassembly.command.api.common.OrgScopedEvent;
import io.agentassembly.command.api.common.WorkspaceEvent;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.ReplayToken;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventhandling.WrappedToken;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import io.agentassembly.projection.deadletter.DeadLetters;
import io.agentassembly.schema.jooq.tables.records.AuditEntryRecord;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.JSON;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.List;
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

    private static final String PENDING_ROWS = AuditLogProjection.class.getName() + ".pendingRows";

    private final DSLContext db;
    private final ObjectMapper objectMapper;
    private final DeadLetters deadLetters;
    private final TokenStore tokenStore;

    public AuditLogProjection(DSLContext db, ObjectMapper objectMapper, DeadLetters deadLetters,
                              TokenStore tokenStore) {
        this.db = db;
        this.objectMapper = objectMapper;
        this.deadLetters = deadLetters;
        this.tokenStore = tokenStore;
    }

    private record PendingRow(AuditEntryRecord row, EventMessage<?> event) {
    }

    /**
     * Rows of one processor batch are collected in its unit of work and written with a single multi-row insert
     * when the batch commits: one statement per batch instead of one per event. Events audited when they were
     * appended ({@link AuditedEventAppender}) reach this handler only during a replay ({@link PendingAuditEntry}).
     * A row the database refuses sets its event aside ({@link #insert}).
     */
    @EventHandler
    public void on(WorkspaceEvent event, EventMessage<?> message, TrackingToken token, PendingAuditEntry toWrite)
            throws JsonProcessingException {
        AuditEntryRecord row = db.newRecord(AUDIT_ENTRY);
        row.setGlobalSequence(globalSequenceOf(token));
        row.setEventId(message.getIdentifier());
        row.setWorkspaceId(event.workspaceId());
        row.setOrgId(event instanceof OrgScopedEvent scoped ? scoped.orgId() : null);
        row.setAggregateId(aggregateIdOf(event, message));
        row.setEventType(AuditEventTypes.eventTypeOf(event.getClass()));
        row.setActorType(Objects.requireNonNullElse(metaData(message, AuditMetadata.ACTOR_TYPE), ActorType.SYSTEM.name()));
        row.setActorId(metaData(message, AuditMetadata.ACTOR_ID));
        row.setOccurredAt(utc(message.getTimestamp()));
        row.setPayload(JSON.valueOf(objectMapper.writeValueAsString(event)));
        if (!CurrentUnitOfWork.isStarted()) {
            insertAll(List.of(row));
            return;
        }
        UnitOfWork<?> unitOfWork = CurrentUnitOfWork.get().root();
        List<PendingRow> pending = unitOfWork.getOrComputeResource(PENDING_ROWS, key -> {
            List<PendingRow> rows = new ArrayList<>();
            unitOfWork.onPrepareCommit(u -> insert(rows));
            return rows;
        });
        pending.add(new PendingRow(row, message));
    }

    /**
     * The batch's rows in one statement, inside a savepoint. Should the database refuse it because of some row's
     * data (e.g. a string holding the NUL character U+0000, which jsonb refuses), each row is written alone in its
     * own savepoint and a refused row's event is set aside as a dead letter: the other rows commit and the token
     * moves on. Failures that are not about the data (the database unreachable) fail the batch, which is retried.
     */
    private void insert(List<PendingRow> pending) {
        List<AuditEntryRecord> rows = pending.stream().map(PendingRow::row).toList();
        if (rows.isEmpty() || deadLetters.tryWrite(() -> insertAll(rows))) {
            return;
        }
        for (PendingRow each : pending) {
            deadLetters.writeOrSetAside(PROCESSING_GROUP, each.event(), () -> insertAll(List.of(each.row())));
        }
    }

    private void insertAll(List<AuditEntryRecord> rows) {
        var insert = db.insertInto(AUDIT_ENTRY).set(rows.getFirst());
        for (AuditEntryRecord row : rows.subList(1, rows.size())) {
            insert = insert.newRecord().set(row);
        }
        insert.onConflict(AUDIT_ENTRY.GLOBAL_SEQUENCE).doNothing().execute();
    }

    /**
     * Deletes the entries of the events this processor had read before the reset; the replay rebuilds them, and
     * the audit chain is unlinked to be linked again.
     * Entries beyond its token stay: the processor may lag behind the event store, and the replay ends at its
     * token — events after it are read as new, so the entries of decisions audited on append (which it skips
     * outside a replay) would otherwise be lost.
     */
    @ResetHandler
    public void reset() {
        TrackingToken read = null;
        for (int segment : tokenStore.fetchSegments(PROCESSING_GROUP)) {
            TrackingToken token = replayedUpTo(tokenStore.fetchToken(PROCESSING_GROUP, segment));
            if (token == null) {
                return;
            }
            read = read == null ? token : read.lowerBound(token);
        }
        if (read != null) {
            db.deleteFrom(AUDIT_ENTRY).where(readUpTo(read)).execute();
        }
        // The chainer links the rebuilt entries again from the start (docs/audit.md): the encoding is
        // deterministic, so the hashes and the signed checkpoints come out as before.
        db.execute("update audit_entry set payload_digest = null, prev_hash = null, hash = null where hash is not null");
        db.execute("delete from audit_chain_head");
    }

    /** What a reset from this token replays: up to the token, or up to where an unfinished replay was to end. */
    static TrackingToken replayedUpTo(TrackingToken token) {
        return WrappedToken.unwrapUpperBound(token instanceof ReplayToken replay ? replay.getTokenAtReset() : token);
    }

    /** The entries of the events a token covers: up to its position, except the gaps it is still waiting for. */
    static Condition readUpTo(TrackingToken token) {
        if (token instanceof GapAwareTrackingToken gapAware) {
            Condition upTo = AUDIT_ENTRY.GLOBAL_SEQUENCE.le(gapAware.getIndex());
            return gapAware.getGaps().isEmpty() ? upTo : upTo.and(AUDIT_ENTRY.GLOBAL_SEQUENCE.notIn(gapAware.getGaps()));
        }
        return AUDIT_ENTRY.GLOBAL_SEQUENCE.le(globalSequenceOf(token));
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
