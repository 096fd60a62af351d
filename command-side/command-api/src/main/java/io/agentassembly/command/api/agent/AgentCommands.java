package io.agentassembly.command.api.agent;

import io.agentassembly.command.api.common.SecretDigest;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.util.List;
import java.util.Map;

/**
 * Commands about agents. Registration and slot release go to the Workspace aggregate (it owns the tier quota
 * and admits the agent); the lifecycle commands go to the Agent aggregate and carry the caller's workspace,
 * which must be the agent's (otherwise AGENT_NOT_FOUND).
 */
public final class AgentCommands {
    private AgentCommands() {
    }

    /**
     * Sent to the workspace: checks the quota and the uniqueness of the triple, stores the credential digest
     * and creates the Agent aggregate {@code agentKey} ({@code agt-<uuid>}) in the same unit of work.
     * {@code parentAgentKey} (optional) names a registered agent of the workspace that delegates to this one;
     * {@code publicKeyHex} is required for {@link IdentityAssurance#BOUND}.
     */
    public record RegisterAgentCommand(@TargetAggregateIdentifier String workspaceId, String agentKey,
                                       AgentIdentity identity, String name, String framework, String version,
                                       String riskTier, List<String> toolNames, Map<String, String> metadata,
                                       String parentAgentKey, IdentityAssurance assurance, String publicKeyHex,
                                       SecretDigest credential, AgentDelegation delegation) {

        /** A registration without delegation details: a root, or one level below its parent. */
        public RegisterAgentCommand(String workspaceId, String agentKey, AgentIdentity identity, String name,
                                    String framework, String version, String riskTier, List<String> toolNames,
                                    Map<String, String> metadata, String parentAgentKey, IdentityAssurance assurance,
                                    String publicKeyHex, SecretDigest credential) {
            this(workspaceId, agentKey, identity, name, framework, version, riskTier, toolNames, metadata,
                    parentAgentKey, assurance, publicKeyHex, credential, null);
        }
    }

    /**
     * Records an edge the agent reported from itself to {@code targetAgentKey} (an agent of the same workspace,
     * checked by the edge). {@code edgeType}: 1-64 of letters, digits, '.', '_', ':' and '-'.
     */
    public record ReportAgentEdgeCommand(@TargetAggregateIdentifier String agentKey, String workspaceId,
                                         String targetAgentKey, String edgeType, String metadataJson) {
    }

    /** Sent to the workspace after a deregistration: frees the agent's quota slot (idempotent). */
    public record ReleaseAgentSlotCommand(@TargetAggregateIdentifier String workspaceId, String agentKey) {
    }

    /** Replaces the agent's credential; the previous token stops working at once. */
    public record RotateAgentCredentialCommand(@TargetAggregateIdentifier String agentKey, String workspaceId,
                                               SecretDigest next) {
    }

    /** Destroys the agent's credential for good: it cannot authenticate until registered again. */
    public record RevokeAgentCredentialCommand(@TargetAggregateIdentifier String agentKey, String workspaceId) {
    }

    public record SuspendAgentCommand(@TargetAggregateIdentifier String agentKey, String workspaceId,
                                      String reason) {
    }

    public record ResumeAgentCommand(@TargetAggregateIdentifier String agentKey, String workspaceId) {
    }

    /** Decommissions the agent: credential deleted, triple and quota slot freed, history kept. */
    public record DeregisterAgentCommand(@TargetAggregateIdentifier String agentKey, String workspaceId,
                                         String reason) {
    }

    /** Pause, resume or terminate one in-flight operation ({@code opId} = "trace:span") of an agent. */
    public record SignalAgentOperationCommand(@TargetAggregateIdentifier String agentKey, String workspaceId,
                                              String opId, OperationSignal signal) {
    }

    public enum OperationSignal { PAUSE, RESUME, TERMINATE }
}
