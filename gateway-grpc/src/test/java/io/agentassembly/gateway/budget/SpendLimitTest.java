package io.agentassembly.gateway.budget;

import io.agentassembly.command.api.budget.BudgetAction;
import io.agentassembly.command.api.budget.BudgetWindow;
import io.agentassembly.command.api.budget.SpendEvents.LimitMetric;
import io.agentassembly.command.api.budget.SpendEvents.LimitTier;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class SpendLimitTest {

    private static SpendLimit daily(Instant countsFrom, String zone) {
        return new SpendLimit("budget:bud-1", LimitTier.TEAM, "org-a/team-1", BudgetWindow.DAILY, ZoneId.of(zone),
                new BigDecimal("25.00"), 1000L, BudgetAction.DENY, "bud-1", "research", List.of(80, 100), countsFrom);
    }

    @Test
    void theEpochMovesOnAtTheWindowBoundaryAndTheReasonNamesTheNewWindow() {
        SpendLimit limit = daily(null, "UTC");
        SpendLimit.Epoch before = limit.epoch(Instant.parse("2026-12-07T23:59:59Z"));
        SpendLimit.Epoch after = limit.epoch(Instant.parse("2026-12-08T00:00:00Z"));
        assertThat(before.start()).isEqualTo("2026-12-07T00:00:00Z");
        assertThat(after.start()).isEqualTo("2026-12-08T00:00:00Z");
        assertThat(after.denyReason()).isEqualTo("daily budget exceeded: team org-a/team-1 (budget 'research' bud-1), "
                + "daily limit 25 USD / 1000 tokens in the window from 2026-12-08T00:00:00Z (UTC)");
        assertThat(limit.epoch(Instant.parse("2026-12-07T12:00:00Z")).start()).as("and back, for a late caller")
                .isEqualTo("2026-12-07T00:00:00Z");
    }

    @Test
    void aResetOrWindowChangeDuringTheWindowStartsCountingAnewAndTheNextWindowStartsAtItsBoundary() {
        SpendLimit limit = daily(Instant.parse("2026-12-07T15:30:00Z"), "Europe/Dublin");
        assertThat(limit.epoch(Instant.parse("2026-12-07T16:00:00Z")).start()).isEqualTo("2026-12-07T15:30:00Z");
        assertThat(limit.epoch(Instant.parse("2026-12-07T16:00:00Z")).windowStart()).isEqualTo("2026-12-07T00:00:00Z");
        assertThat(limit.epoch(Instant.parse("2026-12-08T01:00:00Z")).start()).isEqualTo("2026-12-08T00:00:00Z");
    }

    @Test
    void aThresholdIsReachedByWhicheverMetricGetsThereFirst() {
        SpendLimit limit = daily(null, "UTC");
        assertThat(SpendSettlement.reachedBy(limit, new BigDecimal("19.99"), 799, 80)).isNull();
        assertThat(SpendSettlement.reachedBy(limit, new BigDecimal("20.00"), 0, 80)).isEqualTo(LimitMetric.USD);
        assertThat(SpendSettlement.reachedBy(limit, BigDecimal.ZERO, 800, 80)).isEqualTo(LimitMetric.TOKENS);
        assertThat(SpendSettlement.reachedBy(limit, new BigDecimal("24.999999"), 999, 100)).isNull();
    }
}
