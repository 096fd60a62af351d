package io.agentassembly.gateway.policy;

import io.agentassembly.policy.engine.RateCounter;
import io.agentassembly.policy.engine.RateCounter.Admission;
import org.springframework.scheduling.annotation.Scheduled;

import java.time.Instant;
import java.util.Arrays;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * {@code limit_per_hour} counts of this node: per workspace, agent and tool, a sliding hour of 60 one-minute
 * buckets. A call is counted only when it is within the limit. Windows idle for an hour hold nothing and are
 * evicted by {@link #evictIdle}.
 * <p>
 * Memory is bounded <em>per workspace</em>: a workspace holds at most {@code maxWindowsPerWorkspace} windows, so
 * a tenant whose agents call many distinct tool names under a {@code "*"} limit fills only its own share; its
 * calls that need a new window are then refused ({@link Admission#WORKSPACE_FULL}, fail closed) while every other
 * workspace keeps counting. A workspace at its bound evicts its own idle windows at most once a minute (idle
 * windows only become evictable when a minute passes), so refused calls cost no scan of other tenants' windows.
 * {@code maxWindows} bounds the node as a last resort ({@link Admission#NODE_FULL}): the node holds at most
 * {@code min(maxWindows, maxWindowsPerWorkspace × workspaces counting within the hour)} windows.
 * <p>
 * Counts are per gateway node and in memory: with N nodes behind a load balancer an agent can make up to N
 * times its limit, and a restart forgets the hour.
 */
public class SlidingHourRateCounter {

    static final int BUCKETS = 60;
    private static final long BUCKET_SECONDS = 60;
    /** {@link WorkspaceWindows#size} once the workspace has been dropped from the map. */
    private static final int RETIRED_SIZE = -1;

    private record Key(String agentKey, String toolName) {
    }

    private enum Room {
        TAKEN(null), RETIRED(null), WORKSPACE_FULL(Admission.WORKSPACE_FULL), NODE_FULL(Admission.NODE_FULL);

        final Admission admission;

        Room(Admission admission) {
            this.admission = admission;
        }
    }

    /**
     * One pair's hour: {@code counts[minute mod 60]} calls in each of the 60 minutes up to {@code newestMinute},
     * {@code inHour} their sum. About 290 bytes. Once evicted a window refuses to count, and the caller starts a
     * fresh one.
     */
    private static final class Window {
        private final int[] counts = new int[BUCKETS];
        private long newestMinute;
        private int inHour;
        private boolean evicted;

        Window(long minute) {
            this.newestMinute = minute;
        }

        /** TRUE counted, FALSE over the limit, null evicted. */
        synchronized Boolean tryAcquire(long minute, int limit) {
            if (evicted) {
                return null;
            }
            advanceTo(minute);
            if (inHour >= limit) {
                return false;
            }
            counts[slot(newestMinute)]++;
            inHour++;
            return true;
        }

        /** Empties the buckets of the minutes that left the hour; a call stamped earlier counts in the newest minute. */
        private void advanceTo(long minute) {
            if (minute <= newestMinute) {
                return;
            }
            if (minute - newestMinute >= BUCKETS) {
                Arrays.fill(counts, 0);
                inHour = 0;
            } else {
                for (long m = newestMinute + 1; m <= minute; m++) {
                    int slot = slot(m);
                    inHour -= counts[slot];
                    counts[slot] = 0;
                }
            }
            newestMinute = minute;
        }

        synchronized boolean evictIfIdle(long minute) {
            evicted = minute - newestMinute >= BUCKETS;
            return evicted;
        }

        private static int slot(long minute) {
            return (int) Math.floorMod(minute, (long) BUCKETS);
        }
    }

    /** One workspace's windows and how many it holds; {@link #size} is {@link #RETIRED_SIZE} once it left the map. */
    private final class WorkspaceWindows implements RateCounter {
        private final String workspaceId;
        private final ConcurrentHashMap<Key, Window> windows = new ConcurrentHashMap<>();
        private final AtomicInteger size = new AtomicInteger();
        private volatile long lastEvictionMinute = Long.MIN_VALUE;

        WorkspaceWindows(String workspaceId) {
            this.workspaceId = workspaceId;
        }

        @Override
        public Admission tryAcquire(String agentKey, String toolName, int limitPerHour, Instant now) {
            if (limitPerHour <= 0) {
                return Admission.OVER_LIMIT;
            }
            long minute = Math.floorDiv(now.getEpochSecond(), BUCKET_SECONDS);
            Key key = new Key(agentKey, toolName);
            while (true) {
                Window window = windows.get(key);
                if (window == null) {
                    Room room = reserve(minute);
                    switch (room) {
                        case RETIRED -> {
                            return forWorkspace(workspaceId).tryAcquire(agentKey, toolName, limitPerHour, now);
                        }
                        case WORKSPACE_FULL, NODE_FULL -> {
                            return refuse(room.admission);
                        }
                        case TAKEN -> {
                            Window created = new Window(minute);
                            window = windows.putIfAbsent(key, created);
                            if (window == null) {
                                window = created;
                            } else {
                                release();
                            }
                        }
                    }
                }
                Boolean counted = window.tryAcquire(minute, limitPerHour);
                if (counted != null) {
                    return counted ? Admission.COUNTED : Admission.OVER_LIMIT;
                }
                if (windows.remove(key, window)) {
                    release();
                }
            }
        }

        /** Takes room for one more window, evicting this workspace's idle ones first (once a minute) when full. */
        private Room reserve(long minute) {
            while (true) {
                int held = size.get();
                if (held == RETIRED_SIZE) {
                    return Room.RETIRED;
                }
                if (held >= maxWindowsPerWorkspace) {
                    if (minute > lastEvictionMinute) {
                        lastEvictionMinute = minute;
                        evictIdle(minute);
                        continue;
                    }
                    return Room.WORKSPACE_FULL;
                }
                if (size.compareAndSet(held, held + 1)) {
                    break;
                }
            }
            if (total.incrementAndGet() > maxWindows) {
                release();
                return Room.NODE_FULL;
            }
            return Room.TAKEN;
        }

        private void release() {
            size.decrementAndGet();
            total.decrementAndGet();
        }

        /** Drops the windows without a call in the last hour, and the workspace itself once it holds none. */
        void evictIdle(long minute) {
            windows.forEach((key, window) -> {
                if (window.evictIfIdle(minute) && windows.remove(key, window)) {
                    release();
                }
            });
            if (size.compareAndSet(0, RETIRED_SIZE)) {
                workspaces.remove(workspaceId, this);
            }
        }
    }

    private final ConcurrentHashMap<String, WorkspaceWindows> workspaces = new ConcurrentHashMap<>();
    private final AtomicInteger total = new AtomicInteger();
    private final LongAdder refusedWorkspaceFull = new LongAdder();
    private final LongAdder refusedNodeFull = new LongAdder();
    private final int maxWindowsPerWorkspace;
    private final int maxWindows;

    public SlidingHourRateCounter(int maxWindowsPerWorkspace, int maxWindows) {
        if (maxWindowsPerWorkspace < 1 || maxWindows < maxWindowsPerWorkspace) {
            throw new IllegalArgumentException("aasm.gateway.rate-counter.max-windows-per-workspace must be at least 1"
                    + " and at most aasm.gateway.rate-counter.max-windows; got " + maxWindowsPerWorkspace + " and "
                    + maxWindows);
        }
        this.maxWindowsPerWorkspace = maxWindowsPerWorkspace;
        this.maxWindows = maxWindows;
    }

    /** The counter of one workspace's agents; a workspace never sees or fills another's windows. */
    public RateCounter forWorkspace(String workspaceId) {
        WorkspaceWindows counter = workspaces.get(workspaceId);
        return counter != null ? counter : workspaces.computeIfAbsent(workspaceId, WorkspaceWindows::new);
    }

    @Scheduled(fixedDelayString = "${aasm.gateway.rate-counter.evict-interval:60s}")
    public void evictIdle() {
        evictIdle(Instant.now());
    }

    /** Drops the windows without a call in the last hour; returns how many are left on the node. */
    public int evictIdle(Instant now) {
        long minute = Math.floorDiv(now.getEpochSecond(), BUCKET_SECONDS);
        workspaces.values().forEach(workspace -> workspace.evictIdle(minute));
        return total.get();
    }

    /** Windows held on this node. */
    public int windows() {
        return total.get();
    }

    /** Windows held for one workspace on this node. */
    public int windows(String workspaceId) {
        WorkspaceWindows workspace = workspaces.get(workspaceId);
        return workspace == null ? 0 : Math.max(0, workspace.size.get());
    }

    /** Calls refused because their workspace (WORKSPACE_FULL) or the node (NODE_FULL) held as many windows as it may. */
    public long refused(Admission reason) {
        return switch (reason) {
            case WORKSPACE_FULL -> refusedWorkspaceFull.sum();
            case NODE_FULL -> refusedNodeFull.sum();
            default -> 0;
        };
    }

    private Admission refuse(Admission reason) {
        (reason == Admission.WORKSPACE_FULL ? refusedWorkspaceFull : refusedNodeFull).increment();
        return reason;
    }
}
