package io.agentassembly.command.api.session;

import io.agentassembly.command.api.common.WorkspaceEvent;
import io.agentassembly.command.api.session.SessionCommands.SessionEndReason;
import io.agentassembly.command.api.session.SessionCommands.SignInMethod;
import org.axonframework.serialization.Revision;

import java.time.Instant;

public final class SessionEvents {
    private SessionEvents() {
    }

    @Revision("1")
    public record UserSignedInEvent(String workspaceId, String sessionId, String userId, SignInMethod method,
                                    Instant expiresAt) implements WorkspaceEvent {
    }

    @Revision("1")
    public record UserSessionRefreshedEvent(String workspaceId, String sessionId, String userId,
                                            Instant expiresAt) implements WorkspaceEvent {
    }

    @Revision("1")
    public record UserSessionEndedEvent(String workspaceId, String sessionId, String userId,
                                        SessionEndReason reason) implements WorkspaceEvent {
    }
}
