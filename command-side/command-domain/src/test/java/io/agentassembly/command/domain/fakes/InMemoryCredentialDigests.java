package io.agentassembly.command.domain.fakes;

import io.agentassembly.command.api.common.SecretDigest;
import io.agentassembly.command.domain.store.CredentialDigests;

import java.util.HashMap;
import java.util.Map;

public class InMemoryCredentialDigests implements CredentialDigests {

    public record Stored(String kind, SecretDigest digest) {
    }

    private final Map<String, Stored> digests = new HashMap<>();

    @Override
    public void save(String credentialId, String kind, SecretDigest digest) {
        digests.put(credentialId, new Stored(kind, digest));
    }

    @Override
    public boolean matches(String credentialId, SecretDigest presented) {
        Stored stored = digests.get(credentialId);
        return stored != null && presented != null && stored.digest().value().equals(presented.value());
    }

    @Override
    public void delete(String credentialId) {
        digests.remove(credentialId);
    }

    public Stored of(String credentialId) {
        return digests.get(credentialId);
    }
}
