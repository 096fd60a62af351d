package io.agentassembly.app.audit;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.time.Duration;

/**
 * {@code aasm.audit.*} (docs/audit.md): how often each node extends the chains (1 s), how many entries one pass
 * links per workspace at most (5,000), and when a signed checkpoint is written: after {@code checkpoint-every}
 * new entries (1,000) or {@code checkpoint-interval} (1 min) after the last one when entries were added since.
 * {@code gap-timeout} (10 s): a hole in the event store's sequence whose next event is older than this is a rolled-back
 * insert, not an event still being written, and no longer holds the chain back.
 */
@ConfigurationProperties("aasm.audit")
public record AuditChainProperties(Duration chainInterval, Integer chainBatch, Integer checkpointEvery,
                                   Duration checkpointInterval, Duration gapTimeout) {

    public AuditChainProperties {
        chainInterval = chainInterval == null ? Duration.ofSeconds(1) : chainInterval;
        chainBatch = chainBatch == null ? 5_000 : chainBatch;
        checkpointEvery = checkpointEvery == null ? 1_000 : checkpointEvery;
        checkpointInterval = checkpointInterval == null ? Duration.ofMinutes(1) : checkpointInterval;
        gapTimeout = gapTimeout == null ? Duration.ofSeconds(10) : gapTimeout;
        if (chainBatch < 1 || checkpointEvery < 1) {
            throw new IllegalArgumentException("aasm.audit.chain-batch and aasm.audit.checkpoint-every must be at least 1");
        }
    }
}
