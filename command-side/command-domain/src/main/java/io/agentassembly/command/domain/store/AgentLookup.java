package io.agentassembly.command.domain.store;

import io.agentassembly.command.api.agent.AgentIdentity;

import java.util.Optional;

/** The registered (not deregistered) agents of a workspace by agent key, read in the command's transaction. */
public interface AgentLookup {

    /** The agent's triple, or empty when the workspace has no registered agent with that key. */
    Optional<AgentIdentity> find(String workspaceId, String agentKey);
}
