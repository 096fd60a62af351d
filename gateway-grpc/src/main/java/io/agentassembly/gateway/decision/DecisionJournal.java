package io.agentassembly.gateway.decision;

import io.agentassembly.command.api.budget.SpendClaim;
import org.axonframework.eventhandling.EventMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * Durable, group-committed recording of gateway decisions. Callers enqueue their events with a callback that
 * runs once the events are committed. There are no writer threads: a caller that finds a free writer slot
 * (at most {@code writers} commits run at once) becomes the writer, and commits everything that has queued up,
 * again and again until the queue is empty. Concurrent callers therefore share one commit (batches grow with
 * load), and a lone caller commits its own decision on its own thread, with no hand-off to another thread.
 * A commit the store refuses because of what it holds ({@link DecisionStore#refusedContent}) is retried in halves,
 * recursively, so only the callers whose own events cannot be written are failed and every other caller's
 * decision commits (a batch of n with one such item costs about 2·log2(n) extra statements, and nothing extra
 * when nothing fails). Any other failure (the database is unreachable) fails every future of its batch at once.
 * A failed caller is answered UNAVAILABLE instead of an unrecorded decision.
 * <p>
 * The {@link DecisionStore} decides how a batch is written: with the JDBC event store straight into its table
 * together with the audit entries, not through the event bus (no subscribing handler reacts to decisions, and
 * dispatching every decision through the bus cost more than the write itself); with Axon Server through the event
 * store's API (docs/adr/0018).
 */
public class DecisionJournal implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(DecisionJournal.class);

    private record Pending(List<EventMessage<?>> events, List<SpendClaim> claims,
                           CompletableFuture<Map<String, Integer>> committed) {
    }

    private final DecisionStore store;
    private final int maxBatch;
    private final int writers;
    private final Semaphore writerSlots;
    private final BlockingQueue<Pending> queue;
    private volatile boolean running;

    public DecisionJournal(DecisionStore store, int maxBatch, int writers, int capacity) {
        this.store = store;
        this.maxBatch = maxBatch;
        this.writers = writers;
        this.writerSlots = new Semaphore(writers);
        this.queue = new ArrayBlockingQueue<>(capacity);
    }

    /**
     * Records the events and then calls {@code whenRecorded} with null, or with the failure if they could not be
     * written or the journal is full. The callback is registered before anything is written, because the calling
     * thread may become the writer and commit other callers' batches before this method returns.
     */
    public void append(List<EventMessage<?>> events, Consumer<Throwable> whenRecorded) {
        append(events, List.of(), (denied, failure) -> whenRecorded.accept(failure));
    }

    /**
     * Records the decision events and grants their budget claims ({@link DecisionStore#write}); then calls
     * {@code whenRecorded} with the decisions the budget arbiter denied (event id → index of the deciding limit in
     * its claim) and null, or with null and the failure.
     */
    public void append(List<EventMessage<?>> events, List<SpendClaim> claims,
                       BiConsumer<Map<String, Integer>, Throwable> whenRecorded) {
        CompletableFuture<Map<String, Integer>> committed = new CompletableFuture<>();
        committed.whenComplete(whenRecorded);
        if (!running || !queue.offer(new Pending(events, claims, committed))) {
            committed.completeExceptionally(new JournalUnavailableException(running
                    ? "the decision journal is saturated" : "the decision journal is not running"));
            return;
        }
        writeWhileQueued();
    }

    /** Re-checks the queue after giving the slot back, so an entry queued during the last commit is never stranded. */
    private void writeWhileQueued() {
        while (!queue.isEmpty() && writerSlots.tryAcquire()) {
            try {
                drainAndCommit();
            } finally {
                writerSlots.release();
            }
        }
    }

    private void drainAndCommit() {
        List<Pending> batch = new ArrayList<>(Math.min(maxBatch, 64));
        while (queue.drainTo(batch, maxBatch) > 0) {
            commit(batch);
            batch.clear();
        }
    }

    private void commit(List<Pending> batch) {
        List<EventMessage<?>> events = new ArrayList<>(batch.size() * 2);
        List<SpendClaim> claims = new ArrayList<>();
        batch.forEach(p -> {
            events.addAll(p.events());
            claims.addAll(p.claims());
        });
        Map<String, Integer> denied;
        try {
            denied = store.write(events, claims);
        } catch (RuntimeException e) {
            if (batch.size() > 1 && store.refusedContent(e)) {
                log.warn("the store refused a batch of {} gateway decisions ({}); writing its halves separately",
                        batch.size(), e.getMessage());
                int half = batch.size() / 2;
                commit(batch.subList(0, half));
                commit(batch.subList(half, batch.size()));
                return;
            }
            log.error("could not record {} gateway decisions; their callers are answered UNAVAILABLE", events.size(), e);
            JournalUnavailableException failure = new JournalUnavailableException("the audit store is unavailable");
            batch.forEach(p -> p.committed().completeExceptionally(failure));
            return;
        }
        batch.forEach(p -> p.committed().complete(denied));
    }

    @Override
    public void start() {
        running = true;
    }

    /** Refuses new decisions, waits for commits in flight, and records what is still queued. */
    @Override
    public void stop() {
        running = false;
        try {
            if (writerSlots.tryAcquire(writers, 5, TimeUnit.SECONDS)) {
                try {
                    drainAndCommit();
                } finally {
                    writerSlots.release(writers);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        queue.forEach(p -> p.committed().completeExceptionally(new JournalUnavailableException("shutting down")));
        queue.clear();
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Stops after the gRPC server (higher phases stop first) so in-flight decisions are still recorded. */
    @Override
    public int getPhase() {
        return Integer.MAX_VALUE - 2048;
    }

    public static final class JournalUnavailableException extends RuntimeException {
        public JournalUnavailableException(String message) {
            super(message, null, false, false);
        }
    }
}
