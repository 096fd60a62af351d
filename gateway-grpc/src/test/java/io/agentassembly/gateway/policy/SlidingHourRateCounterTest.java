package io.agentassembly.gateway.policy;

import io.agentassembly.policy.engine.RateCounter;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.ArrayList;
import java.util.List;

import static io.agentassembly.policy.engine.RateCounter.Admission.COUNTED;
import static io.agentassembly.policy.engine.RateCounter.Admission.NODE_FULL;
import static io.agentassembly.policy.engine.RateCounter.Admission.OVER_LIMIT;
import static io.agentassembly.policy.engine.RateCounter.Admission.WORKSPACE_FULL;
import static org.assertj.core.api.Assertions.assertThat;

class SlidingHourRateCounterTest {

    private static final Instant T0 = Instant.parse("2026-03-02T10:00:30Z");

    private static final String WS = "ws-a";

    private final SlidingHourRateCounter rates = new SlidingHourRateCounter(1_000, 10_000);
    private final RateCounter counter = rates.forWorkspace(WS);

    @Test
    void allowsUpToTheLimitWithinAnHourAndDoesNotCountRefusedCalls() {
        for (int i = 0; i < 3; i++) {
            assertThat(counter.tryAcquire("agt-1", "search", 3, T0.plusSeconds(i * 600L))).isEqualTo(COUNTED);
        }
        assertThat(counter.tryAcquire("agt-1", "search", 3, T0.plusSeconds(1800))).isEqualTo(OVER_LIMIT);
        assertThat(counter.tryAcquire("agt-1", "search", 3, T0.plusSeconds(3000))).isEqualTo(OVER_LIMIT);
        // the first call leaves the hour 60 minutes after its minute began; the refused calls never counted
        assertThat(counter.tryAcquire("agt-1", "search", 3, T0.plus(Duration.ofMinutes(60)))).isEqualTo(COUNTED);
        assertThat(counter.tryAcquire("agt-1", "search", 3, T0.plus(Duration.ofMinutes(60)))).isEqualTo(OVER_LIMIT);
    }

    @Test
    void theHourSlidesMinuteByMinute() {
        assertThat(counter.tryAcquire("agt-1", "search", 2, T0)).isEqualTo(COUNTED);
        assertThat(counter.tryAcquire("agt-1", "search", 2, T0.plus(Duration.ofMinutes(30)))).isEqualTo(COUNTED);
        assertThat(counter.tryAcquire("agt-1", "search", 2, T0.plus(Duration.ofMinutes(59)))).isEqualTo(OVER_LIMIT);
        assertThat(counter.tryAcquire("agt-1", "search", 2, T0.plus(Duration.ofMinutes(60)))).isEqualTo(COUNTED);
        assertThat(counter.tryAcquire("agt-1", "search", 2, T0.plus(Duration.ofMinutes(89)))).isEqualTo(OVER_LIMIT);
        assertThat(counter.tryAcquire("agt-1", "search", 2, T0.plus(Duration.ofMinutes(90)))).isEqualTo(COUNTED);
    }

    @Test
    void countsEachAgentAndToolOnItsOwn() {
        assertThat(counter.tryAcquire("agt-1", "search", 1, T0)).isEqualTo(COUNTED);
        assertThat(counter.tryAcquire("agt-1", "search", 1, T0)).isEqualTo(OVER_LIMIT);
        assertThat(counter.tryAcquire("agt-1", "shell", 1, T0)).isEqualTo(COUNTED);
        assertThat(counter.tryAcquire("agt-2", "search", 1, T0)).isEqualTo(COUNTED);
    }

    @Test
    void aLimitBelowOneAllowsNothing() {
        assertThat(counter.tryAcquire("agt-1", "search", 0, T0)).isEqualTo(OVER_LIMIT);
        assertThat(rates.windows()).isZero();
    }

    @Test
    void neverCountsPastTheLimitUnderConcurrentCalls() throws Exception {
        AtomicInteger allowed = new AtomicInteger();
        try (ExecutorService pool = Executors.newFixedThreadPool(8)) {
            List<Future<?>> calls = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                calls.add(pool.submit(() -> {
                    for (int j = 0; j < 1_000; j++) {
                        if (counter.tryAcquire("agt-1", "search", 500, T0) == COUNTED) {
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

        assertThat(rates.evictIdle(T0.plus(Duration.ofMinutes(59)))).isEqualTo(2);
        assertThat(rates.evictIdle(T0.plus(Duration.ofMinutes(60)))).isEqualTo(1);
        assertThat(counter.tryAcquire("agt-1", "search", 1, T0.plus(Duration.ofMinutes(61)))).isEqualTo(COUNTED);
    }

    @Test
    void oneWorkspaceFillingItsWindowsWithDistinctToolNamesLeavesOtherWorkspacesCounting() {
        SlidingHourRateCounter node = new SlidingHourRateCounter(50, 1_000);
        RateCounter tenantA = node.forWorkspace("ws-a");
        RateCounter tenantB = node.forWorkspace("ws-b");
        assertThat(tenantA.tryAcquire("agt-a", "search", 3, T0)).isEqualTo(COUNTED);

        // B's agent calls 10,000 distinct tool names under a "*" limit: only its first 50 get a window
        int counted = 0;
        for (int i = 0; i < 10_000; i++) {
            RateCounter.Admission admission = tenantB.tryAcquire("agt-b", "tool-" + i, 100, T0.plusSeconds(i % 30));
            if (admission == COUNTED) {
                counted++;
            } else {
                assertThat(admission).isEqualTo(WORKSPACE_FULL);
            }
        }
        assertThat(counted).isEqualTo(50);
        assertThat(node.windows("ws-b")).isEqualTo(50);
        assertThat(node.refused(WORKSPACE_FULL)).isEqualTo(9_950);

        // A keeps being counted, for its existing window and for new ones, and its limit still holds
        assertThat(tenantA.tryAcquire("agt-a", "search", 3, T0.plusSeconds(40))).isEqualTo(COUNTED);
        assertThat(tenantA.tryAcquire("agt-a", "fetch", 3, T0.plusSeconds(40))).isEqualTo(COUNTED);
        assertThat(tenantA.tryAcquire("agt-a", "search", 3, T0.plusSeconds(50))).isEqualTo(COUNTED);
        assertThat(tenantA.tryAcquire("agt-a", "search", 3, T0.plusSeconds(50))).isEqualTo(OVER_LIMIT);
        assertThat(node.windows("ws-a")).isEqualTo(2);
        // B's existing windows keep counting too: the bound refuses only what needs a new window
        assertThat(tenantB.tryAcquire("agt-b", "tool-7", 100, T0.plusSeconds(50))).isEqualTo(COUNTED);
    }

    @Test
    void aFullWorkspaceMakesRoomFromItsOwnIdleWindowsOnceTheyHaveBeenIdleForAnHour() {
        SlidingHourRateCounter node = new SlidingHourRateCounter(2, 100);
        RateCounter tenant = node.forWorkspace("ws-b");
        assertThat(tenant.tryAcquire("agt-1", "a", 5, T0)).isEqualTo(COUNTED);
        assertThat(tenant.tryAcquire("agt-2", "a", 5, T0)).isEqualTo(COUNTED);

        assertThat(tenant.tryAcquire("agt-3", "a", 5, T0.plusSeconds(60))).isEqualTo(WORKSPACE_FULL);
        assertThat(tenant.tryAcquire("agt-1", "a", 5, T0.plusSeconds(60))).isEqualTo(COUNTED);
        assertThat(node.windows("ws-b")).isEqualTo(2);

        // both windows have been idle for an hour by minute 62: evicted, and agt-3 gets the room
        assertThat(tenant.tryAcquire("agt-3", "a", 5, T0.plus(Duration.ofMinutes(62)))).isEqualTo(COUNTED);
        assertThat(node.windows("ws-b")).isEqualTo(1);
    }

    @Test
    void theNodeBoundIsALastResortSharedByAllWorkspaces() {
        SlidingHourRateCounter node = new SlidingHourRateCounter(2, 3);
        assertThat(node.forWorkspace("ws-a").tryAcquire("agt-a", "x", 5, T0)).isEqualTo(COUNTED);
        assertThat(node.forWorkspace("ws-b").tryAcquire("agt-b", "x", 5, T0)).isEqualTo(COUNTED);
        assertThat(node.forWorkspace("ws-b").tryAcquire("agt-b", "y", 5, T0)).isEqualTo(COUNTED);

        assertThat(node.forWorkspace("ws-c").tryAcquire("agt-c", "x", 5, T0)).isEqualTo(NODE_FULL);
        assertThat(node.windows()).isEqualTo(3);
        assertThat(node.refused(NODE_FULL)).isEqualTo(1);
    }

    @Test
    void workspacesWithoutWindowsAreDroppedAndStartAfresh() {
        assertThat(counter.tryAcquire("agt-1", "search", 1, T0)).isEqualTo(COUNTED);
        assertThat(rates.evictIdle(T0.plus(Duration.ofMinutes(61)))).isZero();
        assertThat(rates.windows(WS)).isZero();

        // the caller still holding the dropped workspace's counter is sent to the new one
        assertThat(counter.tryAcquire("agt-1", "search", 1, T0.plus(Duration.ofMinutes(62)))).isEqualTo(COUNTED);
        assertThat(rates.forWorkspace(WS).tryAcquire("agt-1", "search", 1, T0.plus(Duration.ofMinutes(62))))
                .isEqualTo(OVER_LIMIT);
        assertThat(rates.windows(WS)).isEqualTo(1);
    }
}
