package io.agentassembly.query.api;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/**
 * Spend of a workspace (tokens and USD of recorded LLM calls), from the hourly spend read model: a period is the
 * UTC hours that start in it. Every query is scoped by its workspace; {@code orgId}, {@code teamId} and
 * {@code agentKey} narrow it when given.
 */
public final class SpendQueries {
    private SpendQueries() {
    }

    /** How spend is grouped: one total for the workspace, or per org, per team (org + team) or per agent. */
    public enum SpendGrouping {
        WORKSPACE, ORG, TEAM, AGENT
    }

    /** Answers {@code List<SpendTotal>}: one per group with spend in [{@code from}, {@code to}), ordered by its keys. */
    public record SpendTotalsQuery(String workspaceId, String orgId, String teamId, String agentKey,
                                   SpendGrouping grouping, Instant from, Instant to) {
    }

    /**
     * Answers {@code List<SpendDay>}: per group and period with spend, where the periods are consecutive, from
     * {@code boundaries[i]} (inclusive) to {@code boundaries[i + 1]} (exclusive); {@code period} is i.
     */
    public record SpendSeriesQuery(String workspaceId, String orgId, String teamId, String agentKey,
                                   SpendGrouping grouping, List<Instant> boundaries) {
    }

    /** The keys of a group (null where the grouping does not use them) and its totals. */
    public record SpendTotal(String orgId, String teamId, String agentKey, String agentId, Spend spend) {
    }

    public record SpendDay(String orgId, String teamId, String agentKey, String agentId, int period, Spend spend) {
    }

    /** {@code unpricedCalls}: calls the price table had no price for (they cost 0 here). */
    public record Spend(long promptTokens, long completionTokens, BigDecimal costUsd, long calls, long unpricedCalls) {

        public static final Spend NONE = new Spend(0, 0, BigDecimal.ZERO, 0, 0);

        public long totalTokens() {
            return promptTokens + completionTokens;
        }
    }
}
