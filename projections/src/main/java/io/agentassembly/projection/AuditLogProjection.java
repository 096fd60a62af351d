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
import org.axonframework.eventhandling.TrackingToken;
import io.agentassembly.projection.deadletter.DeadLetters;
import io.agentassembly.schema.jooq.tables.records.AuditEntryRecord;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.JSON;
import org.jooq.Record3;
import org.jooq.Result;
import org.jooq.impl.DSL;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import static io.agentassembly.projection.Timestamps.utc;
import static io.agentassembly.schema.jooq.Tables.AUDIT_CHAIN_HEAD;
import static io.agentassembly.schema.jooq.Tables.AUDIT_ENTRY;
import static org.jooq.impl.DSL.excluded;
import static org.jooq.impl.DSL.row;

/**
 * One audit entry per domain event, keyed by the event's global sequence in the event store. A replay (a reset
 * of the processor) keeps the table as it is and reads every event again: a row that already says what its event
 * says is not written again, one that differs or is missing is written (see {@link #insertAll}). Must run in a streaming (tracking or pooled) processor:
 * the handler needs the tracking token.
 */
@Component
@ProcessingGroup(AuditLogProjection.PROCESSING_GROUP)
public class AuditLogProjection {

    public static final String PROCESSING_GROUP = "audit-log";

    private static final String PENDING_ROWS = AuditLogProjection.class.getName() + ".pendingRows";
    /** In the RETURNING of an upsert, true for a row that existed (and was rewritten), false for an inserted one. */
    private static final Field<Boolean> REWRITTEN = DSL.field("xmax <> 0", Boolean.class);

    private final DSLContext db;
    private final ObjectMapper objectMapper;
    private final DeadLetters deadLetters;

    public AuditLogProjection(DSLContext db, ObjectMapper objectMapper, DeadLetters deadLetters) {
        this.db = db;
        this.objectMapper = objectMapper;
        this.deadLetters = deadLetters;
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

    /**
     * Inserts the rows; a row that exists already (a replay, or a dead letter handled again) is rewritten only where
     * it differs from what the event says now, and an erased one is left as it is. A rewritten row, or a new one at
     * or below its workspace's chain head, changes what the chain covers: that workspace's chain is unlinked and the
     * chainer links it again from the start (docs/audit.md), with the same hashes when the entries are the same.
     */
    private void insertAll(List<AuditEntryRecord> rows) {
        var insert = db.insertInto(AUDIT_ENTRY).set(rows.getFirst());
        for (AuditEntryRecord row : rows.subList(1, rows.size())) {
            insert = insert.newRecord().set(row);
        }
        Result<Record3<Long, String, Boolean>> written = insert.onConflict(AUDIT_ENTRY.GLOBAL_SEQUENCE).doUpdate()
                .set(AUDIT_ENTRY.EVENT_ID, excluded(AUDIT_ENTRY.EVENT_ID))
                .set(AUDIT_ENTRY.WORKSPACE_ID, excluded(AUDIT_ENTRY.WORKSPACE_ID))
                .set(AUDIT_ENTRY.ORG_ID, excluded(AUDIT_ENTRY.ORG_ID))
                .set(AUDIT_ENTRY.AGGREGATE_ID, excluded(AUDIT_ENTRY.AGGREGATE_ID))
                .set(AUDIT_ENTRY.EVENT_TYPE, excluded(AUDIT_ENTRY.EVENT_TYPE))
                .set(AUDIT_ENTRY.ACTOR_TYPE, excluded(AUDIT_ENTRY.ACTOR_TYPE))
                .set(AUDIT_ENTRY.ACTOR_ID, excluded(AUDIT_ENTRY.ACTOR_ID))
                .set(AUDIT_ENTRY.OCCURRED_AT, excluded(AUDIT_ENTRY.OCCURRED_AT))
                .set(AUDIT_ENTRY.PAYLOAD, excluded(AUDIT_ENTRY.PAYLOAD))
                .setNull(AUDIT_ENTRY.PAYLOAD_DIGEST)
                .setNull(AUDIT_ENTRY.PREV_HASH)
                .setNull(AUDIT_ENTRY.HASH)
                .where(AUDIT_ENTRY.ERASED_AT.isNull().and(row(AUDIT_ENTRY.EVENT_ID, AUDIT_ENTRY.WORKSPACE_ID,
                        AUDIT_ENTRY.ORG_ID, AUDIT_ENTRY.AGGREGATE_ID, AUDIT_ENTRY.EVENT_TYPE, AUDIT_ENTRY.ACTOR_TYPE,
                        AUDIT_ENTRY.ACTOR_ID, AUDIT_ENTRY.OCCURRED_AT, AUDIT_ENTRY.PAYLOAD).isDistinctFrom(row(
                        excluded(AUDIT_ENTRY.EVENT_ID), excluded(AUDIT_ENTRY.WORKSPACE_ID), excluded(AUDIT_ENTRY.ORG_ID),
                        excluded(AUDIT_ENTRY.AGGREGATE_ID), excluded(AUDIT_ENTRY.EVENT_TYPE),
                        excluded(AUDIT_ENTRY.ACTOR_TYPE), excluded(AUDIT_ENTRY.ACTOR_ID),
                        excluded(AUDIT_ENTRY.OCCURRED_AT), excluded(AUDIT_ENTRY.PAYLOAD)))))
                .returningResult(AUDIT_ENTRY.GLOBAL_SEQUENCE, AUDIT_ENTRY.WORKSPACE_ID, REWRITTEN)
                .fetch();
        Set<String> unlink = new HashSet<>();
        Map<String, Long> lowestInserted = new HashMap<>();
        for (Record3<Long, String, Boolean> row : written) {
            if (row.value3()) {
                unlink.add(row.value2());
            } else {
                lowestInserted.merge(row.value2(), row.value1(), Math::min);
            }
        }
        lowestInserted.keySet().removeAll(unlink);
        if (!lowestInserted.isEmpty()) {
            db.select(AUDIT_CHAIN_HEAD.WORKSPACE_ID, AUDIT_CHAIN_HEAD.LAST_SEQUENCE).from(AUDIT_CHAIN_HEAD)
                    .where(AUDIT_CHAIN_HEAD.WORKSPACE_ID.in(lowestInserted.keySet()))
                    .forEach(head -> {
                        if (lowestInserted.get(head.value1()) <= head.value2()) {
                            unlink.add(head.value1());
                        }
                    });
        }
        if (!unlink.isEmpty()) {
            db.update(AUDIT_ENTRY).setNull(AUDIT_ENTRY.PAYLOAD_DIGEST).setNull(AUDIT_ENTRY.PREV_HASH)
                    .setNull(AUDIT_ENTRY.HASH)
                    .where(AUDIT_ENTRY.WORKSPACE_ID.in(unlink).and(AUDIT_ENTRY.HASH.isNotNull())).execute();
            db.deleteFrom(AUDIT_CHAIN_HEAD).where(AUDIT_CHAIN_HEAD.WORKSPACE_ID.in(unlink)).execute();
        }
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
