package io.agentassembly.identity.limit;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.time.Duration;
import java.util.Objects;

/**
 * {@code aasm.security.limits.*}: sign-in failures per e-mail and per client address, requests per client
 * address to the public endpoints, and how often expired limit rows are purged. Defaults in application.yml,
 * described in docs/operations.md.
 */
@ConfigurationProperties("aasm.security.limits")
public record LimitProperties(LimitSettings loginEmail, LimitSettings loginAddress, LimitSettings signup,
                              LimitSettings signupVerify, LimitSettings authRefresh, LimitSettings invitationAccept,
                              Duration purgeInterval) {

    public LimitProperties {
        String missing = "is not set (defaults are in application.yml)";
        Objects.requireNonNull(loginEmail, "aasm.security.limits.login-email " + missing);
        Objects.requireNonNull(loginAddress, "aasm.security.limits.login-address " + missing);
        Objects.requireNonNull(signup, "aasm.security.limits.signup " + missing);
        Objects.requireNonNull(signupVerify, "aasm.security.limits.signup-verify " + missing);
        Objects.requireNonNull(authRefresh, "aasm.security.limits.auth-refresh " + missing);
        Objects.requireNonNull(invitationAccept, "aasm.security.limits.invitation-accept " + missing);
        purgeInterval = purgeInterval == null ? Duration.ofMinutes(1) : purgeInterval;
    }
}
