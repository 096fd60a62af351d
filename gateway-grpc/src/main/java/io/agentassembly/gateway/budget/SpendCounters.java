package io.agentassembly.gateway.budget;

import org.jooq.DSLContext;
import org.jooq.Record;
import org.springframework.transaction.support.TransactionTemplate;

import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the counters of the limits in force, and rebuilds them from the events: settled use from the audit log's
 * usage entries (the {@code AgentUsageRecorded} events, at the time they were recorded), reserved amounts from the
 * open reservations. After a rebuild the counters equal what the settlement and the decision statement had written,
 * so decisions are the same (docs/adr/0021). A rebuild is an operator action: usage recorded while it runs may be
 * counted once more or not at all, so run it while the workspace's agents are quiet. It writes lane 0 only.
 */
public class SpendCounters {

    /** Use of one limit in its current epoch. */
    public record Use(BigDecimal usedUsd, long usedTokens, BigDecimal reservedUsd, long reservedTokens) {
        public static final Use NONE = new Use(BigDecimal.ZERO, 0, BigDecimal.ZERO, 0);
    }

    private static final String USAGE = """
            select org_id, payload->>'team_id', payload->>'agent_key', occurred_at,
                   coalesce((payload->>'cost_usd')::numeric, 0), coalesce((payload->>'total_tokens')::bigint, 0)
            from audit_entry
            where workspace_id = ? and event_type = 'AgentUsageRecorded' and occurred_at >= ?
            """;

    private static final String RESERVED = """
            select k.limit_key, k.epoch_start, sum(r.amount_usd), sum(r.amount_tokens)
            from budget_reservation r, unnest(r.limit_keys, r.epoch_starts) as k(limit_key, epoch_start)
            where r.workspace_id = ?
            group by k.limit_key, k.epoch_start
            """;

    private final DSLContext dsl;
    private final BudgetBook book;
    private final TransactionTemplate transactions;
    private final Clock clock;

    public SpendCounters(DSLContext dsl, BudgetBook book, TransactionTemplate transactions, Clock clock) {
        this.dsl = dsl;
        this.book = book;
        this.transactions = transactions;
        this.clock = clock;
    }

    /** The use of each limit in its current epoch, by limit key. */
    public Map<String, Use> use(String workspaceId, List<SpendLimit> limits) {
        Instant now = clock.instant();
        List<String> keys = new ArrayList<>();
        List<Timestamp> epochs = new ArrayList<>();
        for (SpendLimit limit : limits) {
            keys.add(limit.key());
            epochs.add(Timestamp.from(limit.epoch(now).start()));
        }
        Map<String, Use> use = new LinkedHashMap<>();
        limits.forEach(limit -> use.put(limit.key(), Use.NONE));
        for (Record row : dsl.fetch("""
                select s.limit_key, sum(s.used_usd), sum(s.used_tokens), sum(s.reserved_usd), sum(s.reserved_tokens)
                from spend_counter s join unnest(?::varchar[], ?::timestamptz[]) as k(limit_key, epoch_start)
                     on k.limit_key = s.limit_key and k.epoch_start = s.epoch_start
                where s.workspace_id = ?
                group by s.limit_key""", keys.toArray(String[]::new), epochs.toArray(Timestamp[]::new),
                workspaceId)) {
            use.put(row.get(0, String.class), new Use(row.get(1, BigDecimal.class), row.get(2, Long.class),
                    row.get(3, BigDecimal.class), row.get(4, Long.class)));
        }
        return use;
    }

    /**
     * Recomputes the workspace's counters of the current epochs of {@code limits} (every limit in force for its
     * agents) from the events; answers how many counters it wrote.
     */
    public int rebuild(String workspaceId, List<SpendLimit> limits) {
        Instant now = clock.instant();
        Instant earliest = limits.stream().map(l -> l.epoch(now).start()).min(Instant::compareTo).orElse(now);
        Map<String, BigDecimal[]> sums = new HashMap<>();
        Integer written = transactions.execute(status -> {
            dsl.execute("delete from spend_counter where workspace_id = ?", workspaceId);
            try (var cursor = dsl.fetchLazy(USAGE, workspaceId, Timestamp.from(earliest))) {
                for (Record row : cursor) {
                    String org = row.get(0, String.class);
                    String team = row.get(1, String.class);
                    String agent = row.get(2, String.class);
                    Instant at = SpendSettlement.instant(row.get(3));
                    BigDecimal cost = row.get(4, BigDecimal.class);
                    long tokens = row.get(5, Long.class);
                    for (SpendLimit limit : limits) {
                        SpendLimit.Epoch epoch = limit.epoch(now);
                        if (!at.isBefore(epoch.start()) && at.isBefore(epoch.end()) && covers(limit, org, team, agent)) {
                            BigDecimal[] sum = sums.computeIfAbsent(limit.key() + "\n" + epoch.start(),
                                    k -> new BigDecimal[]{BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO});
                            sum[0] = sum[0].add(cost);
                            sum[1] = sum[1].add(BigDecimal.valueOf(tokens));
                        }
                    }
                }
            }
            for (Record row : dsl.fetch(RESERVED, workspaceId)) {
                BigDecimal[] sum = sums.computeIfAbsent(row.get(0, String.class) + "\n"
                                + SpendSettlement.instant(row.get(1)),
                        k -> new BigDecimal[]{BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO});
                sum[2] = sum[2].add(row.get(2, BigDecimal.class));
                sum[3] = sum[3].add(row.get(3, BigDecimal.class));
            }
            for (Map.Entry<String, BigDecimal[]> entry : sums.entrySet()) {
                String[] key = entry.getKey().split("\n", 2);
                BigDecimal[] sum = entry.getValue();
                dsl.execute("""
                        insert into spend_counter (workspace_id, limit_key, epoch_start, lane, used_usd, used_tokens,
                                                   reserved_usd, reserved_tokens)
                        values (?, ?, ?::timestamptz, 0, ?, ?, ?, ?)""", workspaceId, key[0], key[1], sum[0],
                        sum[1].longValueExact(), sum[2], sum[3].longValueExact());
            }
            return sums.size();
        });
        return written == null ? 0 : written;
    }

    private static boolean covers(SpendLimit limit, String org, String team, String agent) {
        return switch (limit.tier()) {
            case GLOBAL -> true;
            case ORG -> limit.scopeId().equals(org);
            case TEAM -> limit.scopeId().equals(WorkspaceLimits.teamKey(org, team));
            case AGENT -> limit.scopeId().equals(agent);
        };
    }
}
