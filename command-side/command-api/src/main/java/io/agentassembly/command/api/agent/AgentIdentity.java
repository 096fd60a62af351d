package io.agentassembly.command.api.agent;

/**
 * Who an agent is inside its workspace: the triple {@code {org_id, team_id, agent_id}}. Unique per
 * workspace among registered agents; {@code orgId} is the audit lineage of everything the agent does.
 */
public record AgentIdentity(String orgId, String teamId, String agentId) {
}
