package io.agentassembly.command.domain.workspace;

import org.axonframework.eventsourcing.Snapshotter;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;

/**
 * Takes snapshots on a thread of its own once the command that triggered them has committed. Axon's snapshotter
 * would take them in the committing thread, which then needs a second database connection while still holding
 * its first and the aggregate's lock: under a burst of commands on one workspace every pooled connection is held
 * by a command waiting for that lock, and the snapshot (and the lock) waits for the pool's timeout. At most one
 * snapshot per aggregate is pending, so one busy workspace cannot crowd out the others' snapshots; a snapshot
 * is a cache, so one dropped at shutdown is simply taken later.
 */
final class BackgroundSnapshots implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(BackgroundSnapshots.class);

    private final Snapshotter snapshotter;
    private final Set<String> pending = ConcurrentHashMap.newKeySet();
    private final ExecutorService worker = Executors.newSingleThreadExecutor(
            Thread.ofPlatform().name("workspace-snapshots").daemon().factory());

    BackgroundSnapshots(Snapshotter snapshotter) {
        this.snapshotter = snapshotter;
    }

    /** The snapshotter a trigger definition hands its snapshots to. */
    Snapshotter snapshotter() {
        return this::schedule;
    }

    private void schedule(Class<?> aggregateType, String aggregateIdentifier) {
        // A trigger fires while events are applied (before the commit) or, when loading the history was enough,
        // at clean-up (after it): only the first may wait for the commit.
        if (CurrentUnitOfWork.isStarted()
                && !CurrentUnitOfWork.get().root().phase().isAfter(UnitOfWork.Phase.COMMIT)) {
            CurrentUnitOfWork.get().root().afterCommit(unitOfWork -> submit(aggregateType, aggregateIdentifier));
        } else {
            submit(aggregateType, aggregateIdentifier);
        }
    }

    private void submit(Class<?> aggregateType, String aggregateIdentifier) {
        if (!pending.add(aggregateIdentifier)) {
            return;
        }
        try {
            worker.execute(() -> {
                pending.remove(aggregateIdentifier);
                snapshotter.scheduleSnapshot(aggregateType, aggregateIdentifier);
            });
        } catch (RejectedExecutionException shuttingDown) {
            pending.remove(aggregateIdentifier);
            log.debug("no snapshot of {} {}: shutting down", aggregateType.getSimpleName(), aggregateIdentifier);
        }
    }

    @Override
    public void close() {
        worker.shutdownNow();
    }
}
