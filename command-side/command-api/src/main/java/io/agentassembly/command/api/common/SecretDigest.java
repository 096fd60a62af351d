package io.agentassembly.command.api.common;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * SHA-256 digest (hex) of a high-entropy bearer secret, on its way to the credential store. Never put in
 * an event; hidden from {@code toString}.
 */
public record SecretDigest(String value) {

    /** Whether {@code stored} is this digest, compared in constant time. */
    public boolean matches(String stored) {
        return stored != null && value != null && MessageDigest.isEqual(
                stored.getBytes(StandardCharsets.US_ASCII), value.getBytes(StandardCharsets.US_ASCII));
    }

    @Override
    public String toString() {
        return "SecretDigest[redacted]";
    }
}
