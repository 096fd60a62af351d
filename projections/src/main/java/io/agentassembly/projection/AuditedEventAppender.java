package io.agentassembly.projection;

import io.agentassembly.command.api.common.ActorType;
import io.agentassembly.command.api.common.AuditMetadata;
import io.agentassembly.command.api.common.OrgScopedEvent;
import io.agentassembly.command.api.common.WorkspaceEvent;
import io.agentassembly.command.api.budget.SpendClaim;
import org.axonframework.common.DateTimeUtils;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.messaging.MetaData;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.Serializer;
import org.springframework.beans.factory.annotation.Qualifier;

import javax.sql.DataSource;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Map;
import java.util.List;
import java.util.Objects;

/**
 * Appends events that belong to no aggregate (the gateway's decisions) together with their audit entries in ONE
 * SQL statement, run in autocommit: one round trip and one WAL flush per batch, which is what makes a recorded
 * decision cost about one durable commit.
 * <p>
 * The event rows are exactly what Axon's {@code JdbcEventStorageEngine} writes for such events (aggregate
 * identifier = event identifier, sequence number 0, no aggregate type, the event serializer's payload and metadata,
 * Axon's timestamp format), so tracking processors and replays read them like any other event. The audit entries
 * are derived from the stored rows as {@link AuditLogProjection#on} would derive them; the events carry
 * {@link AuditMetadata#INDEXED_ON_APPEND}, so the audit-log processor writes them again only during a replay
 * ({@code AuditReplayTest} checks both paths give identical rows).
 * <p>
 * Only for the JDBC event store: the app wires it only when that store is in use (docs/adr/0018), never beside
 * Axon Server's store.
 */
public class AuditedEventAppender {

    private static final String AUDITED = """
            insert into audit_entry (global_sequence, event_id, workspace_id, org_id, aggregate_id, event_type,
                                     actor_type, actor_id, occurred_at, payload)
            select a.globalindex, a.eventidentifier, r.workspace_id, r.org_id, r.workspace_id, r.event_type,
                   r.actor_type, r.actor_id, a."timestamp"::timestamptz, convert_from(a.payload, 'UTF8')::jsonb
            from appended a
            join unnest(?::varchar[], ?::varchar[], ?::varchar[], ?::varchar[], ?::varchar[], ?::varchar[])
                 as r(event_id, workspace_id, org_id, event_type, actor_type, actor_id) on r.event_id = a.eventidentifier
            """;

    private static final String APPEND = """
            with appended as (
            """ + appendedEvents("e.payload") + """
            )
            """ + AUDITED;

    /**
     * {@link #APPEND} with the budget arbiter in front (docs/adr/0021): reads the use of every limit the batch claims
     * (the sum of its lanes as committed when the statement starts; nothing is locked), denies each claim one of whose
     * enforced limits is used up (the first such limit in envelope order decides), reserves the others in the lane of
     * this connection (so concurrent batches never wait on each other's row locks through their commits), records
     * their reservations, and writes each denied decision's event as a DENY naming that limit. Answers the denied
     * decisions with the position of the deciding limit.
     */
    private static final String APPEND_WITH_CLAIMS = BudgetArbiter.CLAIMS + """
            appended as (
            """ + appendedEvents("""
                    case when d.decision_id is null then e.payload
                         else (e.payload::jsonb || jsonb_build_object('decision', 'DENY', 'reason', d.reason,
                               'policy_rule', 'BUDGET_EXCEEDED', 'budget_limit', d.limit_key,
                               'reserved_usd', null, 'reserved_tokens', null, 'approval_id', null))::text end""",
                    "left join denied d on d.decision_id = e.id") + """
            ),
            audited as (
            """ + AUDITED + """
            )
            select d.decision_id, d.ord from denied d
            """;

    private static String appendedEvents(String payload) {
        return appendedEvents(payload, "");
    }

    private static String appendedEvents(String payload, String join) {
        return """
                insert into domainevententry (eventidentifier, aggregateidentifier, sequencenumber, "timestamp",
                                              payloadtype, payloadrevision, payload, metadata)
                select e.id, e.id, 0, e.ts, e.payload_type, e.revision, convert_to(%s, 'UTF8'),
                       convert_to(e.meta, 'UTF8')
                from unnest(?::varchar[], ?::varchar[], ?::varchar[], ?::varchar[], ?::text[], ?::text[])
                     with ordinality as e(id, ts, payload_type, revision, payload, meta, n)
                %s
                order by e.n
                returning globalindex, eventidentifier, "timestamp", payload
                """.formatted(payload, join);
    }

    private static final String DEADLOCK = "40P01";
    private static final MetaData INDEXED = MetaData.with(AuditMetadata.INDEXED_ON_APPEND, true);

    private final DataSource dataSource;
    private final Serializer serializer;

    public AuditedEventAppender(DataSource dataSource, @Qualifier("eventSerializer") Serializer serializer) {
        this.dataSource = dataSource;
        this.serializer = serializer;
    }

    /** Durable when it returns; all or nothing. */
    public void append(List<? extends EventMessage<?>> events) {
        write(events, List.of());
    }

    /**
     * Appends gateway decisions and grants their budget claims in the same statement (see
     * {@link #APPEND_WITH_CLAIMS}); durable when it returns, all or nothing. Answers the decisions that were denied
     * instead, each with the index (in its claim's limits) of the limit that denied it.
     */
    public Map<String, Integer> appendDecisions(List<? extends EventMessage<?>> events, List<SpendClaim> claims) {
        return write(events, claims);
    }

    private Map<String, Integer> write(List<? extends EventMessage<?>> events, List<SpendClaim> claims) {
        int size = events.size();
        String[] ids = new String[size];
        String[] timestamps = new String[size];
        String[] payloadTypes = new String[size];
        String[] revisions = new String[size];
        String[] payloads = new String[size];
        String[] metaData = new String[size];
        List<String[]> audited = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            EventMessage<?> event = events.get(i).andMetaData(INDEXED);
            SerializedObject<byte[]> payload = event.serializePayload(serializer, byte[].class);
            ids[i] = event.getIdentifier();
            timestamps[i] = DateTimeUtils.formatInstant(event.getTimestamp());
            payloadTypes[i] = payload.getType().getName();
            revisions[i] = payload.getType().getRevision();
            payloads[i] = new String(payload.getData(), StandardCharsets.UTF_8);
            metaData[i] = new String(event.serializeMetaData(serializer, byte[].class).getData(), StandardCharsets.UTF_8);
            if (event.getPayload() instanceof WorkspaceEvent workspaceEvent) {
                audited.add(new String[]{ids[i], workspaceEvent.workspaceId(),
                        workspaceEvent instanceof OrgScopedEvent scoped ? scoped.orgId() : null,
                        AuditEventTypes.eventTypeOf(workspaceEvent.getClass()),
                        Objects.requireNonNullElse(metaData(event, AuditMetadata.ACTOR_TYPE), ActorType.SYSTEM.name()),
                        metaData(event, AuditMetadata.ACTOR_ID)});
            }
        }
        for (int attempt = 1; ; attempt++) {
            try (Connection connection = dataSource.getConnection()) {
                connection.setAutoCommit(true);
                try (PreparedStatement statement = connection.prepareStatement(
                        claims.isEmpty() ? APPEND : APPEND_WITH_CLAIMS)) {
                    int parameter = claims.isEmpty() ? 1 : BudgetArbiter.bind(connection, statement, claims);
                    for (String[] column : List.of(ids, timestamps, payloadTypes, revisions)) {
                        statement.setArray(parameter++, connection.createArrayOf("varchar", column));
                    }
                    statement.setArray(parameter++, connection.createArrayOf("text", payloads));
                    statement.setArray(parameter++, connection.createArrayOf("text", metaData));
                    for (int column = 0; column < 6; column++) {
                        String[] values = new String[audited.size()];
                        for (int row = 0; row < values.length; row++) {
                            values[row] = audited.get(row)[column];
                        }
                        statement.setArray(parameter++, connection.createArrayOf("varchar", values));
                    }
                    if (claims.isEmpty()) {
                        statement.executeUpdate();
                        return Map.of();
                    }
                    Map<String, Integer> denied = new HashMap<>();
                    try (ResultSet rows = statement.executeQuery()) {
                        while (rows.next()) {
                            denied.put(rows.getString(1), rows.getInt(2));
                        }
                    }
                    return denied;
                }
            } catch (SQLException e) {
                // Two nodes creating the same new counter row can still deadlock; the statement is atomic, so retry.
                if (attempt < 3 && DEADLOCK.equals(e.getSQLState())) {
                    continue;
                }
                throw new IllegalStateException("could not append " + size + " events: " + e.getMessage(), e);
            }
        }
    }

    private static String metaData(EventMessage<?> message, String key) {
        Object value = message.getMetaData().get(key);
        return value == null ? null : value.toString();
    }
}
