package io.agentassembly.command.api.budget;

/** What a budget caps: one team of an org ({@code orgId} + {@code teamId}) or one agent ({@code agentKey}). */
public enum BudgetScope {
    TEAM, AGENT
}
