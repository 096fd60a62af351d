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
import org.jooq.JSON;
import org.jooq.Record;
import org.jooq.Result;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import static io.agentassembly.projection.Timestamps.utc;
import static io.agentassembly.schema.jooq.Tables.AUDIT_CHAIN_HEAD;
import static io.agentassembly.schema.jooq.Tables.AUDIT_ENTRY;

/**
 * One audit entry per domain event, keyed by the event's global sequence in the event store. A replay (a reset
 * of the processor) keeps the table as it is and reads every event again: a row that already says what its event
 * says is not written again, one that differs or is missing is written (see {@link #insertAll}). Must run in a
 * streaming (tracking or pooled) processor: the handler needs the tracking token.
 */
@Component
@ProcessingGroup(AuditLogProjection.PROCESSING_GROUP)
public class AuditLogProjection {

    public static final String PROCESSING_GROUP = "audit-log";

    private static final String PENDING_ROWS = AuditLogProjection.class.getName() + ".pendingRows";
    /**
     * One statement for a batch of any size (the rows as column arrays). {@code xmax <> 0} in the RETURNING is true
     * for a row that existed and was rewritten, false for an inserted one; a row that exists and already says the
     * same is neither written nor returned.
     */
    private static final String UPSERT = """
            insert into audit_entry as a (global_sequence, event_id, workspace_id, org_id, aggregate_id, event_type,
                                          actor_type, actor_id, occurred_at, payload)
            select r.s, r.e, r.w, r.o, r.g, r.t, r.at, r.ai, r.oc::timestamptz, r.p::jsonb
            from unnest(?::bigint[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[],
                        ?::text[], ?::text[]) as r(s, e, w, o, g, t, at, ai, oc, p)
            on conflict (global_sequence) do update set
                event_id = excluded.event_id, workspace_id = excluded.workspace_id, org_id = excluded.org_id,
                aggregate_id = excluded.aggregate_id, event_type = excluded.event_type,
                actor_type = excluded.actor_type, actor_id = excluded.actor_id, occurred_at = excluded.occurred_at,
                payload = excluded.payload, payload_digest = null, prev_hash = null, hash = null
            where a.erased_at is null
              and (a.event_id, a.workspace_id, a.org_id, a.aggregate_id, a.event_type, a.actor_type, a.actor_id,
                   a.occurred_at, a.payload)
                  is distinct from (excluded.event_id, excluded.workspace_id, excluded.org_id, excluded.aggregate_id,
                   excluded.event_type, excluded.actor_type, excluded.actor_id, excluded.occurred_at, excluded.payload)
            returning a.global_sequence, a.workspace_id, a.xmax <> 0
            """;

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
    private void insertAll(List<AuditEntryRecord> batch) {
        // a batch may hand the same event over twice (an upsert must not meet a row twice): the last one counts
        Map<Long, AuditEntryRecord> bySequence = new LinkedHashMap<>();
        batch.forEach(row -> bySequence.put(row.getGlobalSequence(), row));
        List<AuditEntryRecord> rows = List.copyOf(bySequence.values());
        int n = rows.size();
        Long[] sequences = new Long[n];
        String[][] columns = new String[9][n];
        for (int i = 0; i < n; i++) {
            AuditEntryRecord row = rows.get(i);
            sequences[i] = row.getGlobalSequence();
            columns[0][i] = row.getEventId();
            columns[1][i] = row.getWorkspaceId();
            columns[2][i] = row.getOrgId();
            columns[3][i] = row.getAggregateId();
            columns[4][i] = row.getEventType();
            columns[5][i] = row.getActorType();
            columns[6][i] = row.getActorId();
            columns[7][i] = row.getOccurredAt().toString();
            columns[8][i] = row.getPayload().data();
        }
        Result<Record> written = db.resultQuery(UPSERT, sequences, columns[0], columns[1], columns[2], columns[3],
                columns[4], columns[5], columns[6], columns[7], columns[8]).fetch();
        Set<String> unlink = new HashSet<>();
        Map<String, Long> lowestInserted = new HashMap<>();
        for (Record row : written) {
            String workspace = row.get(1, String.class);
            if (row.get(2, Boolean.class)) {
                unlink.add(workspace);
            } else {
                lowestInserted.merge(workspace, row.get(0, Long.class), Math::min);
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
