package io.agentassembly.command.domain.workspace;

import io.agentassembly.command.api.common.ErrorCode;
import io.agentassembly.command.api.common.Region;
import io.agentassembly.command.api.common.Tier;
import io.agentassembly.command.api.workspace.WorkspaceCommands.ExpireSignUpCommand;
import io.agentassembly.command.api.workspace.WorkspaceCommands.ResendVerificationCommand;
import io.agentassembly.command.api.workspace.WorkspaceCommands.VerifyWorkspaceEmailCommand;
import io.agentassembly.command.api.workspace.WorkspaceEvents.CreationPath;
import io.agentassembly.command.api.workspace.WorkspaceEvents.EmailVerificationRequestedEvent;
import io.agentassembly.command.api.workspace.WorkspaceEvents.SignUpEmailInUseEvent;
import io.agentassembly.command.api.workspace.WorkspaceEvents.WorkspaceActivatedEvent;
import io.agentassembly.command.api.workspace.WorkspaceEvents.WorkspaceCreatedEvent;
import io.agentassembly.command.api.workspace.WorkspaceEvents.WorkspaceSignUpExpiredEvent;
import io.agentassembly.command.api.workspace.WorkspaceEvents.WorkspaceStatus;
import org.axonframework.test.aggregate.TestExecutor;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static io.agentassembly.command.domain.fakes.DomainErrors.rejectedWith;
import static io.agentassembly.command.domain.workspace.WorkspaceFixtures.HASH;
import static io.agentassembly.command.domain.workspace.WorkspaceFixtures.NAME;
import static io.agentassembly.command.domain.workspace.WorkspaceFixtures.OWNER;
import static io.agentassembly.command.domain.workspace.WorkspaceFixtures.OWNER_EMAIL;
import static io.agentassembly.command.domain.workspace.WorkspaceFixtures.SLUG;
import static io.agentassembly.command.domain.workspace.WorkspaceFixtures.WS;
import static io.agentassembly.command.domain.workspace.WorkspaceFixtures.ownerSignedUp;
import static org.assertj.core.api.Assertions.assertThat;

/** A pending sign-up lapses at its pendingUntil: its claims are freed, its links die; pending ones get new links. */
class WorkspaceSignUpExpiryTest {

    private static final Instant SIGNED_UP = Instant.parse("2030-01-01T00:00:00Z");
    private static final Instant PENDING_UNTIL = SIGNED_UP.plus(Duration.ofHours(48));
    private static final Instant LINK_EXPIRY = SIGNED_UP.plus(Duration.ofHours(24));
    private static final Duration RESEND_INTERVAL = Duration.ofMinutes(1);

    private final WorkspaceFixtures f = new WorkspaceFixtures();

    private static WorkspaceCreatedEvent createdPending(Instant pendingUntil) {
        return new WorkspaceCreatedEvent(WS, NAME, SLUG, Region.EU_WEST_1, Tier.PRO, Tier.PRO.defaultQuotas(),
                CreationPath.SELF_SERVE, WorkspaceStatus.PENDING_VERIFICATION, pendingUntil);
    }

    private static EmailVerificationRequestedEvent verificationRequested(String id, Instant expiresAt) {
        return new EmailVerificationRequestedEvent(WS, id, OWNER_EMAIL, expiresAt);
    }

    /** A pending sign-up as the aggregate records it, its claims held by the in-memory stores. */
    private TestExecutor<Workspace> givenPendingSignUp(Object... more) {
        if (f.slugs.ownerOf(SLUG) == null) {
            f.slugs.claim(SLUG, WS);
        }
        if (!f.emails.isClaimed(OWNER_EMAIL, WS)) {
            f.emails.claim(OWNER_EMAIL, OWNER, WS);
        }
        f.passwords.save(OWNER, HASH);
        return f.fixture.givenCurrentTime(SIGNED_UP)
                .andGiven(createdPending(PENDING_UNTIL), ownerSignedUp(), verificationRequested("ver-1", LINK_EXPIRY))
                .andGiven(more);
    }

    @Test
    void aLapsedSignUpIsClosedAndReleasesItsSlugEmailAndPasswordInTheSameHandler() {
        givenPendingSignUp()
                .andGivenCurrentTime(PENDING_UNTIL)
                .when(new ExpireSignUpCommand(WS))
                .expectSuccessfulHandlerExecution()
                .expectResultMessagePayload(true)
                .expectEvents(new WorkspaceSignUpExpiredEvent(WS, PENDING_UNTIL));

        assertThat(f.slugs.ownerOf(SLUG)).isNull();
        assertThat(f.emails.ownerOf(OWNER_EMAIL, WS)).isNull();
        assertThat(f.passwords.of(OWNER)).isNull();
    }

    @Test
    void expiringBeforeTheTimeChangesNothing() {
        givenPendingSignUp()
                .andGivenCurrentTime(PENDING_UNTIL.minusSeconds(1))
                .when(new ExpireSignUpCommand(WS))
                .expectResultMessagePayload(false)
                .expectNoEvents();

        assertThat(f.slugs.ownerOf(SLUG)).isEqualTo(WS);
        assertThat(f.emails.ownerOf(OWNER_EMAIL, WS)).isEqualTo(OWNER);
        assertThat(f.passwords.of(OWNER)).isEqualTo(HASH);
    }

    @Test
    void expiringTwiceRecordsItOnce() {
        givenPendingSignUp(new WorkspaceSignUpExpiredEvent(WS, PENDING_UNTIL))
                .andGivenCurrentTime(PENDING_UNTIL.plusSeconds(60))
                .when(new ExpireSignUpCommand(WS))
                .expectResultMessagePayload(false)
                .expectNoEvents();
    }

    @Test
    void aVerifiedWorkspaceNeverExpires() {
        givenPendingSignUp(new WorkspaceActivatedEvent(WS, "ver-1"))
                .andGivenCurrentTime(PENDING_UNTIL.plus(Duration.ofDays(30)))
                .when(new ExpireSignUpCommand(WS))
                .expectResultMessagePayload(false)
                .expectNoEvents();

        assertThat(f.emails.ownerOf(OWNER_EMAIL, WS)).isEqualTo(OWNER);
    }

    @Test
    void aSignUpRecordedWithAnAddressInUseBeforeAddressesWerePerWorkspaceLapsesToo() {
        f.slugs.claim(SLUG, WS);
        f.fixture.givenCurrentTime(SIGNED_UP)
                .andGiven(createdPending(PENDING_UNTIL), new SignUpEmailInUseEvent(WS, OWNER_EMAIL))
                .andGivenCurrentTime(PENDING_UNTIL)
                .when(new ExpireSignUpCommand(WS))
                .expectEvents(new WorkspaceSignUpExpiredEvent(WS, PENDING_UNTIL));

        assertThat(f.slugs.ownerOf(SLUG)).isNull();
    }

    @Test
    void aLapsedSignUpCanNoLongerBeVerifiedEvenBeforeTheSweeperClosedIt() {
        givenPendingSignUp()
                .andGivenCurrentTime(PENDING_UNTIL)
                .when(new VerifyWorkspaceEmailCommand(WS, "ver-1"))
                .expectException(rejectedWith(ErrorCode.TOKEN_EXPIRED, "verificationId"))
                .expectNoEvents();
    }

    @Test
    void anExpiredSignUpCanNoLongerBeVerified() {
        givenPendingSignUp(new WorkspaceSignUpExpiredEvent(WS, PENDING_UNTIL))
                .andGivenCurrentTime(PENDING_UNTIL.plusSeconds(1))
                .when(new VerifyWorkspaceEmailCommand(WS, "ver-1"))
                .expectException(rejectedWith(ErrorCode.TOKEN_EXPIRED, "verificationId"));
    }

    @Test
    void signUpsRecordedWithoutPendingUntilLapseWithTheirFirstLink() {
        f.fixture.givenCurrentTime(SIGNED_UP)
                .andGiven(createdPending(null), ownerSignedUp(), verificationRequested("ver-1", LINK_EXPIRY))
                .andGivenCurrentTime(LINK_EXPIRY)
                .when(new ExpireSignUpCommand(WS))
                .expectEvents(new WorkspaceSignUpExpiredEvent(WS, LINK_EXPIRY));
    }

    @Test
    void aResendIssuesANewLinkThatReplacesTheOldOne() {
        Instant later = SIGNED_UP.plus(Duration.ofHours(2));
        givenPendingSignUp()
                .andGivenCurrentTime(later)
                .when(new ResendVerificationCommand(WS, "ver-2", later.plus(Duration.ofHours(24)), RESEND_INTERVAL))
                .expectResultMessagePayload(true)
                .expectEvents(verificationRequested("ver-2", later.plus(Duration.ofHours(24))));

        givenPendingSignUp(verificationRequested("ver-2", later.plus(Duration.ofHours(24))))
                .andGivenCurrentTime(later)
                .when(new VerifyWorkspaceEmailCommand(WS, "ver-1"))
                .expectException(rejectedWith(ErrorCode.TOKEN_INVALID, "verificationId"));
    }

    @Test
    void aResentLinkNeverOutlivesTheSignUp() {
        Instant late = PENDING_UNTIL.minus(Duration.ofHours(1));
        givenPendingSignUp()
                .andGivenCurrentTime(late)
                .when(new ResendVerificationCommand(WS, "ver-2", late.plus(Duration.ofHours(24)), RESEND_INTERVAL))
                .expectEvents(verificationRequested("ver-2", PENDING_UNTIL));
    }

    @Test
    void aResendWithinTheIntervalOfTheLastLinkSendsNothing() {
        givenPendingSignUp()
                .andGivenCurrentTime(SIGNED_UP.plusSeconds(30))
                .when(new ResendVerificationCommand(WS, "ver-2", SIGNED_UP.plus(Duration.ofHours(24)), RESEND_INTERVAL))
                .expectResultMessagePayload(false)
                .expectNoEvents();
    }

    @Test
    void noLinkIsResentForAVerifiedALapsedOrAnOwnerlessSignUp() {
        Instant later = SIGNED_UP.plus(Duration.ofHours(3));
        ResendVerificationCommand resend = new ResendVerificationCommand(WS, "ver-2", later.plus(Duration.ofHours(24)),
                RESEND_INTERVAL);
        givenPendingSignUp(new WorkspaceActivatedEvent(WS, "ver-1"))
                .andGivenCurrentTime(later)
                .when(resend)
                .expectResultMessagePayload(false)
                .expectNoEvents();
        givenPendingSignUp()
                .andGivenCurrentTime(PENDING_UNTIL)
                .when(new ResendVerificationCommand(WS, "ver-2", PENDING_UNTIL.plus(Duration.ofHours(24)),
                        RESEND_INTERVAL))
                .expectResultMessagePayload(false)
                .expectNoEvents();
        f.fixture.givenCurrentTime(SIGNED_UP)
                .andGiven(createdPending(PENDING_UNTIL), new SignUpEmailInUseEvent(WS, OWNER_EMAIL))
                .andGivenCurrentTime(later)
                .when(resend)
                .expectResultMessagePayload(false)
                .expectNoEvents();
    }
}
