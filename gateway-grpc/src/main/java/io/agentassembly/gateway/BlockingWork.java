package io.agentassembly.gateway;

import io.grpc.StatusRuntimeException;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The gateway's pool for work that waits on the database, and each workspace's share of it. Its size bounds how
 * many database waits the gateway holds at once; {@code perWorkspace} (half the threads by default) bounds how many
 * of them one workspace may hold once its caller is authenticated, so one tenant's slow or flooding
 * registrations, reports or approvals leave threads for the others. Calls not yet authenticated (their
 * credential is what names the workspace) share the pool's queue bound only: a flood of them is refused at the
 * queue, and each of them reaches its workspace's share quickly, since authentication is served from a cache.
 */
public final class BlockingWork {

    private final GatewayExecutors.Pool pool;
    private final int perWorkspace;
    private final ConcurrentHashMap<String, Integer> inFlight = new ConcurrentHashMap<>();
    private final LongAdder refusedShare = new LongAdder();

    BlockingWork(GatewayExecutors.Pool pool, int perWorkspace) {
        if (perWorkspace < 1) {
            throw new IllegalArgumentException("aasm.gateway.blocking.per-workspace must be at least 1, not " + perWorkspace);
        }
        this.pool = pool;
        this.perWorkspace = perWorkspace;
    }

    public GatewayExecutors.Pool pool() {
        return pool;
    }

    /**
     * Runs database work of the workspace on the calling thread (a blocking-pool thread) within its share.
     *
     * @throws StatusRuntimeException RESOURCE_EXHAUSTED when the workspace already holds its share
     */
    public <R> R run(String workspaceId, Supplier<R> work) {
        if (!acquire(workspaceId)) {
            throw shareUsedUp();
        }
        try {
            return work.get();
        } finally {
            release(workspaceId);
        }
    }

    /**
     * Hands work of the workspace to the pool, or calls {@code refused} with RESOURCE_EXHAUSTED (on the calling
     * thread) when the pool's queue is full or the workspace holds its share.
     */
    public void submit(String workspaceId, Runnable work, Consumer<StatusRuntimeException> refused) {
        if (!pool.admits()) {
            refused.accept(GrpcStatuses.exhausted(pool.refusal()));
            return;
        }
        if (!acquire(workspaceId)) {
            refused.accept(shareUsedUp());
            return;
        }
        try {
            pool.executor().execute(() -> {
                try {
                    work.run();
                } finally {
                    release(workspaceId);
                }
            });
        } catch (RuntimeException e) {
            release(workspaceId);
            throw e;
        }
    }

    /** Calls refused because their workspace held its share. */
    public long refusedShare() {
        return refusedShare.sum();
    }

    public int perWorkspace() {
        return perWorkspace;
    }

    private boolean acquire(String workspaceId) {
        boolean[] acquired = new boolean[1];
        inFlight.compute(workspaceId, (key, held) -> {
            int count = held == null ? 0 : held;
            if (count >= perWorkspace) {
                return held;
            }
            acquired[0] = true;
            return count + 1;
        });
        if (!acquired[0]) {
            refusedShare.increment();
        }
        return acquired[0];
    }

    private void release(String workspaceId) {
        inFlight.computeIfPresent(workspaceId, (key, held) -> held <= 1 ? null : held - 1);
    }

    private StatusRuntimeException shareUsedUp() {
        return GrpcStatuses.exhausted("this workspace already has " + perWorkspace
                + " calls waiting on the database on this gateway node, the most one workspace may; retry later,"
                + " with back-off");
    }
}
