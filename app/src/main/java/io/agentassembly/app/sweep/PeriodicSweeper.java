package io.agentassembly.app.sweep;

import io.agentassembly.identity.PeriodicTask;
import org.springframework.scheduling.TaskScheduler;

import java.time.Duration;
import java.util.List;
import java.util.function.Function;
import java.util.function.IntFunction;
import java.util.function.Predicate;

/**
 * Runs {@link #sweep()} every interval on every node. A sweep closes what is due batch by batch; the aggregates
 * make closing twice a no-op, so nodes sweeping the same item record it once. A failure ends the sweep; the
 * next one retries.
 */
public abstract class PeriodicSweeper extends PeriodicTask {

    protected static final int BATCH = 200;

    protected PeriodicSweeper(TaskScheduler scheduler, Duration interval) {
        super(scheduler, interval, "sweep failed; next sweep retries");
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

    @Override
    protected final void runOnce() {
        sweep();
    }
}
