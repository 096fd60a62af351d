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
import io.agentassembly.command.api.signin.SignInCommands.RecordSignInFailureCommand;
import io.agentassembly.command.api.signin.SignInCommands.SignInFailureReason;
import io.agentassembly.identity.Actor;
import io.agentassembly.identity.ActorCommandGateway;
import io.agentassembly.identity.Caller;
import io.agentassembly.identity.auth.CredentialLookup.LoginCandidate;
import io.agentassembly.identity.auth.WorkspaceChoiceRequiredException.WorkspaceChoice;
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
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/** Password sign-in, refresh-token rotation and sign-out. Each is a command on a UserSession. */
@Service
public class AuthenticationService {

    private static final Logger log = LoggerFactory.getLogger(AuthenticationService.class);
    /** Who records a refused sign-in: nobody was authenticated. */
    private static final Actor SIGN_IN = new Actor(ActorType.SYSTEM, "sign-in");

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
    private final SignInLimits signInLimits;

    public AuthenticationService(CredentialLookup credentials, PasswordHasher passwords, AccessTokens accessTokens,
                                 ActorCommandGateway commands, IdentityProperties properties,
                                 SignInLimits signInLimits) {
        this.credentials = credentials;
        this.passwords = passwords;
        this.accessTokens = accessTokens;
        this.commands = commands;
        this.properties = properties;
        this.signInLimits = signInLimits;
    }

    /**
     * Password sign-in, refused without checking the password while the e-mail address or the client address
     * is locked after too many failures ({@link SignInLimits}). An address may name users of several workspaces
     * (ADR 0016): {@code workspaceSlug} picks one; without it the password is checked against each, and if it
     * proves more than one usable account the caller is asked to choose ({@link WorkspaceChoiceRequiredException}).
     * A failure is recorded in the audit log of each workspace whose user was tried; one for an unknown e-mail
     * address (or a slug it has no user in) is only counted and logged.
     */
    public TokenPair login(String email, String password, String workspaceSlug, String clientAddress) {
        String normalised = EmailAddresses.normalise("email", email);
        String slug = workspaceSlug == null || workspaceSlug.isBlank() ? null
                : workspaceSlug.strip().toLowerCase(Locale.ROOT);
        var refusal = signInLimits.refusal(normalised, clientAddress);
        if (refusal.isPresent()) {
            if (refusal.get().firstByEmailLock()) {
                credentials.loginCandidates(normalised, slug).forEach(user -> recordFailure(user,
                        SignInFailureReason.LOCKED, clientAddress, refusal.get().emailLockedUntil()));
            }
            throw refusal.get().exception();
        }
        String given = password == null ? "" : password;
        List<LoginCandidate> candidates = credentials.loginCandidates(normalised, slug);
        if (candidates.isEmpty()) {
            passwords.burnEquivalentWork(given);
            signInLimits.failed(normalised, clientAddress);
            log.info("sign-in refused for an unknown e-mail address from {}", clientAddress);
            throw failed();
        }
        List<LoginCandidate> proven = candidates.stream()
                .filter(user -> passwords.matches(given, user.passwordHash())).toList();
        List<LoginCandidate> usable = proven.stream().filter(LoginCandidate::usable).toList();
        if (usable.isEmpty()) {
            Instant lockedUntil = signInLimits.failed(normalised, clientAddress).orElse(null);
            for (LoginCandidate user : candidates) {
                SignInFailureReason reason = proven.contains(user)
                        ? SignInFailureReason.ACCOUNT_INACTIVE : SignInFailureReason.WRONG_PASSWORD;
                log.info("sign-in refused for user {} from {}: {}", user.userId(), clientAddress, reason);
                recordFailure(user, reason, clientAddress, lockedUntil);
            }
            throw failed();
        }
        signInLimits.succeeded(normalised);
        if (usable.size() > 1) {
            throw new WorkspaceChoiceRequiredException(usable.stream()
                    .map(user -> new WorkspaceChoice(user.workspaceSlug(), user.workspaceName())).toList());
        }
        LoginCandidate user = usable.getFirst();
        String sessionId = SecretTokens.newCompactId();
        BearerSecret refresh = BearerSecret.issue(BearerSecret.REFRESH_TOKEN, sessionId);
        commands.send(new StartUserSessionCommand(sessionId, user.workspaceId(), user.userId(), SignInMethod.PASSWORD,
                new SecretDigest(refresh.digest()), refreshExpiry()), new Actor(ActorType.USER, user.userId()));
        return new TokenPair(accessTokens.issue(user.userId(), user.workspaceId(), sessionId), refresh.token(),
                accessTokens.lifetime().toSeconds());
    }

    /** The audit entry of a refused sign-in; failing to write it does not change the answer. */
    private void recordFailure(LoginCandidate user, SignInFailureReason reason, String clientAddress,
                               Instant lockedUntil) {
        try {
            commands.send(new RecordSignInFailureCommand("sif-" + UUID.randomUUID(), user.workspaceId(), user.userId(),
                    reason, clientAddress, lockedUntil), SIGN_IN);
        } catch (RuntimeException e) {
            log.error("could not record the refused sign-in of user {} in the audit log", user.userId(), e);
        }
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
