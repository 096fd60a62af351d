package io.agentassembly.command.domain.fakes;

import io.agentassembly.command.api.agent.AgentIdentity;
import io.agentassembly.command.domain.store.AgentClaims;
import io.agentassembly.command.domain.store.AgentLookup;
import io.agentassembly.command.domain.store.AgentRegistry;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

public class InMemoryAgentClaims implements AgentClaims, AgentLookup {

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

    @Override
    public synchronized Optional<AgentIdentity> find(String workspaceId, String agentKey) {
        return owners.entrySet().stream()
                .filter(e -> e.getKey().workspaceId().equals(workspaceId) && e.getValue().equals(agentKey))
                .map(e -> e.getKey().identity()).findFirst();
    }

    public synchronized String ownerOf(String workspaceId, AgentIdentity identity) {
        return owners.get(new Triple(workspaceId, identity));
    }
}
