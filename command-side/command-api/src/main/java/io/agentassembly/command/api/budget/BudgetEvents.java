package io.agentassembly.command.api.budget;

import io.agentassembly.command.api.common.OrgScopedEvent;
import org.axonframework.serialization.Revision;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/**
 * Events of the Budget aggregate. {@code orgId} is the org of the team or agent the budget caps, so the audit
 * log's org filter finds it. A window change takes effect at once: the new window starts at its own boundary and
 * spend of the old window is never carried into it.
 */
public final class BudgetEvents {
    private BudgetEvents() {
    }

    @Revision("1")
    public record BudgetCreatedEvent(String workspaceId, String orgId, String budgetId, String name,
                                     BudgetScope scope, String teamId, String agentKey, Long tokenLimit,
                                     BigDecimal costLimitUsd, BudgetWindow window, String timezone,
                                     BudgetAction action, List<Integer> thresholds) implements OrgScopedEvent {
    }

    @Revision("1")
    public record BudgetChangedEvent(String workspaceId, String orgId, String budgetId, String name,
                                     Long tokenLimit, BigDecimal costLimitUsd, BudgetWindow window, String timezone,
                                     BudgetAction action, List<Integer> thresholds) implements OrgScopedEvent {
    }

    @Revision("1")
    public record BudgetDeletedEvent(String workspaceId, String orgId, String budgetId) implements OrgScopedEvent {
    }

    /**
     * Spend before {@code resetAt} no longer counts against the budget in the window that contains it; the next
     * window starts from zero as usual.
     */
    @Revision("1")
    public record BudgetWindowResetEvent(String workspaceId, String orgId, String budgetId, Instant resetAt,
                                         String reason) implements OrgScopedEvent {
    }
}
