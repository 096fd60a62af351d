package io.agentassembly.command.api.budget;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.math.BigDecimal;
import java.util.List;

/**
 * Commands of the Budget aggregate (id {@code bud-<uuid>}). Every command carries the caller's workspace, which
 * must be the budget's (otherwise BUDGET_NOT_FOUND). A budget has a token limit (input + output tokens), a cost
 * limit in USD (exact decimal, at most 6 places), or both; {@code thresholds} are the percentages at which an
 * alert is sent (default 80 and 100); {@code timezone} is an IANA zone id (default UTC).
 */
public final class BudgetCommands {
    private BudgetCommands() {
    }

    /** TEAM scope names {@code orgId} and {@code teamId}; AGENT scope names {@code agentKey} (org and team are its). */
    public record CreateBudgetCommand(@TargetAggregateIdentifier String budgetId, String workspaceId, String name,
                                      BudgetScope scope, String orgId, String teamId, String agentKey,
                                      Long tokenLimit, BigDecimal costLimitUsd, BudgetWindow window,
                                      String timezone, BudgetAction action, List<Integer> thresholds) {
    }

    /** Changes the limits, window, zone, action and thresholds; the scope of a budget never changes. */
    public record ChangeBudgetCommand(@TargetAggregateIdentifier String budgetId, String workspaceId, String name,
                                      Long tokenLimit, BigDecimal costLimitUsd, BudgetWindow window,
                                      String timezone, BudgetAction action, List<Integer> thresholds) {
    }

    public record DeleteBudgetCommand(@TargetAggregateIdentifier String budgetId, String workspaceId) {
    }

    /** Owners only: the current window's spend no longer counts against this budget (audited with the reason). */
    public record ResetBudgetWindowCommand(@TargetAggregateIdentifier String budgetId, String workspaceId,
                                           String reason) {
    }
}
