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
import io.agentassembly.command.domain.store.RetiredRefreshTokens;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventhandling.Timestamp;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.spring.stereotype.Aggregate;

import java.time.Duration;
import java.time.Instant;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * One console sign-in. The refresh token rotates on every refresh; presenting a superseded token is
 * treated as theft and ends the session. A session lives until its sliding expiry, and never longer than the
 * maximum lifetime after sign-in, however often it is refreshed.
 */
@Aggregate
public class UserSession {

    private static final int ID_MAX = 64;

    @AggregateIdentifier
    private String sessionId;
    private String workspaceId;
    private String userId;
    private Instant signedInAt;
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

    /**
     * Rotates the refresh token and returns {@code true}; returns {@code false} when the presented token is one
     * this session rotated out before: it was stolen or replayed, so the session ends. A token this session never
     * issued is refused and changes nothing (anyone who saw the session id could present one).
     */
    @CommandHandler
    public boolean handle(RefreshUserSessionCommand command, CredentialDigests digests, RetiredRefreshTokens retired) {
        if (ended) {
            throw sessionEnded();
        }
        SecretDigest presented = Require.present(command.presented(), "presented");
        Duration maxLifetime = Require.present(command.maxLifetime(), "maxLifetime");
        if (!digests.matches(sessionId, presented)) {
            if (!retired.wasRetired(sessionId, presented)) {
                throw new DomainException(ErrorCode.AUTHENTICATION_FAILED, "refreshToken",
                        "the refresh token is not valid; sign in again");
            }
            end(SessionEndReason.REFRESH_REUSE_DETECTED, digests, retired);
            return false;
        }
        Instant endsBy = signedInAt.plus(maxLifetime);
        if (DomainClock.hasPassed(expiresAt) || DomainClock.hasPassed(endsBy)) {
            throw sessionEnded();
        }
        SecretDigest next = Require.present(command.next(), "next");
        Instant expiry = Require.future(command.expiresAt(), "expiresAt");
        retired.retire(sessionId, presented, endsBy);
        digests.save(sessionId, CredentialDigests.REFRESH_TOKEN, next);
        apply(new UserSessionRefreshedEvent(workspaceId, sessionId, userId, expiry.isAfter(endsBy) ? endsBy : expiry));
        return true;
    }

    @CommandHandler
    public void handle(EndUserSessionCommand command, CredentialDigests digests, RetiredRefreshTokens retired) {
        if (!workspaceId.equals(command.workspaceId())) {
            throw new DomainException(ErrorCode.SESSION_NOT_FOUND, "sessionId", "session not found; sign in again");
        }
        if (!ended) {
            end(command.reason() == null ? SessionEndReason.LOGOUT : command.reason(), digests, retired);
        }
    }

    private void end(SessionEndReason reason, CredentialDigests digests, RetiredRefreshTokens retired) {
        digests.delete(sessionId);
        retired.forget(sessionId);
        apply(new UserSessionEndedEvent(workspaceId, sessionId, userId, reason));
    }

    private static DomainException sessionEnded() {
        return new DomainException(ErrorCode.SESSION_ENDED, null, "this session has ended; sign in again");
    }

    @EventSourcingHandler
    void on(UserSignedInEvent event, @Timestamp Instant at) {
        sessionId = event.sessionId();
        signedInAt = at;
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
