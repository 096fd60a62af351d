package io.agentassembly.identity.limit;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.time.Duration;
import java.util.Objects;

/**
 * {@code aasm.security.limits.*}: sign-in failures per e-mail and per client address, requests per client
 * address to the public endpoints, sign-ups per e-mail address, requests per workspace (all, and those that compile policies; per node, with
 * how many workspaces a node remembers), and how often expired limit rows are purged. Defaults in application.yml,
 * described in docs/operations.md.
 */
@ConfigurationProperties("aasm.security.limits")
public record LimitProperties(LimitSettings loginEmail, LimitSettings loginAddress, LimitSettings signup,
                              LimitSettings signupEmail, LimitSettings signupVerify, LimitSettings authRefresh, LimitSettings invitationAccept,
                              LimitSettings workspaceRequests, LimitSettings workspaceCostly, int workspaces,
                              Duration purgeInterval) {

    public LimitProperties {
        String missing = "is not set (defaults are in application.yml)";
        Objects.requireNonNull(loginEmail, "aasm.security.limits.login-email " + missing);
        Objects.requireNonNull(loginAddress, "aasm.security.limits.login-address " + missing);
        Objects.requireNonNull(signup, "aasm.security.limits.signup " + missing);
        Objects.requireNonNull(signupEmail, "aasm.security.limits.signup-email " + missing);
        Objects.requireNonNull(signupVerify, "aasm.security.limits.signup-verify " + missing);
        Objects.requireNonNull(authRefresh, "aasm.security.limits.auth-refresh " + missing);
        Objects.requireNonNull(invitationAccept, "aasm.security.limits.invitation-accept " + missing);
        Objects.requireNonNull(workspaceRequests, "aasm.security.limits.workspace-requests " + missing);
        Objects.requireNonNull(workspaceCostly, "aasm.security.limits.workspace-costly " + missing);
        if (workspaces < 1) {
            throw new IllegalArgumentException("aasm.security.limits.workspaces must be at least 1, not " + workspaces);
        }
        purgeInterval = purgeInterval == null ? Duration.ofMinutes(1) : purgeInterval;
    }
}
