package io.agentassembly.command.api.budget;

import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Locale;

/**
 * What happens to an action once a limit is used up. DENY: the action is denied ({@code BUDGET_EXCEEDED}).
 * ALERT: the action is allowed and the threshold alerts are sent. SUSPEND (policy envelopes only, as upstream
 * writes it): denied, and the agent is suspended.
 */
public enum BudgetAction {
    DENY, ALERT, SUSPEND;

    /** The JSON form (REST and stored events): the name in lower case, e.g. {@code daily}. */
    @JsonValue
    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }
}
