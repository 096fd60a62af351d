package io.agentassembly.identity.limit;

import java.time.Instant;

/**
 * What a limit knows of one subject: the events counted in the current window, how many recent lockouts
 * (for the growing lock), the end of the current lock and the attempts it refused. The transitions are the
 * same whichever store keeps the state.
 */
public record LimitState(Instant windowStartedAt, int events, int lockouts, Instant lockedUntil, int refusals) {

    /** A state and what the step that produced it answers. */
    public record Step(LimitState state, LimitOutcome outcome) {
    }

    public static LimitState fresh(Instant now) {
        return new LimitState(now, 0, 0, null, 0);
    }

    public boolean lockedAt(Instant now) {
        return lockedUntil != null && lockedUntil.isAfter(now);
    }

    /** Counts one event unless the subject is locked; the event that reaches the max locks the subject. */
    public Step acquire(LimitSettings settings, Instant now) {
        if (lockedAt(now)) {
            return refuse();
        }
        boolean windowOver = !windowStartedAt.plus(settings.window()).isAfter(now);
        boolean quietSinceLastLock = lockedUntil == null || !lockedUntil.plus(settings.window()).isAfter(now);
        int recentLockouts = windowOver && quietSinceLastLock ? 0 : lockouts;
        int counted = (windowOver ? 0 : events) + 1;
        if (counted < settings.max()) {
            return new Step(new LimitState(windowOver ? now : windowStartedAt, counted, recentLockouts, lockedUntil, refusals),
                    LimitOutcome.ALLOWED);
        }
        Instant until = now.plus(settings.lockoutAfter(recentLockouts));
        return new Step(new LimitState(now, 0, recentLockouts + 1, until, 0), LimitOutcome.lockedBy(until));
    }

    /** Refuses while the subject is locked (counting the refusal), changes nothing otherwise. */
    public Step check(Instant now) {
        return lockedAt(now) ? refuse() : new Step(this, LimitOutcome.ALLOWED);
    }

    private Step refuse() {
        LimitState refused = new LimitState(windowStartedAt, events, lockouts, lockedUntil, refusals + 1);
        return new Step(refused, LimitOutcome.refused(lockedUntil, refused.refusals() == 1));
    }

    /** From then on the state changes no answer: a fresh one would say the same. */
    public Instant forgetAt(LimitSettings settings) {
        Instant last = lockedUntil != null && lockedUntil.isAfter(windowStartedAt) ? lockedUntil : windowStartedAt;
        return last.plus(settings.window());
    }
}
