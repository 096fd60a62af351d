package io.agentassembly.identity.limit;

import java.time.Duration;

/**
 * One limit's values: {@code max} events of a subject within {@code window} lock the subject for
 * {@code lockout}; each further lock that follows within a window of the previous one's end lasts twice as
 * long, up to {@code maxLockout}. {@code lockout} defaults to the window, {@code maxLockout} to the lockout
 * (no growth).
 */
public record LimitSettings(int max, Duration window, Duration lockout, Duration maxLockout) {

    public LimitSettings {
        if (max < 1) {
            throw new IllegalArgumentException("a limit's max must be at least 1, not " + max);
        }
        if (window == null || window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("a limit needs a positive window");
        }
        lockout = lockout == null ? window : lockout;
        maxLockout = maxLockout == null ? lockout : maxLockout;
        if (lockout.isNegative() || lockout.isZero() || maxLockout.compareTo(lockout) < 0) {
            throw new IllegalArgumentException("a limit needs a positive lockout and a max-lockout of at least the lockout");
        }
    }

    /** How long the lock after {@code earlierLockouts} recent ones lasts: lockout × 2^earlier, at most maxLockout. */
    public Duration lockoutAfter(int earlierLockouts) {
        Duration lock = lockout;
        for (int i = 0; i < earlierLockouts && lock.compareTo(maxLockout) < 0; i++) {
            lock = lock.multipliedBy(2);
        }
        return lock.compareTo(maxLockout) > 0 ? maxLockout : lock;
    }

    @Override
    public String toString() {
        return max + " per " + window + " then locked " + lockout + (maxLockout.equals(lockout) ? "" : " to " + maxLockout);
    }
}
