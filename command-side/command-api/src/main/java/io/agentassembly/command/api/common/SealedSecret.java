package io.agentassembly.command.api.common;

/**
 * A secret the platform must be able to read back (a Slack webhook URL, a webhook signing secret), encrypted at
 * the edge before it travels in a command (AES-GCM under a key derived from the platform key, docs/security.md).
 * Kept in a command-side table, never in an event; hidden from {@code toString}.
 */
public record SealedSecret(String value) {

    @Override
    public String toString() {
        return "SealedSecret[redacted]";
    }
}
