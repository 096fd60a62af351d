package io.agentassembly.identity.limit;

import io.agentassembly.identity.PeriodicTask;
import org.springframework.scheduling.TaskScheduler;

import java.time.Duration;

/** Every {@code aasm.security.limits.purge-interval}, deletes shared limit rows that no longer change any answer. */
public class LimitPurger extends PeriodicTask {

    private final Limits limits;

    public LimitPurger(Limits limits, TaskScheduler scheduler, Duration interval) {
        super(scheduler, interval, "purging expired limit rows failed; the next run retries");
        this.limits = limits;
    }

    @Override
    protected void runOnce() {
        limits.purge();
    }
}
