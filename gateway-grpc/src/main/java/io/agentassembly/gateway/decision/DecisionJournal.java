package io.agentassembly.gateway.decision;

import org.axonframework.eventhandling.EventMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Durable, group-committed recording of gateway decisions. Callers enqueue an event and get a future that
 * completes once the event is committed to the event store. Writer threads drain whatever has queued up
 * while the previous transaction ran, so concurrent callers share one commit: batches grow with load and
 * a lone caller pays for one single-row commit. A failed commit fails every future of its batch, and the
 * gateway then answers UNAVAILABLE instead of an unrecorded decision.
 * <p>
 * Decisions go straight to the storage engine, not through the event bus: no subscribing handler reacts to
 * them, and dispatching every decision through the bus cost more than the write itself. The
 * {@link DecisionStore} decides how a batch is written (the app's also writes the audit entries with it).
 */
public class DecisionJournal implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(DecisionJournal.class);

    private record Pending(List<EventMessage<?>> events, CompletableFuture<Void> committed) {
    }

    private final DecisionStore store;
    private final int maxBatch;
    private final int writers;
    private final BlockingQueue<Pending> queue;
    private final List<Thread> threads = new ArrayList<>();
    private volatile boolean running;

    public DecisionJournal(DecisionStore store, int maxBatch, int writers, int capacity) {
        this.store = store;
        this.maxBatch = maxBatch;
        this.writers = writers;
        this.queue = new ArrayBlockingQueue<>(capacity);
    }

    /** Completes when the events are durable; fails if they could not be written or the journal is full. */
    public CompletableFuture<Void> append(List<EventMessage<?>> events) {
        CompletableFuture<Void> committed = new CompletableFuture<>();
        if (!running || !queue.offer(new Pending(events, committed))) {
            committed.completeExceptionally(new JournalUnavailableException(running
                    ? "the decision journal is saturated" : "the decision journal is not running"));
        }
        return committed;
    }

    private void writeLoop() {
        List<Pending> batch = new ArrayList<>(maxBatch);
        while (running || !queue.isEmpty()) {
            try {
                Pending first = queue.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, maxBatch - 1);
                commit(batch);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } finally {
                batch.clear();
            }
        }
    }

    private void commit(List<Pending> batch) {
        List<EventMessage<?>> events = new ArrayList<>(batch.size());
        batch.forEach(p -> events.addAll(p.events()));
        try {
            store.write(events);
            batch.forEach(p -> p.committed().complete(null));
        } catch (RuntimeException e) {
            log.error("could not record {} gateway decisions; their callers are answered UNAVAILABLE", events.size(), e);
            JournalUnavailableException failure = new JournalUnavailableException("the audit store is unavailable");
            batch.forEach(p -> p.committed().completeExceptionally(failure));
        }
    }

    @Override
    public void start() {
        running = true;
        for (int i = 0; i < writers; i++) {
            Thread thread = Thread.ofPlatform().name("decision-journal-" + i).daemon().start(this::writeLoop);
            threads.add(thread);
        }
    }

    @Override
    public void stop() {
        running = false;
        for (Thread thread : threads) {
            try {
                thread.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        threads.clear();
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
