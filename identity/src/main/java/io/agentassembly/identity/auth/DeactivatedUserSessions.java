package io.agentassembly.identity.auth;

import io.agentassembly.command.api.session.SessionCommands.EndUserSessionCommand;
import io.agentassembly.command.api.session.SessionCommands.SessionEndReason;
import io.agentassembly.command.api.workspace.WorkspaceEvents.UserDeactivatedEvent;
import io.agentassembly.command.api.workspace.WorkspaceEvents.UserReactivatedEvent;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.springframework.stereotype.Component;

/**
 * Ends every live session of a deactivated user for good ({@code UserSessionEndedEvent}, reason
 * {@code USER_DEACTIVATED}), so neither their refresh tokens nor, after a reactivation, their access tokens work
 * again. Runs in the subscribing processing group {@value #PROCESSING_GROUP}, inside the deactivation's unit of
 * work and transaction, with errors propagated: a user is never deactivated with a session left open.
 */
@Component
@ProcessingGroup(DeactivatedUserSessions.PROCESSING_GROUP)
public class DeactivatedUserSessions {

    public static final String PROCESSING_GROUP = "session-revocation";

    private final CredentialLookup credentials;
    private final CommandGateway commands;

    public DeactivatedUserSessions(CredentialLookup credentials, CommandGateway commands) {
        this.credentials = credentials;
        this.commands = commands;
    }

    @EventHandler
    public void on(UserDeactivatedEvent event) {
        endSessionsOf(event.workspaceId(), event.userId());
    }

    /**
     * Normally finds nothing. A sign-in whose password check passed just before the deactivation committed may
     * have started a session since: it was refused while the user was inactive and must not outlive it either.
     */
    @EventHandler
    public void on(UserReactivatedEvent event) {
        endSessionsOf(event.workspaceId(), event.userId());
    }

    private void endSessionsOf(String workspaceId, String userId) {
        for (String sessionId : credentials.liveSessionIds(workspaceId, userId)) {
            commands.sendAndWait(new EndUserSessionCommand(sessionId, workspaceId, SessionEndReason.USER_DEACTIVATED));
        }
    }
}
