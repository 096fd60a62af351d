package io.agentassembly.gateway.approval;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.time.Duration;

/**
 * {@code aasm.approvals.*}: how long a PENDING action waits for a human before its approval expires (default
 * 15 minutes), and how often the sweeper looks for expired approvals (default 10 seconds).
 */
@ConfigurationProperties("aasm.approvals")
public record ApprovalProperties(Duration timeout, Duration sweepInterval) {

    public ApprovalProperties {
        timeout = timeout == null ? Duration.ofMinutes(15) : timeout;
        sweepInterval = sweepInterval == null ? Duration.ofSeconds(10) : sweepInterval;
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("aasm.approvals.timeout must be positive");
        }
    }
}
