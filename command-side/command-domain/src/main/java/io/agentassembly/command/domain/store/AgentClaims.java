package io.agentassembly.command.domain.store;

import io.agentassembly.command.api.agent.AgentIdentity;

/** Per-workspace set of agent triples in use by registered (not deregistered) agents. */
public interface AgentClaims {

    /** Claims the triple for the agent, or refuses with AGENT_ALREADY_REGISTERED when it is in use. */
    void claim(String workspaceId, AgentIdentity identity, String agentKey);

    /** Frees the triple held by the agent, if any, so it can be registered again. */
    void release(String workspaceId, String agentKey);
}
