package io.agentassembly.command.api.agent;

/**
 * Where a registered agent sits in its delegation tree. {@code rootAgentKey} is the key of the tree's root (the
 * agent itself when it has no parent), {@code depth} its distance from the root (0 for a root). {@code reason} and
 * {@code spawnedByTool} say why and by which tool of its parent it was spawned; {@code maxChildDepth} (null: no
 * limit) bounds how deep the agents below it may go; {@code enforcementMode} ({@code ENFORCE}, {@code OBSERVE},
 * {@code DISABLED}; null when not declared) is what the agent declared at registration.
 */
public record AgentDelegation(String rootAgentKey, int depth, String reason, String spawnedByTool,
                              Integer maxChildDepth, String enforcementMode) {

    /** A root agent that declared nothing. */
    public static AgentDelegation root(String agentKey) {
        return new AgentDelegation(agentKey, 0, null, null, null, null);
    }
}
