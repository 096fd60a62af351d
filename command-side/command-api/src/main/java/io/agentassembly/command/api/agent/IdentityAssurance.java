package io.agentassembly.command.api.agent;

/**
 * How strongly the agent's identity is established: {@code ASSERTED} by whoever registered it (console),
 * or {@code BOUND} to a public key the agent proved it holds.
 */
public enum IdentityAssurance {
    ASSERTED, BOUND
}
