package io.agentassembly.identity.limit;

import java.time.Duration;
import java.time.Instant;

/**
 * What a limit answered: {@code allowed}, or refused because the subject is locked until {@code lockedUntil}.
 * An allowed event with {@code lockedUntil} set is the one that locked the subject. {@code firstRefusal} marks
 * the first attempt a lock refused (to report a lock once, not once per attempt).
 */
public record LimitOutcome(boolean allowed, Instant lockedUntil, boolean firstRefusal) {

    public static final LimitOutcome ALLOWED = new LimitOutcome(true, null, false);

    public static LimitOutcome lockedBy(Instant lockedUntil) {
        return new LimitOutcome(true, lockedUntil, false);
    }

    public static LimitOutcome refused(Instant lockedUntil, boolean firstRefusal) {
        return new LimitOutcome(false, lockedUntil, firstRefusal);
    }

    public boolean refused() {
        return !allowed;
    }

    /** Whole seconds until the lock ends, at least 1 (the value of a Retry-After header). */
    public long retryAfterSeconds(Instant now) {
        if (lockedUntil == null) {
            return 1;
        }
        long millis = Duration.between(now, lockedUntil).toMillis();
        return Math.max(1, (millis + 999) / 1000);
    }
}
