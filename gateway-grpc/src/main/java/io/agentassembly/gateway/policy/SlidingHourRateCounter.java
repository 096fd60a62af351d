package io.agentassembly.gateway.policy;

import io.agentassembly.policy.engine.RateCounter;
import org.springframework.scheduling.annotation.Scheduled;

import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@code limit_per_hour} counts of this node: per agent and tool, a sliding hour of 60 one-minute buckets. A
 * call is counted only when it is within the limit. Windows idle for an hour hold nothing and are evicted by
 * {@link #evictIdle}; at most {@code maxWindows} are held, and a new agent–tool pair beyond that (after
 * evicting idle ones) is refused rather than let through uncounted (fail closed).
 * <p>
 * Counts are per gateway node and in memory: with N nodes behind a load balancer an agent can make up to N
 * times its limit, and a restart forgets the hour.
 */
public class SlidingHourRateCounter implements RateCounter {

    static final int BUCKETS = 60;
    private static final long BUCKET_SECONDS = 60;

    private record Key(String agentKey, String toolName) {
    }

    /**
     * One pair's hour: {@code counts[i]} calls in epoch minute {@code stamps[i]}, {@code i = minute mod 60}. Once
     * evicted a window refuses to count, and the caller starts a fresh one.
     */
    private static final class Window {
        private final long[] stamps = new long[BUCKETS];
        private final int[] counts = new int[BUCKETS];
        private long lastMinute;
        private boolean evicted;

        /** TRUE counted, FALSE over the limit, null evicted. */
        synchronized Boolean tryAcquire(long minute, int limit) {
            if (evicted) {
                return null;
            }
            int inHour = 0;
            for (int i = 0; i < BUCKETS; i++) {
                if (minute - stamps[i] < BUCKETS && stamps[i] <= minute) {
                    inHour += counts[i];
                }
            }
            lastMinute = Math.max(lastMinute, minute);
            if (inHour >= limit) {
                return false;
            }
            int slot = (int) Math.floorMod(minute, (long) BUCKETS);
            if (stamps[slot] != minute) {
                stamps[slot] = minute;
                counts[slot] = 0;
            }
            counts[slot]++;
            return true;
        }

        synchronized boolean evictIfIdle(long minute) {
            evicted = minute - lastMinute >= BUCKETS;
            return evicted;
        }
    }

    private final ConcurrentHashMap<Key, Window> windows = new ConcurrentHashMap<>();
    private final int maxWindows;

    public SlidingHourRateCounter(int maxWindows) {
        this.maxWindows = maxWindows;
    }

    @Override
    public boolean tryAcquire(String agentKey, String toolName, int limitPerHour, Instant now) {
        if (limitPerHour <= 0) {
            return false;
        }
        long minute = Math.floorDiv(now.getEpochSecond(), BUCKET_SECONDS);
        Key key = new Key(agentKey, toolName);
        while (true) {
            Window window = windows.get(key);
            if (window == null) {
                if (windows.size() >= maxWindows && evictIdle(now) >= maxWindows) {
                    return false;
                }
                window = windows.computeIfAbsent(key, k -> new Window());
            }
            Boolean counted = window.tryAcquire(minute, limitPerHour);
            if (counted != null) {
                return counted;
            }
            windows.remove(key, window);
        }
    }

    @Scheduled(fixedDelayString = "${aasm.gateway.rate-counter.evict-interval:60s}")
    public void evictIdle() {
        evictIdle(Instant.now());
    }

    /** Drops the windows without a call in the last hour; returns how many are left. */
    public int evictIdle(Instant now) {
        long minute = Math.floorDiv(now.getEpochSecond(), BUCKET_SECONDS);
        windows.values().removeIf(window -> window.evictIfIdle(minute));
        return windows.size();
    }

    public int windows() {
        return windows.size();
    }
}
