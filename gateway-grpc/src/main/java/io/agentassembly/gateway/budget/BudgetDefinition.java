package io.agentassembly.gateway.budget;

import io.agentassembly.command.api.budget.BudgetAction;
import io.agentassembly.command.api.budget.BudgetScope;
import io.agentassembly.command.api.budget.BudgetWindow;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/**
 * A budget as the gateway enforces it. {@code countsFrom}: spend before this instant does not count in the window
 * that contains it (the budget's last window or time zone change, or last reset); null when the whole window counts.
 */
public record BudgetDefinition(String budgetId, String name, BudgetScope scope, String orgId, String teamId,
                               String agentKey, Long tokenLimit, BigDecimal costLimitUsd, BudgetWindow window,
                               String timezone, BudgetAction action, List<Integer> thresholds, Instant countsFrom) {
}
