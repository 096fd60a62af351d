package io.agentassembly.command.api.signin;

import io.agentassembly.command.api.common.WorkspaceEvent;
import io.agentassembly.command.api.signin.SignInCommands.SignInFailureReason;
import org.axonframework.serialization.Revision;

import java.time.Instant;

public final class SignInEvents {
    private SignInEvents() {
    }

    @Revision("1")
    public record UserSignInFailedEvent(String workspaceId, String failureId, String userId, SignInFailureReason reason,
                                        String clientAddress, Instant lockedUntil) implements WorkspaceEvent {
    }
}
