package io.agentassembly.command.domain.session;

import io.agentassembly.command.api.common.DomainException;
import io.agentassembly.command.api.common.ErrorCode;
import io.agentassembly.command.api.common.SecretDigest;
import io.agentassembly.command.api.session.SessionCommands.EndUserSessionCommand;
import io.agentassembly.command.api.session.SessionCommands.RefreshUserSessionCommand;
import io.agentassembly.command.api.session.SessionCommands.SessionEndReason;
import io.agentassembly.command.api.session.SessionCommands.StartUserSessionCommand;
import io.agentassembly.command.api.session.SessionEvents.UserSessionEndedEvent;
import io.agentassembly.command.api.session.SessionEvents.UserSessionRefreshedEvent;
import io.agentassembly.command.api.session.SessionEvents.UserSignedInEvent;
import io.agentassembly.command.domain.common.DomainClock;
import io.agentassembly.command.domain.common.Require;
import io.agentassembly.command.domain.store.CredentialDigests;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.spring.stereotype.Aggregate;

import java.time.Instant;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * One console sign-in. The refresh token rotates on every refresh; presenting a superseded token is
 * treated as theft and ends the session.
 */
@Aggregate
public class UserSession {

    private static final int ID_MAX = 64;

    @AggregateIdentifier
    private String sessionId;
    private String workspaceId;
    private String userId;
    private Instant expiresAt;
    private boolean ended;

    protected UserSession() {
    }

    @CommandHandler
    public UserSession(StartUserSessionCommand command, CredentialDigests digests) {
        String id = Require.text(command.sessionId(), "sessionId", ID_MAX);
        String workspace = Require.text(command.workspaceId(), "workspaceId", ID_MAX);
        String user = Require.text(command.userId(), "userId", ID_MAX);
        Require.present(command.method(), "method");
        SecretDigest refreshToken = Require.present(command.refreshToken(), "refreshToken");
        Instant expiry = Require.future(command.expiresAt(), "expiresAt");

        digests.save(id, CredentialDigests.REFRESH_TOKEN, refreshToken);
        apply(new UserSignedInEvent(workspace, id, user, command.method(), expiry));
    }

    /** Returns {@code true} when the token was rotated, {@code false} when reuse was detected and the session ended. */
    @CommandHandler
    public boolean handle(RefreshUserSessionCommand command, CredentialDigests digests) {
        if (ended) {
            throw sessionEnded();
        }
        if (!digests.matches(sessionId, command.presented())) {
            digests.delete(sessionId);
            apply(new UserSessionEndedEvent(workspaceId, sessionId, userId, SessionEndReason.REFRESH_REUSE_DETECTED));
            return false;
        }
        if (DomainClock.hasPassed(expiresAt)) {
            throw sessionEnded();
        }
        SecretDigest next = Require.present(command.next(), "next");
        Instant expiry = Require.future(command.expiresAt(), "expiresAt");
        digests.save(sessionId, CredentialDigests.REFRESH_TOKEN, next);
        apply(new UserSessionRefreshedEvent(workspaceId, sessionId, userId, expiry));
        return true;
    }

    @CommandHandler
    public void handle(EndUserSessionCommand command, CredentialDigests digests) {
        if (!workspaceId.equals(command.workspaceId())) {
            throw new DomainException(ErrorCode.SESSION_NOT_FOUND, "sessionId", "session not found; sign in again");
        }
        if (ended) {
            return;
        }
        SessionEndReason reason = command.reason() == null ? SessionEndReason.LOGOUT : command.reason();
        digests.delete(sessionId);
        apply(new UserSessionEndedEvent(workspaceId, sessionId, userId, reason));
    }

    private static DomainException sessionEnded() {
        return new DomainException(ErrorCode.SESSION_ENDED, null, "this session has ended; sign in again");
    }

    @EventSourcingHandler
    void on(UserSignedInEvent event) {
        sessionId = event.sessionId();
        workspaceId = event.workspaceId();
        userId = event.userId();
        expiresAt = event.expiresAt();
    }

    @EventSourcingHandler
    void on(UserSessionRefreshedEvent event) {
        expiresAt = event.expiresAt();
    }

    @EventSourcingHandler
    void on(UserSessionEndedEvent event) {
        ended = true;
    }
}
