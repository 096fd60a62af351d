package io.agentassembly.command.domain.fakes;

import io.agentassembly.command.api.common.SealedSecret;
import io.agentassembly.command.domain.store.AlertDestinationSecrets;

import java.util.HashMap;
import java.util.Map;

public final class InMemoryAlertDestinationSecrets implements AlertDestinationSecrets {

    public record Stored(String workspaceId, SealedSecret url, SealedSecret signingSecret) {
    }

    private final Map<String, Stored> stored = new HashMap<>();

    @Override
    public void save(String destinationId, String workspaceId, SealedSecret url, SealedSecret signingSecret) {
        stored.put(destinationId, new Stored(workspaceId, url, signingSecret));
    }

    @Override
    public void replaceUrl(String destinationId, SealedSecret url) {
        stored.computeIfPresent(destinationId, (id, s) -> new Stored(s.workspaceId(), url, s.signingSecret()));
    }

    @Override
    public void replaceSigningSecret(String destinationId, SealedSecret signingSecret) {
        stored.computeIfPresent(destinationId, (id, s) -> new Stored(s.workspaceId(), s.url(), signingSecret));
    }

    @Override
    public void delete(String destinationId) {
        stored.remove(destinationId);
    }

    public Stored of(String destinationId) {
        return stored.get(destinationId);
    }
}
