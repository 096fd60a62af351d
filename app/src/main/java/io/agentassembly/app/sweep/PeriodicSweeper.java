package io.agentassembly.app.sweep;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.scheduling.TaskScheduler;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.function.Function;
import java.util.function.IntFunction;
import java.util.function.Predicate;

/**
 * Runs {@link #sweep()} every interval on every node. A sweep closes what is due batch by batch; the aggregates
 * make closing twice a no-op, so nodes sweeping the same item record it once. A failure ends the sweep; the
 * next one retries.
 */
public abstract class PeriodicSweeper implements SmartLifecycle {

    protected static final int BATCH = 200;

    private final Logger log = LoggerFactory.getLogger(getClass());
    private final TaskScheduler scheduler;
    private final Duration interval;
    private volatile ScheduledFuture<?> sweeping;

    protected PeriodicSweeper(TaskScheduler scheduler, Duration interval) {
        this.scheduler = scheduler;
        this.interval = interval;
    }

    /** Closes what is due now; returns how many items it closed. */
    public abstract int sweep();

    /**
     * Lists due items ({@code due} gets the batch size) and closes each ({@code close} answers whether it changed
     * anything), until a batch is short or closes nothing.
     */
    protected <T> int closeDue(IntFunction<List<T>> due, Predicate<T> close, Function<T, String> name) {
        int closed = 0;
        List<T> batch;
        int closedInBatch;
        do {
            batch = due.apply(BATCH);
            closedInBatch = 0;
            for (T item : batch) {
                try {
                    closedInBatch += close.test(item) ? 1 : 0;
                } catch (RuntimeException e) {
                    log.warn("could not close {}; next sweep retries", name.apply(item), e);
                    return closed + closedInBatch;
                }
            }
            closed += closedInBatch;
        } while (batch.size() == BATCH && closedInBatch > 0);
        return closed;
    }

    private void sweepQuietly() {
        try {
            sweep();
        } catch (RuntimeException e) {
            log.warn("sweep failed; next sweep retries", e);
        }
    }

    @Override
    public void start() {
        sweeping = scheduler.scheduleWithFixedDelay(this::sweepQuietly, interval);
    }

    @Override
    public void stop() {
        ScheduledFuture<?> running = sweeping;
        sweeping = null;
        if (running != null) {
            running.cancel(false);
        }
    }

    @Override
    public boolean isRunning() {
        return sweeping != null;
    }
}
