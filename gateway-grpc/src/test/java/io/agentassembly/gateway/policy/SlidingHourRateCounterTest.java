package io.agentassembly.gateway.policy;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class SlidingHourRateCounterTest {

    private static final Instant T0 = Instant.parse("2026-03-02T10:00:30Z");

    private final SlidingHourRateCounter counter = new SlidingHourRateCounter(1_000);

    @Test
    void allowsUpToTheLimitWithinAnHourAndDoesNotCountRefusedCalls() {
        for (int i = 0; i < 3; i++) {
            assertThat(counter.tryAcquire("agt-1", "search", 3, T0.plusSeconds(i * 600L))).isTrue();
        }
        assertThat(counter.tryAcquire("agt-1", "search", 3, T0.plusSeconds(1800))).isFalse();
        assertThat(counter.tryAcquire("agt-1", "search", 3, T0.plusSeconds(3000))).isFalse();
        // the first call leaves the hour 60 minutes after its minute began; the refused calls never counted
        assertThat(counter.tryAcquire("agt-1", "search", 3, T0.plus(Duration.ofMinutes(60)))).isTrue();
        assertThat(counter.tryAcquire("agt-1", "search", 3, T0.plus(Duration.ofMinutes(60)))).isFalse();
    }

    @Test
    void theHourSlidesMinuteByMinute() {
        assertThat(counter.tryAcquire("agt-1", "search", 2, T0)).isTrue();
        assertThat(counter.tryAcquire("agt-1", "search", 2, T0.plus(Duration.ofMinutes(30)))).isTrue();
        assertThat(counter.tryAcquire("agt-1", "search", 2, T0.plus(Duration.ofMinutes(59)))).isFalse();
        assertThat(counter.tryAcquire("agt-1", "search", 2, T0.plus(Duration.ofMinutes(60)))).isTrue();
        assertThat(counter.tryAcquire("agt-1", "search", 2, T0.plus(Duration.ofMinutes(89)))).isFalse();
        assertThat(counter.tryAcquire("agt-1", "search", 2, T0.plus(Duration.ofMinutes(90)))).isTrue();
    }

    @Test
    void countsEachAgentAndToolOnItsOwn() {
        assertThat(counter.tryAcquire("agt-1", "search", 1, T0)).isTrue();
        assertThat(counter.tryAcquire("agt-1", "search", 1, T0)).isFalse();
        assertThat(counter.tryAcquire("agt-1", "shell", 1, T0)).isTrue();
        assertThat(counter.tryAcquire("agt-2", "search", 1, T0)).isTrue();
    }

    @Test
    void aLimitBelowOneAllowsNothing() {
        assertThat(counter.tryAcquire("agt-1", "search", 0, T0)).isFalse();
        assertThat(counter.windows()).isZero();
    }

    @Test
    void neverCountsPastTheLimitUnderConcurrentCalls() throws Exception {
        AtomicInteger allowed = new AtomicInteger();
        try (ExecutorService pool = Executors.newFixedThreadPool(8)) {
            List<Future<?>> calls = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                calls.add(pool.submit(() -> {
                    for (int j = 0; j < 1_000; j++) {
                        if (counter.tryAcquire("agt-1", "search", 500, T0)) {
                            allowed.incrementAndGet();
                        }
                    }
                }));
            }
            for (Future<?> call : calls) {
                call.get();
            }
        }
        assertThat(allowed.get()).isEqualTo(500);
    }

    @Test
    void evictsWindowsIdleForAnHourAndStartsThemAfresh() {
        counter.tryAcquire("agt-1", "search", 1, T0);
        counter.tryAcquire("agt-2", "search", 1, T0.plus(Duration.ofMinutes(30)));

        assertThat(counter.evictIdle(T0.plus(Duration.ofMinutes(59)))).isEqualTo(2);
        assertThat(counter.evictIdle(T0.plus(Duration.ofMinutes(60)))).isEqualTo(1);
        assertThat(counter.tryAcquire("agt-1", "search", 1, T0.plus(Duration.ofMinutes(61)))).isTrue();
    }

    @Test
    void memoryIsBoundedAndANewPairBeyondItIsRefusedUnlessIdleOnesCanGo() {
        SlidingHourRateCounter small = new SlidingHourRateCounter(2);
        assertThat(small.tryAcquire("agt-1", "a", 5, T0)).isTrue();
        assertThat(small.tryAcquire("agt-2", "a", 5, T0)).isTrue();

        assertThat(small.tryAcquire("agt-3", "a", 5, T0.plusSeconds(60))).isFalse();
        assertThat(small.tryAcquire("agt-1", "a", 5, T0.plusSeconds(60))).isTrue();
        assertThat(small.windows()).isEqualTo(2);

        assertThat(small.tryAcquire("agt-3", "a", 5, T0.plus(Duration.ofMinutes(62)))).isTrue();
        assertThat(small.windows()).isEqualTo(1);
    }
}
