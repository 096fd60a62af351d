package io.agentassembly.command.domain.store;

import io.agentassembly.command.api.common.SecretDigest;

import java.time.Instant;

/**
 * Digests of the refresh-token secrets each session has rotated out, kept out of the event store: presenting one
 * again is reuse of a token that was once valid, which ends the session, while a secret never issued is only
 * refused.
 */
public interface RetiredRefreshTokens {

    /** Remembers a rotated-out digest until {@code keepUntil}, after which the session cannot be refreshed anyway. */
    void retire(String sessionId, SecretDigest digest, Instant keepUntil);

    /** Whether the presented digest is one the session rotated out, each compared in constant time. */
    boolean wasRetired(String sessionId, SecretDigest presented);

    void forget(String sessionId);
}
