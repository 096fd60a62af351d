package io.agentassembly.identity.limit;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import java.time.Clock;
import java.time.Instant;
import java.util.function.BiFunction;

/**
 * One named limit on events of a subject (a client address, an e-mail address): {@link #acquire} counts an
 * event unless the subject is locked, {@link #check} only asks, {@link #reset} forgets the subject. The
 * transitions are {@link LimitState}'s; subclasses keep the states, in PostgreSQL where the limit must hold
 * across app nodes ({@link PostgresLimiter}) or in bounded process memory where a database write per call
 * would itself be the attack ({@link MemoryLimiter}).
 */
public abstract class Limiter {

    private final String name;
    private final LimitSettings settings;
    private final Clock clock;
    private final Counter refusals;
    private final Counter locks;

    /** Refused attempts are counted in {@code aasm.limits.refused}, locks in {@code aasm.limits.locks}, by limit. */
    protected Limiter(String name, LimitSettings settings, Clock clock, MeterRegistry meters) {
        this.name = name;
        this.settings = settings;
        this.clock = clock;
        this.refusals = Counter.builder("aasm.limits.refused").tag("limit", name)
                .description("attempts refused because their subject was locked").register(meters);
        this.locks = Counter.builder("aasm.limits.locks").tag("limit", name)
                .description("subjects locked for reaching their limit").register(meters);
    }

    public String name() {
        return name;
    }

    public LimitSettings settings() {
        return settings;
    }

    public Instant now() {
        return clock.instant();
    }

    /** Counts one event of {@code subject}; refused (and not counted) while the subject is locked. */
    public LimitOutcome acquire(String subject) {
        return counted(change(subject, (state, now) -> state.acquire(settings, now)));
    }

    /** Refused while {@code subject} is locked (the refusal is counted); counts no event, stores no new subject. */
    public LimitOutcome check(String subject) {
        return counted(refusalOf(subject));
    }

    /** Forgets {@code subject}: its count and any lock. */
    public abstract void reset(String subject);

    /**
     * Applies {@code step} to the subject's state (fresh if it has none) atomically with respect to every other
     * change of that subject, on any node the store is shared with, and keeps the result.
     */
    protected abstract LimitOutcome change(String subject, BiFunction<LimitState, Instant, LimitState.Step> step);

    /** {@link LimitState#check} of the subject's state, kept; a subject without state is allowed and not stored. */
    protected abstract LimitOutcome refusalOf(String subject);

    private LimitOutcome counted(LimitOutcome outcome) {
        if (outcome.refused()) {
            refusals.increment();
        } else if (outcome.lockedUntil() != null) {
            locks.increment();
        }
        return outcome;
    }

    @Override
    public String toString() {
        return name + " (" + settings + ")";
    }
}
