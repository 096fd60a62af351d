package io.agentassembly.command.domain.fakes;

import io.agentassembly.command.api.common.DomainException;
import io.agentassembly.command.api.common.ErrorCode;
import io.agentassembly.command.domain.store.SlugClaims;

import java.util.HashMap;
import java.util.Map;

public class InMemorySlugClaims implements SlugClaims {

    private final Map<String, String> owners = new HashMap<>();

    @Override
    public void claim(String slug, String workspaceId) {
        if (owners.putIfAbsent(slug, workspaceId) != null) {
            throw new DomainException(ErrorCode.SLUG_TAKEN, "slug", "already taken");
        }
    }

    @Override
    public void release(String workspaceId) {
        owners.values().removeIf(workspaceId::equals);
    }

    public String ownerOf(String slug) {
        return owners.get(slug);
    }
}
