package io.agentassembly.command.domain.fakes;

import io.agentassembly.command.api.agent.AgentIdentity;
import io.agentassembly.command.domain.store.AgentClaims;
import io.agentassembly.command.domain.store.AgentRegistry;

import java.util.HashMap;
import java.util.Map;

public class InMemoryAgentClaims implements AgentClaims {

    private record Triple(String workspaceId, AgentIdentity identity) {
    }

    private final Map<Triple, String> owners = new HashMap<>();

    @Override
    public synchronized void claim(String workspaceId, AgentIdentity identity, String agentKey) {
        if (owners.putIfAbsent(new Triple(workspaceId, identity), agentKey) != null) {
            throw AgentRegistry.alreadyRegistered(identity);
        }
    }

    @Override
    public synchronized void release(String workspaceId, String agentKey) {
        owners.entrySet().removeIf(e -> e.getKey().workspaceId().equals(workspaceId) && e.getValue().equals(agentKey));
    }

    public synchronized String ownerOf(String workspaceId, AgentIdentity identity) {
        return owners.get(new Triple(workspaceId, identity));
    }
}
