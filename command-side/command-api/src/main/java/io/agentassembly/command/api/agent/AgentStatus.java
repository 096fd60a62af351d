package io.agentassembly.command.api.agent;

/**
 * Lifecycle of a registered agent. {@code SUSPENDED} is reversible (resume); {@code REVOKED} means its
 * credential was destroyed and it cannot authenticate until deregistered and registered again;
 * {@code DEREGISTERED} frees its quota slot and its triple.
 */
public enum AgentStatus {
    ACTIVE, SUSPENDED, REVOKED, DEREGISTERED
}
