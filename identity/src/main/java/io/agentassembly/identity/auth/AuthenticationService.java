package io.agentassembly.identity.auth;

import io.agentassembly.command.api.common.ActorType;
import io.agentassembly.command.api.common.DomainException;
import io.agentassembly.command.api.common.ErrorCode;
import io.agentassembly.command.api.common.SecretDigest;
import io.agentassembly.command.api.session.SessionCommands.EndUserSessionCommand;
import io.agentassembly.command.api.session.SessionCommands.RefreshUserSessionCommand;
import io.agentassembly.command.api.session.SessionCommands.SessionEndReason;
import io.agentassembly.command.api.session.SessionCommands.SignInMethod;
import io.agentassembly.command.api.session.SessionCommands.StartUserSessionCommand;
import io.agentassembly.identity.Actor;
import io.agentassembly.identity.ActorCommandGateway;
import io.agentassembly.identity.Caller;
import io.agentassembly.identity.IdentityProperties;
import io.agentassembly.identity.password.EmailAddresses;
import io.agentassembly.identity.password.PasswordHasher;
import io.agentassembly.identity.token.AccessTokens;
import io.agentassembly.identity.token.BearerSecret;
import io.agentassembly.identity.token.SecretTokens;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

import java.time.Duration;
import java.time.Instant;

/** Password sign-in, refresh-token rotation and sign-out. Each is a command on a UserSession. */
@Service
public class AuthenticationService {

    private static final Logger log = LoggerFactory.getLogger(AuthenticationService.class);

    public record TokenPair(String accessToken, String refreshToken, long expiresInSeconds) {
        @Override
        public String toString() {
            return "TokenPair[redacted]";
        }
    }

    private final CredentialLookup credentials;
    private final PasswordHasher passwords;
    private final AccessTokens accessTokens;
    private final ActorCommandGateway commands;
    private final IdentityProperties properties;

    public AuthenticationService(CredentialLookup credentials, PasswordHasher passwords, AccessTokens accessTokens,
                                 ActorCommandGateway commands, IdentityProperties properties) {
        this.credentials = credentials;
        this.passwords = passwords;
        this.accessTokens = accessTokens;
        this.commands = commands;
        this.properties = properties;
    }

    public TokenPair login(String email, String password) {
        String normalised = EmailAddresses.normalise("email", email);
        var candidate = credentials.loginCandidate(normalised);
        if (candidate.isEmpty()) {
            passwords.burnEquivalentWork(password == null ? "" : password);
            throw failed();
        }
        var user = candidate.get();
        if (!passwords.matches(password == null ? "" : password, user.passwordHash()) || !user.usable()) {
            log.info("sign-in refused for user {}", user.userId());
            throw failed();
        }
        String sessionId = SecretTokens.newCompactId();
        BearerSecret refresh = BearerSecret.issue(BearerSecret.REFRESH_TOKEN, sessionId);
        commands.send(new StartUserSessionCommand(sessionId, user.workspaceId(), user.userId(), SignInMethod.PASSWORD,
                new SecretDigest(refresh.digest()), refreshExpiry()), new Actor(ActorType.USER, user.userId()));
        return new TokenPair(accessTokens.issue(user.userId(), user.workspaceId(), sessionId), refresh.token(),
                accessTokens.lifetime().toSeconds());
    }

    /**
     * Rotates the refresh token. Presenting one this session rotated out before ends the session (it may have been
     * stolen); a token the session never issued is only refused.
     */
    public TokenPair refresh(String refreshToken) {
        BearerSecret presented = BearerSecret.parse(BearerSecret.REFRESH_TOKEN, refreshToken)
                .orElseThrow(AuthenticationService::invalidRefresh);
        var session = credentials.liveSession(presented.credentialId()).orElseThrow(AuthenticationService::invalidRefresh);
        BearerSecret next = BearerSecret.issue(BearerSecret.REFRESH_TOKEN, session.sessionId());
        Boolean refreshed;
        try {
            refreshed = commands.send(new RefreshUserSessionCommand(session.sessionId(),
                            new SecretDigest(presented.digest()), new SecretDigest(next.digest()), refreshExpiry(),
                            properties.sessionMaxLifetime()),
                    new Actor(ActorType.USER, session.userId()));
        } catch (DomainException refused) {
            throw refused.code() == ErrorCode.AUTHENTICATION_FAILED ? invalidRefresh() : refused;
        }
        if (!Boolean.TRUE.equals(refreshed)) {
            throw invalidRefresh();
        }
        return new TokenPair(accessTokens.issue(session.userId(), session.workspaceId(), session.sessionId()),
                next.token(), accessTokens.lifetime().toSeconds());
    }

    public void logout(Caller caller) {
        if (caller.sessionId() == null) {
            throw new DomainException(ErrorCode.VALIDATION_FAILED, "Authorization",
                    "sign-out ends a console session; API keys are revoked instead");
        }
        commands.send(new EndUserSessionCommand(caller.sessionId(), caller.workspaceId(), SessionEndReason.LOGOUT),
                caller.actor());
    }

    /** The sliding expiry; the session aggregate also caps it at the maximum lifetime after sign-in. */
    private Instant refreshExpiry() {
        Duration lifetime = properties.refreshTokenLifetime();
        return Instant.now().plus(lifetime.compareTo(properties.sessionMaxLifetime()) < 0
                ? lifetime : properties.sessionMaxLifetime());
    }

    private static DomainException failed() {
        return new DomainException(ErrorCode.AUTHENTICATION_FAILED, "e-mail or password is wrong, or the account is not active");
    }

    private static DomainException invalidRefresh() {
        return new DomainException(ErrorCode.AUTHENTICATION_FAILED, "refresh_token",
                "the refresh token is not valid; sign in again");
    }
}
