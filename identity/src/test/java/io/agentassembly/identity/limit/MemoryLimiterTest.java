package io.agentassembly.identity.limit;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

class MemoryLimiterTest {

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

    private MemoryLimiter limiter(int maxSubjects) {
        return new MemoryLimiter("test", new LimitSettings(2, Duration.ofMinutes(1), null, null), maxSubjects,
                Clock.fixed(Instant.parse("2026-01-01T10:00:00Z"), ZoneOffset.UTC), meters);
    }

    @Test
    void locksASubjectAndNoOtherAndCountsRefusalsAndLocks() {
        MemoryLimiter limiter = limiter(100);
        limiter.acquire("10.0.0.1");
        assertThat(limiter.acquire("10.0.0.1").lockedUntil()).isNotNull();
        assertThat(limiter.check("10.0.0.1").refused()).isTrue();
        assertThat(limiter.acquire("10.0.0.1").refused()).isTrue();
        assertThat(limiter.check("10.0.0.2").allowed()).isTrue();
        assertThat(limiter.acquire("10.0.0.2").allowed()).isTrue();

        limiter.reset("10.0.0.1");
        assertThat(limiter.check("10.0.0.1").allowed()).isTrue();
        assertThat(meters.get("aasm.limits.refused").tag("limit", "test").counter().count()).isEqualTo(2);
        assertThat(meters.get("aasm.limits.locks").tag("limit", "test").counter().count()).isEqualTo(1);
    }

    @Test
    void checkingASubjectStoresNothing() {
        MemoryLimiter limiter = limiter(100);
        IntStream.range(0, 50).forEach(i -> limiter.check("10.0.1." + i));
        assertThat(limiter.size()).isZero();
    }

    @Test
    void holdsAtMostMaxSubjects() {
        MemoryLimiter limiter = limiter(1_000);
        IntStream.range(0, 20_000).forEach(i -> limiter.acquire("10." + (i >> 16) + "." + ((i >> 8) & 255) + "." + (i & 255)));
        assertThat(limiter.size()).isLessThanOrEqualTo(1_000);
    }
}
