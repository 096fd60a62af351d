package io.agentassembly.command.api.signin;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Instant;

/** Commands of the SignInFailure aggregate: one refused password sign-in of a known user, for the audit log. */
public final class SignInCommands {
    private SignInCommands() {
    }

    /**
     * Why a sign-in was refused: the password was wrong, it was right but the user or the workspace is not
     * active, or the e-mail address was locked after too many failures (the password was not checked).
     */
    public enum SignInFailureReason { WRONG_PASSWORD, ACCOUNT_INACTIVE, LOCKED }

    /** {@code lockedUntil}: when the e-mail address's lock ends, if this attempt met or caused one. */
    public record RecordSignInFailureCommand(@TargetAggregateIdentifier String failureId, String workspaceId,
                                             String userId, SignInFailureReason reason, String clientAddress,
                                             Instant lockedUntil) {
    }
}
