package io.agentassembly.gateway.decision;

import java.util.Optional;

/** Resolves an agent credential token to its registered agent; empty for unknown, revoked or malformed tokens. */
public interface AgentCredentials {
    Optional<AgentPrincipal> authenticate(String credentialToken);
}
