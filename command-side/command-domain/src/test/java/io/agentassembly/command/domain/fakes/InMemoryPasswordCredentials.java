package io.agentassembly.command.domain.fakes;

import io.agentassembly.command.api.common.PasswordHash;
import io.agentassembly.command.domain.store.PasswordCredentials;

import java.util.HashMap;
import java.util.Map;

public class InMemoryPasswordCredentials implements PasswordCredentials {

    private final Map<String, PasswordHash> hashes = new HashMap<>();

    @Override
    public void save(String userId, PasswordHash hash) {
        hashes.put(userId, hash);
    }

    @Override
    public void delete(String userId) {
        hashes.remove(userId);
    }

    public PasswordHash of(String userId) {
        return hashes.get(userId);
    }
}
