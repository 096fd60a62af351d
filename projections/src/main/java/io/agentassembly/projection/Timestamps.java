package io.agentassembly.projection;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/** The generated jOOQ classes map TIMESTAMPTZ to {@link OffsetDateTime}; read tables store UTC. */
final class Timestamps {
    private Timestamps() {
    }

    static OffsetDateTime utc(Instant instant) {
        return instant == null ? null : OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }
}
