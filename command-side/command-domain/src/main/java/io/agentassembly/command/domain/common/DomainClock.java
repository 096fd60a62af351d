package io.agentassembly.command.domain.common;

import org.axonframework.eventhandling.GenericEventMessage;

import java.time.Instant;

/** The time decisions are made at: Axon's event clock, which test fixtures can fix. */
public final class DomainClock {
    private DomainClock() {
    }

    public static Instant now() {
        return GenericEventMessage.clock.instant();
    }

    public static boolean hasPassed(Instant moment) {
        return !now().isBefore(moment);
    }
}
