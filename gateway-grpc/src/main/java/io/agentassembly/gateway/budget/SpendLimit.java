package io.agentassembly.gateway.budget;

import io.agentassembly.command.api.budget.BudgetAction;
import io.agentassembly.command.api.budget.BudgetWindow;
import io.agentassembly.command.api.budget.BudgetWindows;
import io.agentassembly.command.api.budget.SpendEvents.LimitTier;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Locale;

/**
 * One limit in force: a policy envelope (global, per org, per team) or a budget. Its spend is counted per epoch:
 * from the start of the window that contains the moment, or from {@code countsFrom} when that is later (the budget
 * was created, its window changed or it was reset during the window). The current epoch and the reason a denial
 * gives are computed once per epoch, not per decision.
 *
 * @param key        {@code envelope:global:daily}, {@code envelope:org:<org>:monthly},
 *                   {@code envelope:team:<org>/<team>:daily} or {@code budget:<id>}
 * @param scopeId    the org id, {@code org/team}, agent key, or {@code workspace} for the global envelope
 * @param thresholds alert percentages, ascending
 */
public record SpendLimit(String key, LimitTier tier, String scopeId, BudgetWindow window, ZoneId zone,
                         BigDecimal limitUsd, Long limitTokens, BudgetAction action, String budgetId,
                         String budgetName, List<Integer> thresholds, Instant countsFrom, EpochCache epochs) {

    public SpendLimit {
        thresholds = List.copyOf(thresholds);
        epochs = epochs == null ? new EpochCache() : epochs;
    }

    public SpendLimit(String key, LimitTier tier, String scopeId, BudgetWindow window, ZoneId zone,
                      BigDecimal limitUsd, Long limitTokens, BudgetAction action, String budgetId, String budgetName,
                      List<Integer> thresholds, Instant countsFrom) {
        this(key, tier, scopeId, window, zone, limitUsd, limitTokens, action, budgetId, budgetName, thresholds,
                countsFrom, null);
    }

    /** Whether a used-up limit denies the action (deny, suspend) rather than only alerting. */
    public boolean enforced() {
        return action != BudgetAction.ALERT;
    }

    /** Monthly before weekly before daily before hourly: the order limits of one tier are checked in. */
    public int windowRank() {
        return BudgetWindow.values().length - window.ordinal();
    }

    public Epoch epoch(Instant now) {
        Epoch epoch = epochs.current;
        if (epoch != null && !now.isBefore(epoch.start) && now.isBefore(epoch.end)) {
            return epoch;
        }
        Instant windowStart = BudgetWindows.start(window, now, zone);
        Instant end = BudgetWindows.next(window, windowStart, zone);
        Instant start = countsFrom != null && countsFrom.isAfter(windowStart) ? countsFrom : windowStart;
        epoch = new Epoch(windowStart, start, end, denyReason(windowStart));
        epochs.current = epoch;
        return epoch;
    }

    /**
     * Starts with the upstream gateway's words ("daily budget exceeded", "monthly budget exceeded") so SDKs that
     * match on them keep working, then names tier, scope, window and limit.
     */
    private String denyReason(Instant windowStart) {
        String windowName = window.name().toLowerCase(Locale.ROOT);
        StringBuilder reason = new StringBuilder(windowName).append(" budget exceeded: ")
                .append(tier.name().toLowerCase(Locale.ROOT)).append(' ').append(scopeId);
        if (budgetName != null) {
            reason.append(" (budget '").append(budgetName).append("' ").append(budgetId).append(')');
        }
        reason.append(", ").append(windowName).append(" limit ");
        if (limitUsd != null) {
            reason.append(limitUsd.stripTrailingZeros().toPlainString()).append(" USD");
        }
        if (limitTokens != null) {
            reason.append(limitUsd != null ? " / " : "").append(limitTokens).append(" tokens");
        }
        return reason.append(" in the window from ").append(windowStart).append(" (").append(zone.getId())
                .append(')').toString();
    }

    /**
     * @param windowStart where the window begins
     * @param start       where this limit's counting begins (the window start or a later reset)
     * @param end         where the window ends
     */
    public record Epoch(Instant windowStart, Instant start, Instant end, String denyReason) {
    }

    /** The last epoch computed; shared by copies of the limit, replaced (never mutated) when the window moves on. */
    public static final class EpochCache {
        volatile Epoch current;

        @Override
        public boolean equals(Object other) {
            return other instanceof EpochCache;
        }

        @Override
        public int hashCode() {
            return 0;
        }
    }
}
