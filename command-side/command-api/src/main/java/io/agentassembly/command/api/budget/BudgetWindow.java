package io.agentassembly.command.api.budget;

import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Locale;

/**
 * How long a budget's spend accumulates before it starts again from zero. Windows start at their boundary in
 * the budget's time zone: the hour, midnight, Monday 00:00, the first of the month.
 */
public enum BudgetWindow {
    HOURLY, DAILY, WEEKLY, MONTHLY;

    /** The JSON form (REST and stored events): the name in lower case, e.g. {@code daily}. */
    @JsonValue
    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }
}
