package io.agentassembly.query.handler;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/** The generated jOOQ classes map TIMESTAMPTZ to {@link OffsetDateTime}; the views speak {@link Instant}. */
final class Timestamps {
    private Timestamps() {
    }

    static Instant instant(OffsetDateTime value) {
        return value == null ? null : value.toInstant();
    }

    static OffsetDateTime offset(Instant value) {
        return value == null ? null : value.atOffset(ZoneOffset.UTC);
    }
}
