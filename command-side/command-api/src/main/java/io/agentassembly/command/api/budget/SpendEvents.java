package io.agentassembly.command.api.budget;

import io.agentassembly.command.api.common.OrgScopedEvent;
import org.axonframework.serialization.Revision;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * Facts about spend against limits that belong to no aggregate (like the gateway's decisions): appended in the
 * transaction that records the usage which caused them.
 */
public final class SpendEvents {
    private SpendEvents() {
    }

    /** Where a limit sits in the envelope order global → org → team → agent. */
    public enum LimitTier {
        GLOBAL, ORG, TEAM, AGENT
    }

    /** What a limit counts: US dollars or tokens (input + output). */
    public enum LimitMetric {
        USD, TOKENS
    }

    /**
     * The use of one limit reached {@code thresholdPercent} of it in the window starting at {@code windowStart}.
     * Appended exactly once per limit, window and threshold, also with several app nodes (the alert outbox sends
     * one alert per such event). {@code limitKey} identifies the limit ({@code budget:<id>} for a budget,
     * {@code envelope:global:daily}, {@code envelope:org:<org>:monthly} for the policy envelopes); {@code budgetId}
     * and {@code budgetName} are null for envelopes; {@code scopeId} is the org id, {@code org/team} or agent key.
     */
    @Revision("1")
    public record BudgetThresholdReachedEvent(String workspaceId, String orgId, String limitKey, LimitTier tier,
                                              String scopeId, String budgetId, String budgetName,
                                              BudgetWindow window, Instant windowStart, String timezone,
                                              int thresholdPercent, LimitMetric metric, BigDecimal used,
                                              BigDecimal limit, BudgetAction action) implements OrgScopedEvent {
    }
}
