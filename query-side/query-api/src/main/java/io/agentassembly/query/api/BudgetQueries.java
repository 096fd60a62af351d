package io.agentassembly.query.api;

import io.agentassembly.command.api.budget.BudgetAction;
import io.agentassembly.command.api.budget.BudgetScope;
import io.agentassembly.command.api.budget.BudgetWindow;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/** Budgets of a workspace: spending limits of teams and agents. */
public final class BudgetQueries {
    private BudgetQueries() {
    }

    /** The largest page, as the audit log's. */
    public static final int MAX_PAGE_SIZE = AuditQueries.MAX_PAGE_SIZE;

    /**
     * One page of a workspace's budgets, newest first (ties by id). Each filter narrows when given: {@code orgId}
     * and {@code teamId} match team and agent budgets alike (an agent budget has its agent's org and team),
     * {@code agentKey} agent budgets, {@code scope} one kind. {@code after} is the cursor (exclusive), the last
     * budget of the previous page. Answers {@link BudgetPage}.
     */
    public record ListBudgetsQuery(String workspaceId, String orgId, String teamId, String agentKey, BudgetScope scope,
                                   BudgetPosition after, int perPage) {
    }

    /** Where a budget stands in the newest-first order. */
    public record BudgetPosition(Instant createdAt, String budgetId) {
    }

    /** {@code next} is the last budget of the page when another page follows, null on the last page. */
    public record BudgetPage(List<BudgetView> entries, BudgetPosition next) {
    }

    /** Answers {@code Optional<BudgetView>}; empty for another workspace's or a deleted budget. */
    public record FindBudgetQuery(String workspaceId, String budgetId) {
    }

    /**
     * A budget. {@code orgId} and {@code teamId}: the team's, or for an agent budget its agent's;
     * {@code agentKey} only for agent budgets. {@code costLimitUsd} is exact (at most 6 decimal places, no trailing
     * zeros); {@code thresholds} ascending percentages. {@code countedFrom}: spend before it does not count in the
     * window that contains it (set by a reset and by a change of window or time zone; null when the whole window
     * counts); {@code lastResetAt} and {@code lastResetReason} describe the last reset.
     */
    public record BudgetView(String budgetId, String name, BudgetScope scope, String orgId, String teamId,
                             String agentKey, Long tokenLimit, BigDecimal costLimitUsd, BudgetWindow window,
                             String timezone, BudgetAction action, List<Integer> thresholds, Instant countedFrom,
                             Instant lastResetAt, String lastResetReason, Instant createdAt, Instant updatedAt) {
    }
}
