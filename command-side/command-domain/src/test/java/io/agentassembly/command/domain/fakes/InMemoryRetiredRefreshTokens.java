package io.agentassembly.command.domain.fakes;

import io.agentassembly.command.api.common.SecretDigest;
import io.agentassembly.command.domain.store.RetiredRefreshTokens;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

public class InMemoryRetiredRefreshTokens implements RetiredRefreshTokens {

    private final Map<String, Map<String, Instant>> retired = new HashMap<>();

    @Override
    public void retire(String sessionId, SecretDigest digest, Instant keepUntil) {
        retired.computeIfAbsent(sessionId, id -> new HashMap<>()).put(digest.value(), keepUntil);
    }

    @Override
    public boolean wasRetired(String sessionId, SecretDigest presented) {
        return retired.getOrDefault(sessionId, Map.of()).containsKey(presented.value());
    }

    @Override
    public void forget(String sessionId) {
        retired.remove(sessionId);
    }

    /** The rotated-out digests of a session with how long each is kept. */
    public Map<String, Instant> of(String sessionId) {
        return retired.getOrDefault(sessionId, Map.of());
    }
}
