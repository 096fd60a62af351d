package io.agentassembly.command.api.agent;

import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Agent keys and the credential ids derived from them. An agent key is {@code agt-<uuid>} (the Agent
 * aggregate's id); the credential id inside the agent's bearer token {@code aasa_<credential id>_<secret>}
 * is the same UUID as 32 lower-case hex digits, so a presented token names its agent without a lookup table.
 * The credential digest itself is stored under the agent key (kind {@code AGENT_CREDENTIAL}).
 */
public final class AgentKeys {

    public static final String PREFIX = "agt-";

    private static final Pattern KEY =
            Pattern.compile("^agt-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$");
    private static final Pattern CREDENTIAL_ID = Pattern.compile("^[0-9a-f]{32}$");

    private AgentKeys() {
    }

    public static String newKey() {
        return PREFIX + UUID.randomUUID();
    }

    public static boolean isKey(String value) {
        return value != null && KEY.matcher(value).matches();
    }

    /** The 32-hex credential id of an agent key. */
    public static String credentialIdOf(String agentKey) {
        if (!isKey(agentKey)) {
            throw new IllegalArgumentException("not an agent key: " + agentKey);
        }
        return agentKey.substring(PREFIX.length()).replace("-", "");
    }

    /** The agent key a credential id belongs to, if the id is well-formed. */
    public static Optional<String> agentKeyOf(String credentialId) {
        if (credentialId == null || !CREDENTIAL_ID.matcher(credentialId.toLowerCase(Locale.ROOT)).matches()) {
            return Optional.empty();
        }
        String hex = credentialId.toLowerCase(Locale.ROOT);
        return Optional.of(PREFIX + hex.substring(0, 8) + "-" + hex.substring(8, 12) + "-" + hex.substring(12, 16)
                + "-" + hex.substring(16, 20) + "-" + hex.substring(20));
    }
}
