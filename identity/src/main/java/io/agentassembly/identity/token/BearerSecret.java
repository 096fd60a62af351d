package io.agentassembly.identity.token;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A bearer secret of the form {@code <prefix>_<32-hex credential id>_<secret>}: the id finds the stored
 * digest, the secret proves possession. Prefixes: {@code aask} API key, {@code aasr} refresh token,
 * {@code aasp} SCIM provisioning token, {@code aasa} agent credential (its credential id is the agent key's UUID as 32 hex digits, see
 * {@code AgentKeys}; the digest is stored under the agent key).
 */
public record BearerSecret(String prefix, String credentialId, String secret) {

    public static final String API_KEY = "aask";
    public static final String REFRESH_TOKEN = "aasr";
    public static final String AGENT_CREDENTIAL = "aasa";
    public static final String SCIM_TOKEN = "aasp";

    private static final Pattern SHAPE = Pattern.compile("^(aask|aasr|aasa|aasp)_([0-9a-f]{32})_([A-Za-z0-9_-]{43})$");

    public static BearerSecret issue(String prefix, String credentialId) {
        return new BearerSecret(prefix, credentialId, SecretTokens.newSecret());
    }

    public static Optional<BearerSecret> parse(String expectedPrefix, String token) {
        if (token == null) {
            return Optional.empty();
        }
        var matcher = SHAPE.matcher(token);
        if (!matcher.matches() || !matcher.group(1).equals(expectedPrefix)) {
            return Optional.empty();
        }
        return Optional.of(new BearerSecret(matcher.group(1), matcher.group(2), matcher.group(3)));
    }

    public String token() {
        return prefix + "_" + credentialId + "_" + secret;
    }

    public String digest() {
        return SecretTokens.sha256Hex(secret);
    }

    @Override
    public String toString() {
        return "BearerSecret[" + prefix + "_" + credentialId + "_***]";
    }
}
