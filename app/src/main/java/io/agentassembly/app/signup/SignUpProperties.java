package io.agentassembly.app.signup;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.time.Duration;

/**
 * {@code aasm.signup.*}: how long an unverified sign-up holds its e-mail address and slug (48 hours), how often
 * each node closes lapsed sign-ups (1 minute), the least time between two verification mails of one sign-up
 * (1 minute), how many resend requests may wait for the single resend worker (1000; more are dropped), and the
 * least time between two "someone signed up with your address" notices to one address (1 hour).
 */
@ConfigurationProperties("aasm.signup")
public record SignUpProperties(Duration unverifiedClaimLifetime, Duration sweepInterval, Duration resendInterval,
                               Integer resendQueueCapacity, Duration inUseNoticeInterval) {

    public SignUpProperties {
        unverifiedClaimLifetime = unverifiedClaimLifetime == null ? Duration.ofHours(48) : unverifiedClaimLifetime;
        sweepInterval = sweepInterval == null ? Duration.ofMinutes(1) : sweepInterval;
        resendInterval = resendInterval == null ? Duration.ofMinutes(1) : resendInterval;
        resendQueueCapacity = resendQueueCapacity == null ? 1000 : resendQueueCapacity;
        inUseNoticeInterval = inUseNoticeInterval == null ? Duration.ofHours(1) : inUseNoticeInterval;
        if (unverifiedClaimLifetime.isNegative() || unverifiedClaimLifetime.isZero()) {
            throw new IllegalArgumentException("aasm.signup.unverified-claim-lifetime must be positive");
        }
        if (resendQueueCapacity < 1) {
            throw new IllegalArgumentException("aasm.signup.resend-queue-capacity must be at least 1");
        }
    }
}
