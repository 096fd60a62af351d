package io.agentassembly.identity.limit;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class LimitStateTest {

    private static final Instant T0 = Instant.parse("2026-01-01T10:00:00Z");
    /** 3 events in 15 minutes lock for 5 minutes, doubling to at most 30 minutes. */
    private static final LimitSettings SETTINGS = new LimitSettings(3, Duration.ofMinutes(15), Duration.ofMinutes(5),
            Duration.ofMinutes(30));

    private LimitState state = LimitState.fresh(T0);

    private LimitOutcome acquire(Instant at) {
        LimitState.Step step = state.acquire(SETTINGS, at);
        state = step.state();
        return step.outcome();
    }

    @Test
    void theEventThatReachesTheMaxLocksAndLaterOnesAreRefusedUntilTheLockEnds() {
        assertThat(acquire(T0)).isEqualTo(LimitOutcome.ALLOWED);
        assertThat(acquire(T0.plusSeconds(1))).isEqualTo(LimitOutcome.ALLOWED);
        LimitOutcome third = acquire(T0.plusSeconds(2));
        assertThat(third.allowed()).isTrue();
        assertThat(third.lockedUntil()).isEqualTo(T0.plusSeconds(2).plus(Duration.ofMinutes(5)));

        LimitOutcome refused = acquire(T0.plusSeconds(3));
        assertThat(refused.refused()).isTrue();
        assertThat(refused.firstRefusal()).isTrue();
        assertThat(refused.retryAfterSeconds(T0.plusSeconds(3))).isEqualTo(299);
        assertThat(acquire(T0.plusSeconds(4)).firstRefusal()).isFalse();
        assertThat(state.events()).as("refused attempts are not counted").isZero();

        assertThat(acquire(T0.plusSeconds(2).plus(Duration.ofMinutes(5)))).isEqualTo(LimitOutcome.ALLOWED);
    }

    @Test
    void eventsOfAnEndedWindowAreForgotten() {
        acquire(T0);
        acquire(T0.plusSeconds(60));
        assertThat(acquire(T0.plus(Duration.ofMinutes(15)))).isEqualTo(LimitOutcome.ALLOWED);
        assertThat(state.events()).isEqualTo(1);
        assertThat(state.windowStartedAt()).isEqualTo(T0.plus(Duration.ofMinutes(15)));
    }

    @Test
    void repeatedLocksGrowUpToTheMaxLockoutAndAQuietWindowAfterALockStartsAgain() {
        Instant now = T0;
        Duration[] expected = {Duration.ofMinutes(5), Duration.ofMinutes(10), Duration.ofMinutes(20), Duration.ofMinutes(30),
                Duration.ofMinutes(30)};
        for (Duration lock : expected) {
            acquire(now);
            acquire(now);
            assertThat(acquire(now).lockedUntil()).isEqualTo(now.plus(lock));
            now = now.plus(lock);
        }
        now = now.plus(Duration.ofMinutes(15));
        acquire(now);
        acquire(now);
        assertThat(acquire(now).lockedUntil()).isEqualTo(now.plus(Duration.ofMinutes(5)));
    }

    @Test
    void checkingRefusesOnlyWhileLockedAndCountsNothing() {
        assertThat(state.check(T0).outcome()).isEqualTo(LimitOutcome.ALLOWED);
        assertThat(state.check(T0).state()).isEqualTo(state);
        acquire(T0);
        acquire(T0);
        acquire(T0);
        LimitState.Step checked = state.check(T0.plusSeconds(1));
        assertThat(checked.outcome().refused()).isTrue();
        assertThat(checked.outcome().firstRefusal()).isTrue();
        assertThat(checked.state().refusals()).isEqualTo(1);
        assertThat(checked.state().check(T0.plusSeconds(2)).outcome().firstRefusal()).isFalse();
    }

    @Test
    void aStateIsForgottenOnceAFreshOneWouldAnswerTheSame() {
        acquire(T0);
        assertThat(state.forgetAt(SETTINGS)).isEqualTo(T0.plus(Duration.ofMinutes(15)));
        acquire(T0);
        acquire(T0);
        assertThat(state.forgetAt(SETTINGS)).isEqualTo(T0.plus(Duration.ofMinutes(20)));
    }

    @Test
    void settingsDefaultTheLockoutToTheWindowAndRefuseNonsense() {
        LimitSettings settings = new LimitSettings(10, Duration.ofHours(1), null, null);
        assertThat(settings.lockout()).isEqualTo(Duration.ofHours(1));
        assertThat(settings.lockoutAfter(5)).isEqualTo(Duration.ofHours(1));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new LimitSettings(0, Duration.ofHours(1), null, null))
                .isInstanceOf(IllegalArgumentException.class);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new LimitSettings(1, Duration.ofHours(1),
                Duration.ofMinutes(10), Duration.ofMinutes(5))).isInstanceOf(IllegalArgumentException.class);
    }
}
