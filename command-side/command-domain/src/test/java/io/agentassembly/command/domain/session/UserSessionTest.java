package io.agentassembly.command.domain.session;

import io.agentassembly.command.api.common.ErrorCode;
import io.agentassembly.command.api.common.SecretDigest;
import io.agentassembly.command.api.session.SessionCommands.EndUserSessionCommand;
import io.agentassembly.command.api.session.SessionCommands.RefreshUserSessionCommand;
import io.agentassembly.command.api.session.SessionCommands.SessionEndReason;
import io.agentassembly.command.api.session.SessionCommands.SignInMethod;
import io.agentassembly.command.api.session.SessionCommands.StartUserSessionCommand;
import io.agentassembly.command.api.session.SessionEvents.UserSessionEndedEvent;
import io.agentassembly.command.api.session.SessionEvents.UserSessionRefreshedEvent;
import io.agentassembly.command.api.session.SessionEvents.UserSignedInEvent;
import io.agentassembly.command.domain.fakes.InMemoryCredentialDigests;
import io.agentassembly.command.domain.fakes.InMemoryCredentialDigests.Stored;
import io.agentassembly.command.domain.fakes.InMemoryRetiredRefreshTokens;
import io.agentassembly.command.domain.fakes.NoSecrets;
import io.agentassembly.command.domain.store.CredentialDigests;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import static io.agentassembly.command.domain.fakes.DomainErrors.rejectedWith;
import static org.assertj.core.api.Assertions.assertThat;

class UserSessionTest {

    private static final String WS = "ws-0b0e5a4c-9d1e-4f2a-8b3c-1d2e3f4a5b6c";
    private static final String SESSION = "ses-1";
    private static final String USER = "usr-1";
    private static final SecretDigest FIRST = new SecretDigest("a".repeat(64));
    private static final SecretDigest SECOND = new SecretDigest("b".repeat(64));
    private static final SecretDigest NEVER_ISSUED = new SecretDigest("f".repeat(64));
    private static final Instant EXPIRY = Instant.now().plus(Duration.ofDays(14));
    private static final Instant LATER_EXPIRY = EXPIRY.plus(Duration.ofDays(1));
    private static final Duration MAX_LIFETIME = Duration.ofDays(30);
    private static final Instant SIGN_IN = Instant.parse("2026-03-01T09:00:00Z");

    private final InMemoryCredentialDigests digests = new InMemoryCredentialDigests();
    private final InMemoryRetiredRefreshTokens retired = new InMemoryRetiredRefreshTokens();
    private final FixtureConfiguration<UserSession> fixture = new AggregateTestFixture<>(UserSession.class);

    UserSessionTest() {
        fixture.registerInjectableResource(digests);
        fixture.registerInjectableResource(retired);
    }

    private static RefreshUserSessionCommand refresh(SecretDigest presented, SecretDigest next, Instant expiresAt) {
        return new RefreshUserSessionCommand(SESSION, presented, next, expiresAt, MAX_LIFETIME);
    }

    private static UserSignedInEvent signedIn(Instant expiresAt) {
        return new UserSignedInEvent(WS, SESSION, USER, SignInMethod.PASSWORD, expiresAt);
    }

    private void currentRefreshTokenIs(SecretDigest digest) {
        digests.save(SESSION, CredentialDigests.REFRESH_TOKEN, digest);
    }

    @Test
    void startingASessionStoresTheRefreshDigestAndRecordsTheSignIn() {
        fixture.givenNoPriorActivity()
                .when(new StartUserSessionCommand(SESSION, WS, USER, SignInMethod.PASSWORD, FIRST, EXPIRY))
                .expectEvents(signedIn(EXPIRY))
                .expectEventsMatching(NoSecrets.inAnyEvent(FIRST.value()));

        assertThat(digests.of(SESSION)).isEqualTo(new Stored(CredentialDigests.REFRESH_TOKEN, FIRST));
    }

    @Test
    void rejectsStartingASessionWithoutARefreshToken() {
        fixture.givenNoPriorActivity()
                .when(new StartUserSessionCommand(SESSION, WS, USER, SignInMethod.PASSWORD, null, EXPIRY))
                .expectException(rejectedWith(ErrorCode.VALIDATION_FAILED, "refreshToken"));
    }

    @Test
    void refreshingWithTheCurrentTokenRotatesItAndRemembersTheOldOneUntilTheSessionCannotLiveLonger() {
        currentRefreshTokenIs(FIRST);

        fixture.givenCurrentTime(SIGN_IN)
                .andGiven(signedIn(SIGN_IN.plus(Duration.ofDays(14))))
                .when(refresh(FIRST, SECOND, SIGN_IN.plus(Duration.ofDays(14))))
                .expectResultMessagePayload(true)
                .expectEvents(new UserSessionRefreshedEvent(WS, SESSION, USER, SIGN_IN.plus(Duration.ofDays(14))));

        assertThat(digests.of(SESSION).digest()).isEqualTo(SECOND);
        assertThat(retired.of(SESSION)).containsExactly(Map.entry(FIRST.value(), SIGN_IN.plus(MAX_LIFETIME)));
    }

    @Test
    void refreshingWithARotatedOutTokenEndsTheSessionAndForgetsItsTokens() {
        currentRefreshTokenIs(SECOND);
        retired.retire(SESSION, FIRST, LATER_EXPIRY);

        fixture.given(signedIn(EXPIRY))
                .when(refresh(FIRST, new SecretDigest("c".repeat(64)), LATER_EXPIRY))
                .expectSuccessfulHandlerExecution()
                .expectResultMessagePayload(false)
                .expectEvents(new UserSessionEndedEvent(WS, SESSION, USER, SessionEndReason.REFRESH_REUSE_DETECTED));

        assertThat(digests.of(SESSION)).isNull();
        assertThat(retired.of(SESSION)).isEmpty();
    }

    @Test
    void aTokenTheSessionNeverIssuedIsRefusedAndTheSessionLivesOn() {
        currentRefreshTokenIs(SECOND);
        retired.retire(SESSION, FIRST, LATER_EXPIRY);

        fixture.given(signedIn(EXPIRY))
                .when(refresh(NEVER_ISSUED, new SecretDigest("c".repeat(64)), LATER_EXPIRY))
                .expectException(rejectedWith(ErrorCode.AUTHENTICATION_FAILED))
                .expectNoEvents();

        assertThat(digests.of(SESSION).digest()).isEqualTo(SECOND);
        assertThat(retired.of(SESSION)).containsOnlyKeys(FIRST.value());
        fixture.given(signedIn(EXPIRY))
                .when(refresh(SECOND, new SecretDigest("c".repeat(64)), LATER_EXPIRY))
                .expectResultMessagePayload(true);
    }

    @Test
    void rejectsRefreshingAnEndedSession() {
        fixture.given(signedIn(EXPIRY), new UserSessionEndedEvent(WS, SESSION, USER, SessionEndReason.LOGOUT))
                .when(refresh(FIRST, SECOND, LATER_EXPIRY))
                .expectException(rejectedWith(ErrorCode.SESSION_ENDED));
    }

    @Test
    void rejectsRefreshingAnExpiredSession() {
        currentRefreshTokenIs(FIRST);

        fixture.given(signedIn(Instant.now().minus(Duration.ofMinutes(1))))
                .when(refresh(FIRST, SECOND, LATER_EXPIRY))
                .expectException(rejectedWith(ErrorCode.SESSION_ENDED))
                .expectNoEvents();
        assertThat(digests.of(SESSION).digest()).isEqualTo(FIRST);
    }

    @Test
    void aSessionRefreshedNearItsMaximumLifetimeExpiresWhenThatLifetimeEnds() {
        currentRefreshTokenIs(FIRST);

        fixture.givenCurrentTime(SIGN_IN)
                .andGiven(signedIn(SIGN_IN.plus(Duration.ofDays(14))))
                .andGivenCurrentTime(SIGN_IN.plus(Duration.ofDays(12)))
                .andGiven(new UserSessionRefreshedEvent(WS, SESSION, USER, SIGN_IN.plus(Duration.ofDays(26))))
                .andGivenCurrentTime(SIGN_IN.plus(Duration.ofDays(25)))
                .when(refresh(FIRST, SECOND, SIGN_IN.plus(Duration.ofDays(39))))
                .expectResultMessagePayload(true)
                .expectEvents(new UserSessionRefreshedEvent(WS, SESSION, USER, SIGN_IN.plus(MAX_LIFETIME)));
    }

    @Test
    void rejectsRefreshingASessionPastItsMaximumLifetimeThoughItWasRefreshedInTime() {
        currentRefreshTokenIs(SECOND);

        fixture.givenCurrentTime(SIGN_IN)
                .andGiven(signedIn(SIGN_IN.plus(Duration.ofDays(14))))
                .andGivenCurrentTime(SIGN_IN.plus(Duration.ofDays(20)))
                .andGiven(new UserSessionRefreshedEvent(WS, SESSION, USER, SIGN_IN.plus(Duration.ofDays(34))))
                .andGivenCurrentTime(SIGN_IN.plus(MAX_LIFETIME).plusSeconds(1))
                .when(refresh(SECOND, new SecretDigest("c".repeat(64)), SIGN_IN.plus(Duration.ofDays(45))))
                .expectException(rejectedWith(ErrorCode.SESSION_ENDED))
                .expectNoEvents();
        assertThat(digests.of(SESSION).digest()).isEqualTo(SECOND);
    }

    @Test
    void loggingOutDeletesTheRefreshDigestsAndEndsTheSession() {
        currentRefreshTokenIs(FIRST);
        retired.retire(SESSION, NEVER_ISSUED, LATER_EXPIRY);

        fixture.given(signedIn(EXPIRY))
                .when(new EndUserSessionCommand(SESSION, WS, SessionEndReason.LOGOUT))
                .expectEvents(new UserSessionEndedEvent(WS, SESSION, USER, SessionEndReason.LOGOUT));

        assertThat(digests.of(SESSION)).isNull();
        assertThat(retired.of(SESSION)).isEmpty();
    }

    @Test
    void deactivatingTheUserEndsTheSessionWithThatReason() {
        currentRefreshTokenIs(FIRST);

        fixture.given(signedIn(EXPIRY))
                .when(new EndUserSessionCommand(SESSION, WS, SessionEndReason.USER_DEACTIVATED))
                .expectEvents(new UserSessionEndedEvent(WS, SESSION, USER, SessionEndReason.USER_DEACTIVATED));

        assertThat(digests.of(SESSION)).isNull();
    }

    @Test
    void rejectsEndingASessionOfAnotherWorkspace() {
        currentRefreshTokenIs(FIRST);

        fixture.given(signedIn(EXPIRY))
                .when(new EndUserSessionCommand(SESSION, "ws-other", SessionEndReason.LOGOUT))
                .expectException(rejectedWith(ErrorCode.SESSION_NOT_FOUND, "sessionId"));
        assertThat(digests.of(SESSION)).isNotNull();
    }

    @Test
    void ignoresEndingAnEndedSession() {
        fixture.given(signedIn(EXPIRY), new UserSessionEndedEvent(WS, SESSION, USER, SessionEndReason.LOGOUT))
                .when(new EndUserSessionCommand(SESSION, WS, SessionEndReason.LOGOUT))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }
}
