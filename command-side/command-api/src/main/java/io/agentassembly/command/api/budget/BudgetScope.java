package io.agentassembly.command.api.budget;

import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Locale;

/** What a budget caps: one team of an org ({@code orgId} + {@code teamId}) or one agent ({@code agentKey}). */
public enum BudgetScope {
    TEAM, AGENT;

    /** The JSON form (REST and stored events): the name in lower case, e.g. {@code daily}. */
    @JsonValue
    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }
}
