package io.agentassembly.identity;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.scheduling.TaskScheduler;

import java.time.Duration;
import java.util.concurrent.ScheduledFuture;

/**
 * Background work on every node: {@link #runOnce()} every interval (fixed delay) from start to stop. A failed run
 * is logged and the next one retries.
 */
public abstract class PeriodicTask implements SmartLifecycle {

    protected final Logger log = LoggerFactory.getLogger(getClass());
    private final TaskScheduler scheduler;
    private final Duration interval;
    private final String failure;
    private volatile ScheduledFuture<?> running;

    /** {@code failure} is logged when a run fails, e.g. "purging expired limit rows failed; the next run retries". */
    protected PeriodicTask(TaskScheduler scheduler, Duration interval, String failure) {
        this.scheduler = scheduler;
        this.interval = interval;
        this.failure = failure;
    }

    protected abstract void runOnce();

    private void runQuietly() {
        try {
            runOnce();
        } catch (RuntimeException e) {
            log.warn(failure, e);
        }
    }

    @Override
    public void start() {
        running = scheduler.scheduleWithFixedDelay(this::runQuietly, interval);
    }

    @Override
    public void stop() {
        ScheduledFuture<?> scheduled = running;
        running = null;
        if (scheduled != null) {
            scheduled.cancel(false);
        }
    }

    @Override
    public boolean isRunning() {
        return running != null;
    }
}
