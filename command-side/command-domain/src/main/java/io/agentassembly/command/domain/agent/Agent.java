package io.agentassembly.command.domain.agent;

import io.agentassembly.command.api.agent.AgentCommands.DeregisterAgentCommand;
import io.agentassembly.command.api.agent.AgentCommands.ReportAgentEdgeCommand;
import io.agentassembly.command.api.agent.AgentCommands.ResumeAgentCommand;
import io.agentassembly.command.api.agent.AgentEvents.AgentEdgeReportedEvent;
import io.agentassembly.command.api.agent.AgentCommands.RevokeAgentCredentialCommand;
import io.agentassembly.command.api.agent.AgentCommands.RotateAgentCredentialCommand;
import io.agentassembly.command.api.agent.AgentCommands.SignalAgentOperationCommand;
import io.agentassembly.command.api.agent.AgentCommands.SuspendAgentCommand;
import io.agentassembly.command.api.agent.AgentEvents.AgentCredentialRevokedEvent;
import io.agentassembly.command.api.agent.AgentEvents.AgentCredentialRotatedEvent;
import io.agentassembly.command.api.agent.AgentEvents.AgentDeregisteredEvent;
import io.agentassembly.command.api.agent.AgentEvents.AgentOperationSignalledEvent;
import io.agentassembly.command.api.agent.AgentEvents.AgentRegisteredEvent;
import io.agentassembly.command.api.agent.AgentEvents.AgentResumedEvent;
import io.agentassembly.command.api.agent.AgentEvents.AgentSuspendedEvent;
import io.agentassembly.command.api.agent.AgentStatus;
import io.agentassembly.command.api.common.DomainException;
import io.agentassembly.command.api.common.ErrorCode;
import io.agentassembly.command.api.common.SecretDigest;
import io.agentassembly.command.domain.store.AgentClaims;
import io.agentassembly.command.domain.store.CredentialDigests;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.spring.stereotype.Aggregate;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * A registered agent (id {@code agt-<uuid>}). Created by the Workspace aggregate, which admits it against the
 * tier quota; afterwards its credential and lifecycle are decided here:
 * <pre>
 * ACTIVE ⇄ SUSPENDED (suspend / resume)     ACTIVE, SUSPENDED → REVOKED (credential destroyed, final)
 * rotate: ACTIVE or SUSPENDED, status kept  any → DEREGISTERED (credential, triple and quota slot freed)
 * </pre>
 * Repeating a transition into the current state is accepted and changes nothing.
 */
@Aggregate
public class Agent {

    @AggregateIdentifier
    private String agentKey;
    private String workspaceId;
    private String orgId;
    private AgentStatus status;
    private long operationSignals;

    protected Agent() {
    }

    /** Applies the registration the Workspace decided; see {@code Workspace#handle(RegisterAgentCommand …)}. */
    public Agent(AgentRegisteredEvent registered) {
        apply(registered);
    }

    @CommandHandler
    public void handle(RotateAgentCredentialCommand command, CredentialDigests digests) {
        requireWorkspace(command.workspaceId());
        SecretDigest next = AgentRules.credential(command.next(), "next");
        requireUsable("rotate its credential");
        digests.save(agentKey, CredentialDigests.AGENT_CREDENTIAL, next);
        apply(new AgentCredentialRotatedEvent(workspaceId, orgId, agentKey));
    }

    @CommandHandler
    public void handle(RevokeAgentCredentialCommand command, CredentialDigests digests) {
        requireWorkspace(command.workspaceId());
        if (status == AgentStatus.REVOKED) {
            return;
        }
        requireUsable("revoke its credential");
        digests.delete(agentKey);
        apply(new AgentCredentialRevokedEvent(workspaceId, orgId, agentKey));
    }

    @CommandHandler
    public void handle(SuspendAgentCommand command) {
        requireWorkspace(command.workspaceId());
        String reason = AgentRules.reason(command.reason());
        if (status == AgentStatus.SUSPENDED) {
            return;
        }
        requireUsable("suspend it");
        apply(new AgentSuspendedEvent(workspaceId, orgId, agentKey, reason));
    }

    @CommandHandler
    public void handle(ResumeAgentCommand command) {
        requireWorkspace(command.workspaceId());
        if (status == AgentStatus.ACTIVE) {
            return;
        }
        requireUsable("resume it");
        apply(new AgentResumedEvent(workspaceId, orgId, agentKey));
    }

    @CommandHandler
    public void handle(DeregisterAgentCommand command, CredentialDigests digests, AgentClaims claims) {
        requireWorkspace(command.workspaceId());
        String reason = AgentRules.reason(command.reason());
        if (status == AgentStatus.DEREGISTERED) {
            return;
        }
        digests.delete(agentKey);
        claims.release(workspaceId, agentKey);
        apply(new AgentDeregisteredEvent(workspaceId, orgId, agentKey, reason));
    }

    @CommandHandler
    public void handle(SignalAgentOperationCommand command) {
        requireWorkspace(command.workspaceId());
        String opId = AgentRules.operationId(command.opId());
        if (command.signal() == null) {
            throw new DomainException(ErrorCode.VALIDATION_FAILED, "signal", "signal must be PAUSE, RESUME or TERMINATE");
        }
        requireUsable("signal its operations");
        apply(new AgentOperationSignalledEvent(workspaceId, orgId, agentKey, opId, command.signal(),
                operationSignals + 1));
    }

    /** An edge the agent reported from itself; refused while the agent is not ACTIVE. */
    @CommandHandler
    public void handle(ReportAgentEdgeCommand command) {
        requireWorkspace(command.workspaceId());
        String target = AgentRules.targetAgentKey(command.targetAgentKey());
        String edgeType = AgentRules.edgeType(command.edgeType());
        String metadata = AgentRules.edgeMetadata(command.metadataJson());
        if (status != AgentStatus.ACTIVE) {
            throw new DomainException(ErrorCode.AGENT_NOT_ACTIVE, "agentKey",
                    "the agent is " + status.name().toLowerCase(java.util.Locale.ROOT) + "; it cannot report edges");
        }
        apply(new AgentEdgeReportedEvent(workspaceId, orgId, agentKey, target, edgeType, metadata));
    }

    private void requireWorkspace(String callerWorkspaceId) {
        if (!workspaceId.equals(callerWorkspaceId)) {
            throw new DomainException(ErrorCode.AGENT_NOT_FOUND, "agentKey", "agent not found; check the agent key");
        }
    }

    /** Only ACTIVE and SUSPENDED agents hold a credential that can be changed. */
    private void requireUsable(String action) {
        if (status == AgentStatus.REVOKED) {
            throw new DomainException(ErrorCode.AGENT_NOT_ACTIVE, "agentKey",
                    "the agent's credential was revoked, so you cannot " + action
                            + "; deregister the agent and register it again");
        }
        if (status == AgentStatus.DEREGISTERED) {
            throw new DomainException(ErrorCode.AGENT_NOT_ACTIVE, "agentKey",
                    "the agent is deregistered, so you cannot " + action + "; register it again");
        }
    }

    @EventSourcingHandler
    void on(AgentRegisteredEvent event) {
        agentKey = event.agentKey();
        workspaceId = event.workspaceId();
        orgId = event.orgId();
        status = AgentStatus.ACTIVE;
    }

    @EventSourcingHandler
    void on(AgentCredentialRevokedEvent event) {
        status = AgentStatus.REVOKED;
    }

    @EventSourcingHandler
    void on(AgentSuspendedEvent event) {
        status = AgentStatus.SUSPENDED;
    }

    @EventSourcingHandler
    void on(AgentResumedEvent event) {
        status = AgentStatus.ACTIVE;
    }

    @EventSourcingHandler
    void on(AgentOperationSignalledEvent event) {
        operationSignals = event.sequence();
    }

    @EventSourcingHandler
    void on(AgentDeregisteredEvent event) {
        status = AgentStatus.DEREGISTERED;
    }
}
