package io.agentassembly.query.api;

import io.agentassembly.command.api.agent.AgentStatus;
import io.agentassembly.command.api.agent.IdentityAssurance;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Queries about a workspace's agents; every query is scoped by its workspace id. */
public final class AgentQueries {
    private AgentQueries() {
    }

    /**
     * Answers {@code List<AgentView>} ordered by org, team, agent id. {@code orgId} and {@code teamId} narrow
     * the list when given. Deregistered agents are left out unless {@code includeDeregistered}.
     */
    public record ListAgentsQuery(String workspaceId, String orgId, String teamId, boolean includeDeregistered) {
        public ListAgentsQuery(String workspaceId, String orgId, String teamId) {
            this(workspaceId, orgId, teamId, false);
        }
    }

    /** Answers {@code Optional<AgentView>}; empty for another workspace's agent. Deregistered agents are found. */
    public record FindAgentQuery(String workspaceId, String agentKey) {
    }

    /** An agent without any credential material; {@code credentialIssuedAt} is null once revoked or deregistered. */
    public record AgentView(String agentKey, String workspaceId, String orgId, String teamId, String agentId,
                            String name, String framework, String version, String riskTier, List<String> toolNames,
                            Map<String, String> metadata, AgentStatus status, String statusReason,
                            IdentityAssurance assurance, String parentAgentKey, String publicKeyHex,
                            Instant credentialIssuedAt, Instant createdAt, Instant updatedAt) {
    }
}
