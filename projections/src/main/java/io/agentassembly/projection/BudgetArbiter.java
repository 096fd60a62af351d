package io.agentassembly.projection;

import io.agentassembly.command.api.budget.SpendClaim;

import javax.sql.DataSource;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Grants or refuses budget claims in the database (docs/adr/0021): {@link #CLAIMS} are the common table expressions
 * that read each claimed limit's use (the sum of its lanes), find the claims one of whose enforced limits is used up
 * ({@code denied}: the first such limit in envelope order decides), and reserve the others in this connection's lane
 * and in {@code budget_reservation}. With the JDBC event store they open the statement that writes the decisions
 * ({@link AuditedEventAppender}), so a refused decision is written as a DENY by the same statement; with Axon Server
 * {@link #arbitrate} runs them alone before the decisions are appended through Axon's API.
 */
public class BudgetArbiter {

    static final String CLAIMS = """
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
            """;

    private static final String ARBITRATE = CLAIMS.substring(0, CLAIMS.lastIndexOf(',')) + """

            select d.decision_id, d.ord from denied d
            """;

    private final DataSource dataSource;

    public BudgetArbiter(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * Grants or refuses the claims in one statement (autocommit): the reservations of the granted ones are durable
     * when it returns. Answers the refused decisions' event identifiers with the index of the deciding limit.
     */
    public Map<String, Integer> arbitrate(List<SpendClaim> claims) {
        if (claims.isEmpty()) {
            return Map.of();
        }
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(true);
            try (PreparedStatement statement = connection.prepareStatement(ARBITRATE)) {
                bind(connection, statement, claims);
                Map<String, Integer> denied = new HashMap<>();
                try (ResultSet rows = statement.executeQuery()) {
                    while (rows.next()) {
                        denied.put(rows.getString(1), rows.getInt(2));
                    }
                }
                return denied;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not arbitrate " + claims.size() + " budget claims: "
                    + e.getMessage(), e);
        }
    }

    /**
     * Binds the claims as three relations: the distinct limits of the batch (with the reason a denial by each gives),
     * the claiming decisions (with their reservations), and which decision claims which limit in what order. Claims of
     * one batch mostly share their limits, so each limit's text is sent once per batch, not once per decision.
     */
    static int bind(Connection connection, PreparedStatement statement, List<SpendClaim> claims)
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

}
