package io.agentassembly.identity.limit;

import io.agentassembly.command.api.common.DomainException;
import io.agentassembly.command.api.common.ErrorCode;

/** A refusal by a limit: RATE_LIMITED (HTTP 429 with Retry-After, gRPC RESOURCE_EXHAUSTED). */
public class LimitExceededException extends DomainException {

    private final long retryAfterSeconds;

    public LimitExceededException(String message, long retryAfterSeconds) {
        super(ErrorCode.RATE_LIMITED, null, message + "; try again in " + retryAfterSeconds + " s");
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
