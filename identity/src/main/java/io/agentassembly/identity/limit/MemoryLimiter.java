package io.agentassembly.identity.limit;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import io.micrometer.core.instrument.MeterRegistry;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.BiFunction;

/**
 * A limit kept in this node's memory: for calls where a database write per call would itself be the attack.
 * At most {@code maxSubjects} subjects are held; beyond that the least valuable (Caffeine's frequency-aware
 * eviction) are forgotten, and a subject is forgotten anyway once its state changes no answer.
 */
public class MemoryLimiter extends Limiter {

    private final Cache<String, LimitState> states;

    public MemoryLimiter(String name, LimitSettings settings, int maxSubjects, Clock clock, MeterRegistry meters) {
        super(name, settings, clock, meters);
        this.states = Caffeine.newBuilder()
                .maximumSize(maxSubjects)
                .expireAfter(Expiry.<String, LimitState>writing((subject, state) -> untilForgotten(state)))
                .build();
    }

    private Duration untilForgotten(LimitState state) {
        Duration left = Duration.between(now(), state.forgetAt(settings()));
        return left.isNegative() ? Duration.ZERO : left;
    }

    @Override
    public void reset(String subject) {
        states.invalidate(subject);
    }

    @Override
    protected LimitOutcome refusalOf(String subject) {
        Instant now = now();
        LimitOutcome[] outcome = {LimitOutcome.ALLOWED};
        states.asMap().computeIfPresent(subject, (key, state) -> {
            LimitState.Step next = state.check(now);
            outcome[0] = next.outcome();
            return next.state();
        });
        return outcome[0];
    }

    @Override
    protected LimitOutcome change(String subject, BiFunction<LimitState, Instant, LimitState.Step> step) {
        Instant now = now();
        LimitOutcome[] outcome = new LimitOutcome[1];
        states.asMap().compute(subject, (key, state) -> {
            LimitState.Step next = step.apply(state == null ? LimitState.fresh(now) : state, now);
            outcome[0] = next.outcome();
            return next.state();
        });
        return outcome[0];
    }

    /** Subjects held now (for tests and gauges). */
    public long size() {
        states.cleanUp();
        return states.estimatedSize();
    }
}
