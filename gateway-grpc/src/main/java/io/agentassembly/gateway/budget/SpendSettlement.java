package io.agentassembly.gateway.budget;

import io.agentassembly.command.api.budget.SpendEvents.BudgetThresholdReachedEvent;
import io.agentassembly.command.api.budget.SpendEvents.LimitMetric;
import io.agentassembly.command.api.common.ActorType;
import io.agentassembly.command.api.common.AuditMetadata;
import io.agentassembly.command.api.gateway.AgentAuditEvents.AgentEventReportedEvent;
import io.agentassembly.command.api.gateway.AgentAuditEvents.AgentUsageRecordedEvent;
import io.agentassembly.gateway.audit.ReportedEventJournal;
import io.agentassembly.gateway.decision.AgentPrincipal;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericEventMessage;
import org.jooq.DSLContext;
import org.jooq.Record;

import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Settles reported LLM usage against the limits, in the transaction that records the usage (docs/adr/0021): the
 * usage's reservation (the one of the same trace and span, else the agent's oldest) is deleted and released from
 * the counters it was held on, the actual cost and tokens are added to every limit that applies to the agent now
 * (in the epoch of the moment the report arrives: an agent cannot book usage into a past window), and each alert
 * threshold a limit's use reaches for the first time in its epoch is recorded once ({@code budget_threshold_reached})
 * with a {@link BudgetThresholdReachedEvent}, appended with the usage. It writes its own counter lanes, so it never
 * waits for a decision batch's commit. Two settlements committing at the same moment may each not see the other's
 * use; a threshold they cross together is then recorded with the next usage of that limit.
 */
public class SpendSettlement implements ReportedEventJournal.RecordingHook {

    private static final String TAKE_RESERVATION = """
            delete from budget_reservation where decision_id = (
                select decision_id from budget_reservation
                where agent_key = ?
                order by (trace_id = ? and span_id = ? and ? <> '') desc, reserved_at
                limit 1
                for update skip locked)
            returning amount_usd, amount_tokens, limit_keys, epoch_starts
            """;

    /**
     * Adds used and releases reserved in this connection's lane (lanes 9–16; decisions write 1–8), then answers the
     * use of every counter it touched summed over the lanes, as this transaction sees it.
     */
    static final String APPLY = """
            with d as (
                select * from unnest(?::varchar[], ?::timestamptz[], ?::numeric[], ?::bigint[], ?::numeric[], ?::bigint[])
                     as d(limit_key, epoch_start, used_usd, used_tokens, released_usd, released_tokens)
            )
            insert into spend_counter as s (workspace_id, limit_key, epoch_start, lane, used_usd, used_tokens,
                                            reserved_usd, reserved_tokens)
            select ?, d.limit_key, d.epoch_start, 9 + pg_backend_pid() % 8, d.used_usd, d.used_tokens,
                   -d.released_usd, -d.released_tokens
            from d
            order by d.limit_key, d.epoch_start
            on conflict (workspace_id, limit_key, epoch_start, lane) do update
                set used_usd = s.used_usd + excluded.used_usd, used_tokens = s.used_tokens + excluded.used_tokens,
                    reserved_usd = s.reserved_usd + excluded.reserved_usd,
                    reserved_tokens = s.reserved_tokens + excluded.reserved_tokens
            """;

    static final String USE = """
            select s.limit_key, s.epoch_start, sum(s.used_usd), sum(s.used_tokens)
            from spend_counter s join unnest(?::varchar[], ?::timestamptz[]) as k(limit_key, epoch_start)
                 on k.limit_key = s.limit_key and k.epoch_start = s.epoch_start
            where s.workspace_id = ?
            group by s.limit_key, s.epoch_start
            """;

    private static final String REACH_THRESHOLDS = """
            insert into budget_threshold_reached (workspace_id, limit_key, epoch_start, threshold_percent, reached_at)
            select ?, t.limit_key, t.epoch_start, t.threshold, ?::timestamptz from unnest(?::varchar[], ?::timestamptz[], ?::int[])
                 as t(limit_key, epoch_start, threshold)
            on conflict do nothing
            returning limit_key, epoch_start, threshold_percent
            """;

    private record CounterKey(String limitKey, Instant epochStart) implements Comparable<CounterKey> {
        @Override
        public int compareTo(CounterKey other) {
            int byKey = limitKey.compareTo(other.limitKey);
            return byKey != 0 ? byKey : epochStart.compareTo(other.epochStart);
        }
    }

    private static final class Delta {
        BigDecimal usedUsd = BigDecimal.ZERO;
        long usedTokens;
        BigDecimal releasedUsd = BigDecimal.ZERO;
        long releasedTokens;
    }

    private final BudgetGate gate;
    private final DSLContext dsl;
    private final Clock clock;

    public SpendSettlement(BudgetGate gate, DSLContext dsl, Clock clock) {
        this.gate = gate;
        this.dsl = dsl;
        this.clock = clock;
    }

    @Override
    public List<EventMessage<?>> recording(AgentPrincipal agent, List<EventMessage<?>> events) {
        List<AgentUsageRecordedEvent> usages = new ArrayList<>();
        Map<String, AgentEventReportedEvent> reports = new HashMap<>();
        for (EventMessage<?> event : events) {
            if (event.getPayload() instanceof AgentUsageRecordedEvent usage) {
                usages.add(usage);
            } else if (event.getPayload() instanceof AgentEventReportedEvent report) {
                reports.put(report.eventId(), report);
            }
        }
        if (usages.isEmpty()) {
            return List.of();
        }
        Instant now = clock.instant();
        List<SpendLimit> limits = gate.limitsOf(agent);
        Map<CounterKey, Delta> deltas = new TreeMap<>();
        for (AgentUsageRecordedEvent usage : usages) {
            release(agent, reports.get(usage.eventId()), deltas);
            BigDecimal cost = usage.costUsd() == null ? BigDecimal.ZERO : usage.costUsd();
            for (SpendLimit limit : limits) {
                Delta delta = deltas.computeIfAbsent(new CounterKey(limit.key(), limit.epoch(now).start()),
                        k -> new Delta());
                delta.usedUsd = delta.usedUsd.add(cost);
                delta.usedTokens += usage.totalTokens();
            }
        }
        if (deltas.isEmpty()) {
            return List.of();
        }
        Map<CounterKey, Record> use = apply(agent.workspaceId(), deltas);
        return thresholdsReached(agent, limits, use, now);
    }

    private void release(AgentPrincipal agent, AgentEventReportedEvent report, Map<CounterKey, Delta> deltas) {
        String trace = report == null || report.traceId() == null ? "" : report.traceId();
        String span = report == null || report.spanId() == null ? "" : report.spanId();
        Record reservation = dsl.fetchOptional(TAKE_RESERVATION, agent.agentKey(), trace, span, trace).orElse(null);
        if (reservation == null) {
            return;
        }
        BigDecimal usd = reservation.get(0, BigDecimal.class);
        long tokens = reservation.get(1, Long.class);
        String[] keys = reservation.get(2, String[].class);
        Object[] epochs = (Object[]) reservation.get(3);
        for (int i = 0; i < keys.length; i++) {
            Delta delta = deltas.computeIfAbsent(new CounterKey(keys[i], instant(epochs[i])), k -> new Delta());
            delta.releasedUsd = delta.releasedUsd.add(usd);
            delta.releasedTokens += tokens;
        }
    }

    private Map<CounterKey, Record> apply(String workspaceId, Map<CounterKey, Delta> deltas) {
        int n = deltas.size();
        String[] keys = new String[n];
        Timestamp[] epochs = new Timestamp[n];
        BigDecimal[] usedUsd = new BigDecimal[n];
        Long[] usedTokens = new Long[n];
        BigDecimal[] releasedUsd = new BigDecimal[n];
        Long[] releasedTokens = new Long[n];
        int i = 0;
        for (Map.Entry<CounterKey, Delta> entry : deltas.entrySet()) {
            keys[i] = entry.getKey().limitKey();
            epochs[i] = Timestamp.from(entry.getKey().epochStart());
            usedUsd[i] = entry.getValue().usedUsd;
            usedTokens[i] = entry.getValue().usedTokens;
            releasedUsd[i] = entry.getValue().releasedUsd;
            releasedTokens[i] = entry.getValue().releasedTokens;
            i++;
        }
        dsl.execute(APPLY, keys, epochs, usedUsd, usedTokens, releasedUsd, releasedTokens, workspaceId);
        Map<CounterKey, Record> use = new HashMap<>();
        for (Record row : dsl.fetch(USE, keys, epochs, workspaceId)) {
            use.put(new CounterKey(row.get(0, String.class), instant(row.get(1))), row);
        }
        return use;
    }

    private List<EventMessage<?>> thresholdsReached(AgentPrincipal agent, List<SpendLimit> limits,
                                                    Map<CounterKey, Record> use, Instant now) {
        List<String> keys = new ArrayList<>();
        List<Timestamp> epochs = new ArrayList<>();
        List<Integer> thresholds = new ArrayList<>();
        Map<String, Object[]> reached = new HashMap<>();
        for (SpendLimit limit : limits) {
            SpendLimit.Epoch epoch = limit.epoch(now);
            Record row = use.get(new CounterKey(limit.key(), epoch.start()));
            if (row == null) {
                continue;
            }
            BigDecimal usedUsd = row.get(2, BigDecimal.class);
            long usedTokens = row.get(3, Long.class);
            for (int threshold : limit.thresholds()) {
                LimitMetric metric = reachedBy(limit, usedUsd, usedTokens, threshold);
                if (metric != null) {
                    keys.add(limit.key());
                    epochs.add(Timestamp.from(epoch.start()));
                    thresholds.add(threshold);
                    reached.put(limit.key() + "#" + threshold, new Object[]{limit, epoch, metric,
                            metric == LimitMetric.USD ? usedUsd : BigDecimal.valueOf(usedTokens)});
                }
            }
        }
        if (keys.isEmpty()) {
            return List.of();
        }
        List<EventMessage<?>> events = new ArrayList<>();
        for (Record row : dsl.fetch(REACH_THRESHOLDS, agent.workspaceId(), OffsetDateTime.now(clock),
                keys.toArray(String[]::new), epochs.toArray(Timestamp[]::new), thresholds.toArray(Integer[]::new))) {
            int threshold = row.get(2, Integer.class);
            Object[] hit = reached.get(row.get(0, String.class) + "#" + threshold);
            SpendLimit limit = (SpendLimit) hit[0];
            SpendLimit.Epoch epoch = (SpendLimit.Epoch) hit[1];
            LimitMetric metric = (LimitMetric) hit[2];
            String orgId = switch (limit.tier()) {
                case GLOBAL -> null;
                default -> agent.orgId();
            };
            events.add(new GenericEventMessage<>(new BudgetThresholdReachedEvent(agent.workspaceId(), orgId,
                    limit.key(), limit.tier(), limit.scopeId(), limit.budgetId(), limit.budgetName(), limit.window(),
                    epoch.windowStart(), limit.zone().getId(), threshold, metric, (BigDecimal) hit[3],
                    metric == LimitMetric.USD ? limit.limitUsd() : BigDecimal.valueOf(limit.limitTokens()),
                    limit.action()), Map.of(AuditMetadata.ACTOR_TYPE, ActorType.SYSTEM.name())));
        }
        return events;
    }

    /** The metric by which the use reaches {@code threshold} percent of the limit, or null. */
    static LimitMetric reachedBy(SpendLimit limit, BigDecimal usedUsd, long usedTokens, int threshold) {
        BigDecimal percent = BigDecimal.valueOf(threshold);
        if (limit.limitUsd() != null && limit.limitUsd().signum() > 0
                && usedUsd.multiply(BigDecimal.valueOf(100)).compareTo(limit.limitUsd().multiply(percent)) >= 0) {
            return LimitMetric.USD;
        }
        if (limit.limitTokens() != null && limit.limitTokens() > 0
                && BigDecimal.valueOf(usedTokens).multiply(BigDecimal.valueOf(100))
                .compareTo(BigDecimal.valueOf(limit.limitTokens()).multiply(percent)) >= 0) {
            return LimitMetric.TOKENS;
        }
        return null;
    }

    static Instant instant(Object value) {
        if (value instanceof OffsetDateTime time) {
            return time.toInstant();
        }
        if (value instanceof Timestamp time) {
            return time.toInstant();
        }
        if (value instanceof Instant time) {
            return time;
        }
        throw new IllegalArgumentException("not a time: " + value);
    }
}
