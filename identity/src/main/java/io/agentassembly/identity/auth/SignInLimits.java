package io.agentassembly.identity.auth;

import io.agentassembly.identity.limit.LimitExceededException;
import io.agentassembly.identity.limit.LimitOutcome;
import io.agentassembly.identity.limit.LimitProperties;
import io.agentassembly.identity.limit.Limiter;
import io.agentassembly.identity.limit.Limits;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.Optional;

/**
 * Failed password sign-ins, counted per e-mail address (known or not: an unknown address is throttled exactly
 * like a known one) and per client address, in PostgreSQL so every app node sees the same counts. A success
 * forgets the e-mail address's failures.
 */
@Component
public class SignInLimits {

    /** An attempt refused by a lock; {@code firstByEmailLock}: the first one the e-mail address's lock refused. */
    public record Refusal(LimitExceededException exception, Instant emailLockedUntil, boolean firstByEmailLock) {
    }

    private static final Logger log = LoggerFactory.getLogger(SignInLimits.class);

    private final Limiter perEmail;
    private final Limiter perAddress;

    public SignInLimits(Limits limits, LimitProperties properties) {
        this.perEmail = limits.shared("login-email", properties.loginEmail());
        this.perAddress = limits.shared("login-address", properties.loginAddress());
    }

    /** The refusal of an attempt for {@code email} from {@code clientAddress}, if either is locked. */
    public Optional<Refusal> refusal(String email, String clientAddress) {
        LimitOutcome byEmail = perEmail.check(email);
        LimitOutcome byAddress = byEmail.refused() ? LimitOutcome.ALLOWED : perAddress.check(clientAddress);
        if (byEmail.allowed() && byAddress.allowed()) {
            return Optional.empty();
        }
        LimitOutcome refused = byEmail.refused() ? byEmail : byAddress;
        return Optional.of(new Refusal(new LimitExceededException("too many failed sign-ins for this e-mail address "
                + "or from your network address", refused.retryAfterSeconds(perEmail.now())),
                byEmail.lockedUntil(), byEmail.firstRefusal()));
    }

    /** Counts a failure; returns the end of the e-mail address's lock if this failure locked it. */
    public Optional<Instant> failed(String email, String clientAddress) {
        LimitOutcome byAddress = perAddress.acquire(clientAddress);
        if (byAddress.allowed() && byAddress.lockedUntil() != null) {
            log.warn("sign-in failures from client address {} locked it until {}", clientAddress, byAddress.lockedUntil());
        }
        return Optional.ofNullable(perEmail.acquire(email).lockedUntil());
    }

    public void succeeded(String email) {
        perEmail.reset(email);
    }
}
