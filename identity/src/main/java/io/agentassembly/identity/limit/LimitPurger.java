package io.agentassembly.identity.limit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.scheduling.TaskScheduler;

import java.time.Duration;
import java.util.concurrent.ScheduledFuture;

/** Every {@code aasm.security.limits.purge-interval}, deletes shared limit rows that no longer change any answer. */
public class LimitPurger implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(LimitPurger.class);

    private final Limits limits;
    private final TaskScheduler scheduler;
    private final Duration interval;
    private volatile ScheduledFuture<?> purging;

    public LimitPurger(Limits limits, TaskScheduler scheduler, Duration interval) {
        this.limits = limits;
        this.scheduler = scheduler;
        this.interval = interval;
    }

    private void purgeQuietly() {
        try {
            limits.purge();
        } catch (RuntimeException e) {
            log.warn("purging expired limit rows failed; the next run retries", e);
        }
    }

    @Override
    public void start() {
        purging = scheduler.scheduleWithFixedDelay(this::purgeQuietly, interval);
    }

    @Override
    public void stop() {
        ScheduledFuture<?> running = purging;
        purging = null;
        if (running != null) {
            running.cancel(false);
        }
    }

    @Override
    public boolean isRunning() {
        return purging != null;
    }
}
