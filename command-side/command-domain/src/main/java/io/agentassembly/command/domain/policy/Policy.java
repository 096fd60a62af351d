package io.agentassembly.command.domain.policy;

import io.agentassembly.command.api.common.DomainException;
import io.agentassembly.command.api.common.ErrorCode;
import io.agentassembly.command.api.policy.PolicyCommands.ActivatePolicyCommand;
import io.agentassembly.command.api.policy.PolicyCommands.ApplyPolicyVersionCommand;
import io.agentassembly.command.api.policy.PolicyCommands.ChangeStatus;
import io.agentassembly.command.api.policy.PolicyCommands.DeactivatePolicyCommand;
import io.agentassembly.command.api.policy.PolicyCommands.DeletePolicyCommand;
import io.agentassembly.command.api.policy.PolicyCommands.PolicyChange;
import io.agentassembly.command.api.policy.PolicyCommands.RollbackPolicyCommand;
import io.agentassembly.command.api.policy.PolicyEvents.PolicyActivatedEvent;
import io.agentassembly.command.api.policy.PolicyEvents.PolicyDeactivatedEvent;
import io.agentassembly.command.api.policy.PolicyEvents.PolicyDeletedEvent;
import io.agentassembly.command.api.policy.PolicyEvents.PolicyVersionCreatedEvent;
import io.agentassembly.command.domain.policy.PolicyRules.Content;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.CreationPolicy;
import org.axonframework.spring.stereotype.Aggregate;

import java.util.ArrayList;
import java.util.List;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * A policy document of a workspace, identified by its name ({@code pol-<uuid>} from {@code PolicyIds}). Every
 * change of content is a new version (1, 2, …); earlier versions stay readable and can be rolled back to.
 * <pre>
 * apply (new name)  → version 1, ACTIVE        apply (same digest) → nothing
 * apply (new digest)→ version n+1, state kept  rollback to k       → version n+1 with k's content
 * ACTIVE ⇄ INACTIVE (activate / deactivate)    any → DELETED; apply revives a deleted policy (n+1, ACTIVE)
 * </pre>
 * Activation takes a slot of the workspace's active-policy quota, deactivation and deletion free it; the
 * {@code policy-slots} handler does that in the same unit of work, so a refused slot refuses the command.
 */
@Aggregate
public class Policy {

    @AggregateIdentifier
    private String policyId;
    private String workspaceId;
    private String name;
    /** Version k is at index k-1: the content a rollback restores. */
    private final List<Content> versions = new ArrayList<>();
    private boolean active;
    private boolean deleted;

    protected Policy() {
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    public PolicyChange handle(ApplyPolicyVersionCommand command) {
        Content content = PolicyRules.content(command);
        if (policyId == null) {
            newVersion(command.policyId(), command.workspaceId(), command.name(), content, null);
            apply(new PolicyActivatedEvent(workspaceId, content.orgId(), policyId, name));
            return change(ChangeStatus.CREATED);
        }
        requireWorkspace(command.workspaceId());
        if (deleted) {
            newVersion(policyId, workspaceId, name, content, null);
            apply(new PolicyActivatedEvent(workspaceId, content.orgId(), policyId, name));
            return change(ChangeStatus.CREATED);
        }
        if (current().digest().equals(content.digest())) {
            return change(ChangeStatus.UNCHANGED);
        }
        newVersion(policyId, workspaceId, name, content, null);
        return change(ChangeStatus.UPDATED);
    }

    @CommandHandler
    public PolicyChange handle(RollbackPolicyCommand command) {
        requireLive(command.workspaceId());
        if (command.version() < 1 || command.version() > versions.size()) {
            throw new DomainException(ErrorCode.POLICY_VERSION_NOT_FOUND, "version", "policy " + name
                    + " has no version " + command.version() + "; its versions are 1 to " + versions.size());
        }
        Content target = versions.get(command.version() - 1);
        if (target.digest().equals(current().digest())) {
            return change(ChangeStatus.UNCHANGED);
        }
        newVersion(policyId, workspaceId, name, target, command.version());
        return change(ChangeStatus.UPDATED);
    }

    @CommandHandler
    public void handle(ActivatePolicyCommand command) {
        requireLive(command.workspaceId());
        if (!active) {
            apply(new PolicyActivatedEvent(workspaceId, current().orgId(), policyId, name));
        }
    }

    @CommandHandler
    public void handle(DeactivatePolicyCommand command) {
        requireLive(command.workspaceId());
        if (active) {
            apply(new PolicyDeactivatedEvent(workspaceId, current().orgId(), policyId, name));
        }
    }

    @CommandHandler
    public void handle(DeletePolicyCommand command) {
        requireWorkspace(command.workspaceId());
        if (!deleted) {
            apply(new PolicyDeletedEvent(workspaceId, current().orgId(), policyId, name));
        }
    }

    private void newVersion(String id, String workspace, String policyName, Content content, Integer rolledBackFrom) {
        apply(new PolicyVersionCreatedEvent(workspace, content.orgId(), id, policyName, versions.size() + 1,
                content.digest(), content.scope(), content.enforcementMode(), content.source(), rolledBackFrom));
    }

    private PolicyChange change(ChangeStatus status) {
        return new PolicyChange(policyId, name, versions.size(), current().digest(), status, active);
    }

    private Content current() {
        return versions.getLast();
    }

    private void requireWorkspace(String callerWorkspaceId) {
        if (!workspaceId.equals(callerWorkspaceId)) {
            throw notFound();
        }
    }

    /** A deleted policy is gone for everything but a new apply, which revives it. */
    private void requireLive(String callerWorkspaceId) {
        requireWorkspace(callerWorkspaceId);
        if (deleted) {
            throw notFound();
        }
    }

    private static DomainException notFound() {
        return new DomainException(ErrorCode.POLICY_NOT_FOUND, "name", "policy not found; check the policy name");
    }

    @EventSourcingHandler
    void on(PolicyVersionCreatedEvent event) {
        policyId = event.policyId();
        workspaceId = event.workspaceId();
        name = event.name();
        versions.add(new Content(event.digest(), event.source(), event.scope(), event.orgId(),
                event.enforcementMode()));
        deleted = false;
    }

    @EventSourcingHandler
    void on(PolicyActivatedEvent event) {
        active = true;
    }

    @EventSourcingHandler
    void on(PolicyDeactivatedEvent event) {
        active = false;
    }

    @EventSourcingHandler
    void on(PolicyDeletedEvent event) {
        active = false;
        deleted = true;
    }
}
