package io.agentassembly.command.domain.budget;

import io.agentassembly.command.api.agent.AgentIdentity;
import io.agentassembly.command.api.budget.BudgetCommands.ChangeBudgetCommand;
import io.agentassembly.command.api.budget.BudgetCommands.CreateBudgetCommand;
import io.agentassembly.command.api.budget.BudgetCommands.DeleteBudgetCommand;
import io.agentassembly.command.api.budget.BudgetCommands.ResetBudgetWindowCommand;
import io.agentassembly.command.api.budget.BudgetEvents.BudgetChangedEvent;
import io.agentassembly.command.api.budget.BudgetEvents.BudgetCreatedEvent;
import io.agentassembly.command.api.budget.BudgetEvents.BudgetDeletedEvent;
import io.agentassembly.command.api.budget.BudgetEvents.BudgetWindowResetEvent;
import io.agentassembly.command.api.budget.BudgetIds;
import io.agentassembly.command.api.budget.BudgetScope;
import io.agentassembly.command.api.common.DomainException;
import io.agentassembly.command.api.common.ErrorCode;
import io.agentassembly.command.domain.budget.BudgetRules.Settings;
import io.agentassembly.command.domain.common.DomainClock;
import io.agentassembly.command.domain.common.Require;
import io.agentassembly.command.domain.store.AgentLookup;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.spring.stereotype.Aggregate;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * A spending limit of one team ({@code org_id} + {@code team_id}) or one agent ({@code agent_key}) of a workspace,
 * id {@code bud-<uuid>}: a token limit (input + output), a cost limit in USD (exact, at most 6 decimal places) or
 * both, per hourly, daily, weekly or monthly window in a time zone; deny or alert when used up; alert thresholds
 * in percent. An agent budget takes its org and team from the agent, registered in the workspace when the budget
 * is created. The scope never changes; everything else can. Deleted budgets are gone for every command.
 * <pre>
 * create ─▶ live ─change (only when something differs)─▶ live
 *           live ─reset (Owners; the window's spend so far stops counting)─▶ live
 *           live ─delete─▶ deleted
 * </pre>
 */
@Aggregate
public class Budget {

    @AggregateIdentifier
    private String budgetId;
    private String workspaceId;
    private String orgId;
    private Settings settings;
    private boolean deleted;

    protected Budget() {
    }

    @CommandHandler
    public Budget(CreateBudgetCommand command, AgentLookup agents) {
        if (!BudgetIds.isBudgetId(command.budgetId())) {
            throw Require.invalid("budgetId", "budgetId must be bud-<uuid>");
        }
        String workspace = Require.text(command.workspaceId(), "workspaceId", 64);
        BudgetScope scope = Require.present(command.scope(), "scope");
        String org;
        String team;
        String agentKey;
        if (scope == BudgetScope.TEAM) {
            org = BudgetRules.triplePart(command.orgId(), "orgId");
            team = BudgetRules.triplePart(command.teamId(), "teamId");
            if (command.agentKey() != null) {
                throw Require.invalid("agentKey", "agentKey is not part of a team budget; leave it out or use "
                        + "scope agent");
            }
            agentKey = null;
        } else {
            if (command.orgId() != null) {
                throw Require.invalid("orgId", "orgId is not given for an agent budget: it is the agent's");
            }
            if (command.teamId() != null) {
                throw Require.invalid("teamId", "teamId is not given for an agent budget: it is the agent's");
            }
            agentKey = Require.text(command.agentKey(), "agentKey", 64);
            AgentIdentity agent = agents.find(workspace, agentKey).orElseThrow(() -> new DomainException(
                    ErrorCode.AGENT_NOT_FOUND, "agentKey", "agent " + agentKey
                    + " is not registered in this workspace; check the agent key"));
            org = agent.orgId();
            team = agent.teamId();
        }
        Settings checked = BudgetRules.settings(command.name(), command.tokenLimit(), command.costLimitUsd(),
                command.window(), command.timezone(), command.action(), command.thresholds());
        apply(new BudgetCreatedEvent(workspace, org, command.budgetId(), checked.name(), scope, team, agentKey,
                checked.tokenLimit(), checked.costLimitUsd(), checked.window(), checked.timezone(), checked.action(),
                checked.thresholds()));
    }

    /** Idempotent: a change to what the budget already is appends nothing. */
    @CommandHandler
    public void handle(ChangeBudgetCommand command) {
        requireLive(command.workspaceId());
        Settings changed = BudgetRules.settings(command.name(), command.tokenLimit(), command.costLimitUsd(),
                command.window(), command.timezone(), command.action(), command.thresholds());
        if (!changed.equals(settings)) {
            apply(new BudgetChangedEvent(workspaceId, orgId, budgetId, changed.name(), changed.tokenLimit(),
                    changed.costLimitUsd(), changed.window(), changed.timezone(), changed.action(),
                    changed.thresholds()));
        }
    }

    @CommandHandler
    public void handle(DeleteBudgetCommand command) {
        requireLive(command.workspaceId());
        apply(new BudgetDeletedEvent(workspaceId, orgId, budgetId));
    }

    @CommandHandler
    public void handle(ResetBudgetWindowCommand command) {
        requireLive(command.workspaceId());
        String reason = Require.text(command.reason(), "reason", BudgetRules.REASON_MAX);
        apply(new BudgetWindowResetEvent(workspaceId, orgId, budgetId, DomainClock.now(), reason));
    }

    private void requireLive(String callerWorkspaceId) {
        if (!workspaceId.equals(callerWorkspaceId) || deleted) {
            throw new DomainException(ErrorCode.BUDGET_NOT_FOUND, "budgetId", "budget not found; check the budget id");
        }
    }

    @EventSourcingHandler
    void on(BudgetCreatedEvent event) {
        budgetId = event.budgetId();
        workspaceId = event.workspaceId();
        orgId = event.orgId();
        settings = new Settings(event.name(), event.tokenLimit(), event.costLimitUsd(), event.window(),
                event.timezone(), event.action(), event.thresholds());
    }

    @EventSourcingHandler
    void on(BudgetChangedEvent event) {
        settings = new Settings(event.name(), event.tokenLimit(), event.costLimitUsd(), event.window(),
                event.timezone(), event.action(), event.thresholds());
    }

    @EventSourcingHandler
    void on(BudgetDeletedEvent event) {
        deleted = true;
    }
}
