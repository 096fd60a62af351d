package io.agentassembly.command.api.agent;

import io.agentassembly.command.api.common.OrgScopedEvent;
import org.axonframework.serialization.Revision;

import java.util.List;
import java.util.Map;

/**
 * Events about agents. {@code AgentAdmitted} and {@code AgentReleased} belong to the Workspace aggregate
 * (its quota state); the others to the Agent aggregate. All are org-scoped: their audit entries carry the
 * agent's org id. None carries the credential or its digest.
 */
public final class AgentEvents {
    private AgentEvents() {
    }

    /** The workspace took a quota slot for the agent; {@code agentCount} is the count after admission. */
    @Revision("1")
    public record AgentAdmittedEvent(String workspaceId, String orgId, String agentKey,
                                     int agentCount) implements OrgScopedEvent {
    }

    /** The workspace freed the slot of a deregistered agent; {@code agentCount} is the count after release. */
    @Revision("1")
    public record AgentReleasedEvent(String workspaceId, String orgId, String agentKey,
                                     int agentCount) implements OrgScopedEvent {
    }

    /**
     * Revision 2 added {@code delegation} (root, depth, reason, spawning tool, child depth limit, declared
     * enforcement mode); it is null in revision-1 events (a root agent of depth 0, or one level below its parent).
     */
    @Revision("2")
    public record AgentRegisteredEvent(String workspaceId, String orgId, String agentKey, String teamId,
                                       String agentId, String name, String framework, String version,
                                       String riskTier, List<String> toolNames, Map<String, String> metadata,
                                       String parentAgentKey, IdentityAssurance assurance,
                                       String publicKeyHex, AgentDelegation delegation) implements OrgScopedEvent {

        /** A registration without delegation details (revision-1 shape). */
        public AgentRegisteredEvent(String workspaceId, String orgId, String agentKey, String teamId,
                                    String agentId, String name, String framework, String version,
                                    String riskTier, List<String> toolNames, Map<String, String> metadata,
                                    String parentAgentKey, IdentityAssurance assurance, String publicKeyHex) {
            this(workspaceId, orgId, agentKey, teamId, agentId, name, framework, version, riskTier, toolNames,
                    metadata, parentAgentKey, assurance, publicKeyHex, null);
        }
    }

    /**
     * An agent reported an edge from itself to another agent of its workspace ({@code TopologyService.ReportEdge}).
     * {@code metadataJson} is the reported JSON text (at most 16 KiB), never interpreted.
     */
    @Revision("1")
    public record AgentEdgeReportedEvent(String workspaceId, String orgId, String sourceAgentKey,
                                         String targetAgentKey, String edgeType, String metadataJson)
            implements OrgScopedEvent {
    }

    @Revision("1")
    public record AgentCredentialRotatedEvent(String workspaceId, String orgId,
                                              String agentKey) implements OrgScopedEvent {
    }

    @Revision("1")
    public record AgentCredentialRevokedEvent(String workspaceId, String orgId,
                                              String agentKey) implements OrgScopedEvent {
    }

    @Revision("1")
    public record AgentSuspendedEvent(String workspaceId, String orgId, String agentKey,
                                      String reason) implements OrgScopedEvent {
    }

    @Revision("1")
    public record AgentResumedEvent(String workspaceId, String orgId, String agentKey) implements OrgScopedEvent {
    }

    @Revision("1")
    public record AgentDeregisteredEvent(String workspaceId, String orgId, String agentKey,
                                         String reason) implements OrgScopedEvent {
    }

    /** {@code sequence} counts the agent's operation signals, from 1, so a reconnecting agent can order them. */
    @Revision("1")
    public record AgentOperationSignalledEvent(String workspaceId, String orgId, String agentKey, String opId,
                                               AgentCommands.OperationSignal signal, long sequence)
            implements OrgScopedEvent {
    }
}
