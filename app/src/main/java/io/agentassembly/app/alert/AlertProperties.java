package io.agentassembly.app.alert;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.time.Duration;

/**
 * {@code aasm.alerts.*} (docs/operations.md, "Alerts"): how often each node looks for due deliveries (500 ms), its
 * sender threads (4) and how many of them one workspace may hold at once (1), connect and answer timeouts (2 s,
 * 5 s), attempts before a delivery is given up (8), the back-off (5 s doubling up to 10 min), how long a claimed
 * delivery stays with its node before another may take it (1 min), and what an alert may be sent to: plain HTTP and
 * private, loopback or link-local addresses only when allowed (off; development and tests). Alerts older than
 * {@code max-age} (24 h) when the outbox processor reads them are not queued.
 */
@ConfigurationProperties("aasm.alerts")
public record AlertProperties(Long pollIntervalMs, Integer threads, Integer perWorkspaceConcurrency,
                              Duration connectTimeout, Duration requestTimeout, Integer maxAttempts,
                              Duration retryInitialDelay, Duration retryMaxDelay, Duration lease,
                              Boolean allowPlainHttp, Boolean allowPrivateAddresses, Duration maxAge) {

    public AlertProperties {
        pollIntervalMs = pollIntervalMs == null ? 500L : pollIntervalMs;
        threads = threads == null ? 4 : threads;
        perWorkspaceConcurrency = perWorkspaceConcurrency == null ? 1 : perWorkspaceConcurrency;
        connectTimeout = connectTimeout == null ? Duration.ofSeconds(2) : connectTimeout;
        requestTimeout = requestTimeout == null ? Duration.ofSeconds(5) : requestTimeout;
        maxAttempts = maxAttempts == null ? 8 : maxAttempts;
        retryInitialDelay = retryInitialDelay == null ? Duration.ofSeconds(5) : retryInitialDelay;
        retryMaxDelay = retryMaxDelay == null ? Duration.ofMinutes(10) : retryMaxDelay;
        lease = lease == null ? Duration.ofMinutes(1) : lease;
        allowPlainHttp = allowPlainHttp != null && allowPlainHttp;
        allowPrivateAddresses = allowPrivateAddresses != null && allowPrivateAddresses;
        maxAge = maxAge == null ? Duration.ofHours(24) : maxAge;
        if (threads < 1 || perWorkspaceConcurrency < 1 || perWorkspaceConcurrency > threads) {
            throw new IllegalArgumentException("aasm.alerts.threads must be at least 1 and "
                    + "aasm.alerts.per-workspace-concurrency between 1 and the threads");
        }
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("aasm.alerts.max-attempts must be at least 1");
        }
        if (lease.compareTo(connectTimeout.plus(requestTimeout)) <= 0) {
            throw new IllegalArgumentException("aasm.alerts.lease must be longer than connect-timeout + request-timeout");
        }
    }

    /** The wait after failed attempt {@code attempt} (1, 2, …): initial × 2^(attempt-1), at most the maximum. */
    public Duration backoff(int attempt) {
        Duration delay = retryInitialDelay.multipliedBy(1L << Math.min(Math.max(attempt - 1, 0), 20));
        return delay.compareTo(retryMaxDelay) > 0 ? retryMaxDelay : delay;
    }
}
