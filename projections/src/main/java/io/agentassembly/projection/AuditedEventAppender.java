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
import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.Timestamp;
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
    private static final String APPEND_WITH_CLAIMS = """
            with lim as (
                select * from unnest(?::varchar[], ?::varchar[], ?::timestamptz[], ?::numeric[], ?::bigint[],
                                     ?::boolean[], ?::text[])
                     with ordinality as l(workspace_id, limit_key, epoch_start, limit_usd, limit_tokens, enforced,
                                          reason, idx)
            ),
            dec as (
                select * from unnest(?::varchar[], ?::varchar[], ?::varchar[], ?::varchar[], ?::varchar[],
                                     ?::numeric[], ?::bigint[], ?::timestamptz[], ?::timestamptz[])
                     with ordinality as d(decision_id, workspace_id, agent_key, trace_id, span_id, amount_usd,
                                          amount_tokens, reserved_at, expires_at, idx)
            ),
            claim as (
                select d.decision_id, x.ord, l.workspace_id, l.limit_key, l.epoch_start, l.limit_usd, l.limit_tokens,
                       l.enforced, l.reason, d.amount_usd, d.amount_tokens
                from unnest(?::int[], ?::int[], ?::int[]) as x(decision, lim, ord)
                join dec d on d.idx = x.decision
                join lim l on l.idx = x.lim
            ),
            taken as (
                select s.workspace_id, s.limit_key, s.epoch_start, sum(s.used_usd + s.reserved_usd) as taken_usd,
                       sum(s.used_tokens + s.reserved_tokens) as taken_tokens
                from spend_counter s
                where (s.workspace_id, s.limit_key, s.epoch_start) in
                      (select l.workspace_id, l.limit_key, l.epoch_start from lim l)
                group by s.workspace_id, s.limit_key, s.epoch_start
            ),
            denied as (
                select distinct on (c.decision_id) c.decision_id, c.ord, c.limit_key, c.reason
                from claim c
                left join taken k on k.workspace_id = c.workspace_id and k.limit_key = c.limit_key
                                 and k.epoch_start = c.epoch_start
                where c.enforced
                  and ((c.limit_usd is not null and coalesce(k.taken_usd, 0) >= c.limit_usd)
                    or (c.limit_tokens is not null and coalesce(k.taken_tokens, 0) >= c.limit_tokens))
                order by c.decision_id, c.ord
            ),
            reserved as (
                insert into spend_counter as s (workspace_id, limit_key, epoch_start, lane, reserved_usd,
                                                reserved_tokens)
                select c.workspace_id, c.limit_key, c.epoch_start, 1 + pg_backend_pid() % 8, sum(c.amount_usd),
                       sum(c.amount_tokens)
                from claim c
                where (c.amount_usd > 0 or c.amount_tokens > 0)
                  and not exists (select 1 from denied d where d.decision_id = c.decision_id)
                group by c.workspace_id, c.limit_key, c.epoch_start
                order by c.workspace_id, c.limit_key, c.epoch_start
                on conflict (workspace_id, limit_key, epoch_start, lane) do update
                    set reserved_usd = s.reserved_usd + excluded.reserved_usd,
                        reserved_tokens = s.reserved_tokens + excluded.reserved_tokens
            ),
            held as (
                insert into budget_reservation (decision_id, workspace_id, agent_key, trace_id, span_id, amount_usd,
                                                amount_tokens, limit_keys, epoch_starts, reserved_at, expires_at)
                select d.decision_id, d.workspace_id, d.agent_key, d.trace_id, d.span_id, d.amount_usd,
                       d.amount_tokens, array_agg(c.limit_key order by c.ord), array_agg(c.epoch_start order by c.ord),
                       d.reserved_at, d.expires_at
                from dec d join claim c on c.decision_id = d.decision_id
                where (d.amount_usd > 0 or d.amount_tokens > 0)
                  and not exists (select 1 from denied x where x.decision_id = d.decision_id)
                group by d.decision_id, d.workspace_id, d.agent_key, d.trace_id, d.span_id, d.amount_usd,
                         d.amount_tokens, d.reserved_at, d.expires_at
            ),
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
                    int parameter = claims.isEmpty() ? 1 : bindClaims(connection, statement, claims);
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

    /**
     * Binds the claims as three relations: the distinct limits of the batch (with the reason a denial by each gives),
     * the claiming decisions (with their reservations), and which decision claims which limit in what order. Claims of
     * one batch mostly share their limits, so each limit's text is sent once per batch, not once per decision.
     */
    private static int bindClaims(Connection connection, PreparedStatement statement, List<SpendClaim> claims)
            throws SQLException {
        Map<String, Integer> limitIndex = new HashMap<>();
        List<String> workspace = new ArrayList<>();
        List<SpendClaim.ClaimedLimit> limits = new ArrayList<>();
        int rows = claims.stream().mapToInt(c -> c.limits().size()).sum();
        Integer[] claimDecision = new Integer[rows];
        Integer[] claimLimit = new Integer[rows];
        Integer[] claimOrd = new Integer[rows];
        int row = 0;
        for (int d = 0; d < claims.size(); d++) {
            SpendClaim claim = claims.get(d);
            for (int i = 0; i < claim.limits().size(); i++, row++) {
                SpendClaim.ClaimedLimit limit = claim.limits().get(i);
                String key = claim.workspaceId() + '\n' + limit.limitKey() + '\n' + limit.epochStart();
                Integer index = limitIndex.get(key);
                if (index == null) {
                    workspace.add(claim.workspaceId());
                    limits.add(limit);
                    index = limits.size();
                    limitIndex.put(key, index);
                }
                claimDecision[row] = d + 1;
                claimLimit[row] = index;
                claimOrd[row] = i;
            }
        }
        int l = limits.size();
        String[] keys = new String[l];
        Timestamp[] epochs = new Timestamp[l];
        BigDecimal[] limitUsd = new BigDecimal[l];
        Long[] limitTokens = new Long[l];
        Boolean[] enforced = new Boolean[l];
        String[] reasons = new String[l];
        for (int i = 0; i < l; i++) {
            SpendClaim.ClaimedLimit limit = limits.get(i);
            keys[i] = limit.limitKey();
            epochs[i] = Timestamp.from(limit.epochStart());
            limitUsd[i] = limit.limitUsd();
            limitTokens[i] = limit.limitTokens();
            enforced[i] = limit.enforced();
            reasons[i] = limit.denyReason();
        }
        int n = claims.size();
        String[] ids = new String[n];
        String[] workspaces = new String[n];
        String[] agents = new String[n];
        String[] traces = new String[n];
        String[] spans = new String[n];
        BigDecimal[] usd = new BigDecimal[n];
        Long[] tokens = new Long[n];
        Timestamp[] reservedAt = new Timestamp[n];
        Timestamp[] expiresAt = new Timestamp[n];
        for (int i = 0; i < n; i++) {
            SpendClaim claim = claims.get(i);
            ids[i] = claim.decisionEventId();
            workspaces[i] = claim.workspaceId();
            agents[i] = claim.agentKey();
            traces[i] = claim.traceId();
            spans[i] = claim.spanId();
            usd[i] = claim.amountUsd();
            tokens[i] = claim.amountTokens();
            reservedAt[i] = Timestamp.from(claim.reservedAt());
            expiresAt[i] = Timestamp.from(claim.expiresAt());
        }
        int p = 1;
        statement.setArray(p++, connection.createArrayOf("varchar", workspace.toArray()));
        statement.setArray(p++, connection.createArrayOf("varchar", keys));
        statement.setArray(p++, connection.createArrayOf("timestamptz", epochs));
        statement.setArray(p++, connection.createArrayOf("numeric", limitUsd));
        statement.setArray(p++, connection.createArrayOf("int8", limitTokens));
        statement.setArray(p++, connection.createArrayOf("bool", enforced));
        statement.setArray(p++, connection.createArrayOf("text", reasons));
        statement.setArray(p++, connection.createArrayOf("varchar", ids));
        statement.setArray(p++, connection.createArrayOf("varchar", workspaces));
        statement.setArray(p++, connection.createArrayOf("varchar", agents));
        statement.setArray(p++, connection.createArrayOf("varchar", traces));
        statement.setArray(p++, connection.createArrayOf("varchar", spans));
        statement.setArray(p++, connection.createArrayOf("numeric", usd));
        statement.setArray(p++, connection.createArrayOf("int8", tokens));
        statement.setArray(p++, connection.createArrayOf("timestamptz", reservedAt));
        statement.setArray(p++, connection.createArrayOf("timestamptz", expiresAt));
        statement.setArray(p++, connection.createArrayOf("int4", claimDecision));
        statement.setArray(p++, connection.createArrayOf("int4", claimLimit));
        statement.setArray(p++, connection.createArrayOf("int4", claimOrd));
        return p;
    }

    private static String metaData(EventMessage<?> message, String key) {
        Object value = message.getMetaData().get(key);
        return value == null ? null : value.toString();
    }
}
