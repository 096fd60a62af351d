package io.agentassembly.command.api.common;

/**
 * A salted password hash travelling inside a command to the handler that stores it. It is never put in
 * an event, and its {@code toString} hides it so a logged command cannot leak it.
 */
public record PasswordHash(String value) {
    @Override
    public String toString() {
        return "PasswordHash[redacted]";
    }
}
