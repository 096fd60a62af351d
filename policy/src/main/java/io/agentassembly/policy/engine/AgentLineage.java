package io.agentassembly.policy.engine;

/** The registered (never the claimed) identity of the agent asking; {@code agentKey} names its rate counters. */
public record AgentLineage(String agentKey, String orgId, String teamId, String agentId) {
}
