package io.agentassembly.identity.password;

import io.agentassembly.command.api.common.PasswordHash;
import org.springframework.security.crypto.argon2.Argon2PasswordEncoder;

/** Argon2id with Spring Security's recommended parameters; salted per password. */
public final class PasswordHasher {

    private final Argon2PasswordEncoder encoder = Argon2PasswordEncoder.defaultsForSpringSecurity_v5_8();
    private final String decoy = encoder.encode("decoy password that never matches");

    public PasswordHash hash(String rawPassword) {
        return new PasswordHash(encoder.encode(rawPassword));
    }

    public boolean matches(String rawPassword, String storedHash) {
        return encoder.matches(rawPassword, storedHash);
    }

    /** Spends the same work as a real check, so unknown e-mail addresses cannot be told apart by timing. */
    public void burnEquivalentWork(String rawPassword) {
        encoder.matches(rawPassword, decoy);
    }
}
