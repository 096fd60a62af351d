package io.agentassembly.command.api.session;

import io.agentassembly.command.api.common.SecretDigest;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Duration;
import java.time.Instant;

/** Commands of the UserSession aggregate: one console sign-in, from login to logout or expiry. */
public final class SessionCommands {
    private SessionCommands() {
    }

    public enum SignInMethod { PASSWORD }

    public enum SessionEndReason { LOGOUT, REFRESH_REUSE_DETECTED, USER_DEACTIVATED }

    public record StartUserSessionCommand(@TargetAggregateIdentifier String sessionId, String workspaceId,
                                          String userId, SignInMethod method, SecretDigest refreshToken,
                                          Instant expiresAt) {
    }

    /**
     * Rotates the refresh token: {@code presented} must match the current one, {@code next} replaces it and
     * the session lives until {@code expiresAt}, but never longer than {@code maxLifetime} after sign-in.
     */
    public record RefreshUserSessionCommand(@TargetAggregateIdentifier String sessionId, SecretDigest presented,
                                            SecretDigest next, Instant expiresAt, Duration maxLifetime) {
    }

    public record EndUserSessionCommand(@TargetAggregateIdentifier String sessionId, String workspaceId,
                                        SessionEndReason reason) {
    }
}
