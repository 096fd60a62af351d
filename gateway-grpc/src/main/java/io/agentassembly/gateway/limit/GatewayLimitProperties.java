package io.agentassembly.gateway.limit;

import io.agentassembly.identity.limit.LimitSettings;
import org.springframework.boot.context.properties.ConfigurationProperties;

import java.time.Duration;
import java.util.Objects;

/**
 * {@code aasm.gateway.limits.*}: RequestChallenge calls and outstanding nonces per client address and in
 * total, UNAUTHENTICATED and INVALID_ARGUMENT outcomes per client address (and how many addresses a node
 * remembers for each), and the negative cache of unknown agent credentials. Defaults in application.yml, described in docs/operations.md.
 */
@ConfigurationProperties("aasm.gateway.limits")
public record GatewayLimitProperties(LimitSettings challenge, int challengeOutstandingPerAddress,
                                     int challengeOutstanding, LimitSettings unauthenticated,
                                     LimitSettings invalid, int refusedAddresses, int unknownCredentials,
                                     Duration unknownCredentialTtl) {

    public GatewayLimitProperties {
        String missing = "is not set (defaults are in application.yml)";
        Objects.requireNonNull(challenge, "aasm.gateway.limits.challenge " + missing);
        Objects.requireNonNull(unauthenticated, "aasm.gateway.limits.unauthenticated " + missing);
        Objects.requireNonNull(invalid, "aasm.gateway.limits.invalid " + missing);
        Objects.requireNonNull(unknownCredentialTtl, "aasm.gateway.limits.unknown-credential-ttl " + missing);
        positive(challengeOutstandingPerAddress, "challenge-outstanding-per-address");
        positive(challengeOutstanding, "challenge-outstanding");
        positive(refusedAddresses, "refused-addresses");
        positive(unknownCredentials, "unknown-credentials");
    }

    private static void positive(int value, String name) {
        if (value < 1) {
            throw new IllegalArgumentException("aasm.gateway.limits." + name + " must be at least 1, not " + value);
        }
    }
}
