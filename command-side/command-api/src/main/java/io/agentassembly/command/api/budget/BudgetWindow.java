package io.agentassembly.command.api.budget;

/**
 * How long a budget's spend accumulates before it starts again from zero. Windows start at their boundary in
 * the budget's time zone: the hour, midnight, Monday 00:00, the first of the month.
 */
public enum BudgetWindow {
    HOURLY, DAILY, WEEKLY, MONTHLY
}
