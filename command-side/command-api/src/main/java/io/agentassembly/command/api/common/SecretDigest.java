package io.agentassembly.command.api.common;

/**
 * SHA-256 digest (hex) of a high-entropy bearer secret, on its way to the credential store. Never put in
 * an event; hidden from {@code toString}.
 */
public record SecretDigest(String value) {
    @Override
    public String toString() {
        return "SecretDigest[redacted]";
    }
}
