package io.agentassembly.command.domain.workspace;

import io.agentassembly.command.api.common.ErrorCode;
import io.agentassembly.command.api.common.PasswordHash;
import io.agentassembly.command.api.common.Role;
import io.agentassembly.command.api.common.Tier;
import io.agentassembly.command.api.workspace.WorkspaceCommands.AcceptInvitationCommand;
import io.agentassembly.command.api.workspace.WorkspaceCommands.ChangeUserRoleCommand;
import io.agentassembly.command.api.workspace.WorkspaceCommands.DeactivateUserCommand;
import io.agentassembly.command.api.workspace.WorkspaceCommands.InviteUserCommand;
import io.agentassembly.command.api.workspace.WorkspaceCommands.ReactivateUserCommand;
import io.agentassembly.command.api.workspace.WorkspaceCommands.RevokeInvitationCommand;
import io.agentassembly.command.api.workspace.WorkspaceEvents.InvitationAcceptedEvent;
import io.agentassembly.command.api.workspace.WorkspaceEvents.InvitationRevokedEvent;
import io.agentassembly.command.api.workspace.WorkspaceEvents.JoinedVia;
import io.agentassembly.command.api.workspace.WorkspaceEvents.UserDeactivatedEvent;
import io.agentassembly.command.api.workspace.WorkspaceEvents.UserJoinedWorkspaceEvent;
import io.agentassembly.command.api.workspace.WorkspaceEvents.UserReactivatedEvent;
import io.agentassembly.command.api.workspace.WorkspaceEvents.UserRoleChangedEvent;
import io.agentassembly.command.api.workspace.WorkspaceEvents.WorkspaceStatus;
import io.agentassembly.command.domain.fakes.NoSecrets;
import org.axonframework.test.aggregate.TestExecutor;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static io.agentassembly.command.domain.fakes.DomainErrors.rejectedWith;
import static io.agentassembly.command.domain.workspace.WorkspaceFixtures.OWNER;
import static io.agentassembly.command.domain.workspace.WorkspaceFixtures.WS;
import static io.agentassembly.command.domain.workspace.WorkspaceFixtures.created;
import static io.agentassembly.command.domain.workspace.WorkspaceFixtures.hoursAgo;
import static io.agentassembly.command.domain.workspace.WorkspaceFixtures.inDays;
import static io.agentassembly.command.domain.workspace.WorkspaceFixtures.invited;
import static io.agentassembly.command.domain.workspace.WorkspaceFixtures.joined;
import static io.agentassembly.command.domain.workspace.WorkspaceFixtures.ownerSignedUp;
import static org.assertj.core.api.Assertions.assertThat;

class WorkspaceMembersTest {

    private static final String DEV_EMAIL = "dev@acme.example";
    private static final Instant INVITATION_EXPIRY = inDays(7);
    private static final PasswordHash DEV_HASH = new PasswordHash("$argon2id$v=19$m=65536,t=3,p=4$ZGV2$ZGV2aGFzaA");

    private final WorkspaceFixtures f = new WorkspaceFixtures();

    private TestExecutor<Workspace> givenActiveWorkspace(Object... more) {
        Object[] events = new Object[more.length + 2];
        events[0] = created(Tier.BUSINESS, WorkspaceStatus.ACTIVE);
        events[1] = ownerSignedUp();
        System.arraycopy(more, 0, events, 2, more.length);
        return f.fixture.given(events);
    }

    private static AcceptInvitationCommand accept(String invitationId) {
        return new AcceptInvitationCommand(WS, invitationId, "usr-dev", "Dana Dev", DEV_HASH);
    }

    @Test
    void invitesAUserWithANormalisedEmail() {
        givenActiveWorkspace()
                .when(new InviteUserCommand(WS, "inv-1", " Dev@ACME.example", Role.DEVELOPER, INVITATION_EXPIRY))
                .expectEvents(invited("inv-1", DEV_EMAIL, Role.DEVELOPER, INVITATION_EXPIRY));
    }

    @Test
    void rejectsInvitationsWhileTheWorkspaceAwaitsVerification() {
        f.fixture.given(created(Tier.PRO, WorkspaceStatus.PENDING_VERIFICATION), ownerSignedUp())
                .when(new InviteUserCommand(WS, "inv-1", DEV_EMAIL, Role.DEVELOPER, INVITATION_EXPIRY))
                .expectException(rejectedWith(ErrorCode.WORKSPACE_NOT_ACTIVE));
    }

    @Test
    void rejectsInvitingAnEmailThatAlreadyBelongsToAUserOfTheWorkspace() {
        f.emails.claim(DEV_EMAIL, "usr-member", WS);

        givenActiveWorkspace()
                .when(new InviteUserCommand(WS, "inv-1", DEV_EMAIL, Role.DEVELOPER, INVITATION_EXPIRY))
                .expectException(rejectedWith(ErrorCode.EMAIL_TAKEN, "email"));
    }

    @Test
    void invitesAndAdmitsAnEmailThatIsAUserOfAnotherWorkspace() {
        f.emails.claim(DEV_EMAIL, "usr-elsewhere", "ws-other");

        givenActiveWorkspace()
                .when(new InviteUserCommand(WS, "inv-1", DEV_EMAIL, Role.DEVELOPER, INVITATION_EXPIRY))
                .expectEvents(invited("inv-1", DEV_EMAIL, Role.DEVELOPER, INVITATION_EXPIRY));
        givenActiveWorkspace(invited("inv-1", DEV_EMAIL, Role.DEVELOPER, INVITATION_EXPIRY))
                .when(accept("inv-1"))
                .expectSuccessfulHandlerExecution();
        assertThat(f.emails.ownerOf(DEV_EMAIL, WS)).isNotNull().isNotEqualTo("usr-elsewhere");
        assertThat(f.emails.ownerOf(DEV_EMAIL, "ws-other")).isEqualTo("usr-elsewhere");
    }

    @Test
    void rejectsASecondInvitationForAPendingEmail() {
        givenActiveWorkspace(invited("inv-1", DEV_EMAIL, Role.DEVELOPER, INVITATION_EXPIRY))
                .when(new InviteUserCommand(WS, "inv-2", DEV_EMAIL, Role.ADMIN, INVITATION_EXPIRY))
                .expectException(rejectedWith(ErrorCode.INVITATION_PENDING, "email"));
    }

    @Test
    void allowsReinvitingAnEmailWhoseInvitationExpired() {
        givenActiveWorkspace(invited("inv-1", DEV_EMAIL, Role.DEVELOPER, hoursAgo(1)))
                .when(new InviteUserCommand(WS, "inv-2", DEV_EMAIL, Role.DEVELOPER, INVITATION_EXPIRY))
                .expectEvents(invited("inv-2", DEV_EMAIL, Role.DEVELOPER, INVITATION_EXPIRY));
    }

    @Test
    void rejectsAnInvitationThatExpiresInThePast() {
        givenActiveWorkspace()
                .when(new InviteUserCommand(WS, "inv-1", DEV_EMAIL, Role.DEVELOPER, hoursAgo(1)))
                .expectException(rejectedWith(ErrorCode.VALIDATION_FAILED, "expiresAt"));
    }

    @Test
    void revokesAPendingInvitation() {
        givenActiveWorkspace(invited("inv-1", DEV_EMAIL, Role.DEVELOPER, INVITATION_EXPIRY))
                .when(new RevokeInvitationCommand(WS, "inv-1"))
                .expectEvents(new InvitationRevokedEvent(WS, "inv-1"));
    }

    @Test
    void rejectsRevokingAnUnknownInvitation() {
        givenActiveWorkspace()
                .when(new RevokeInvitationCommand(WS, "inv-404"))
                .expectException(rejectedWith(ErrorCode.INVITATION_NOT_FOUND, "invitationId"));
    }

    @Test
    void rejectsRevokingAnAcceptedInvitation() {
        givenActiveWorkspace(invited("inv-1", DEV_EMAIL, Role.DEVELOPER, INVITATION_EXPIRY),
                new InvitationAcceptedEvent(WS, "inv-1", "usr-dev"), joined("usr-dev", Role.DEVELOPER))
                .when(new RevokeInvitationCommand(WS, "inv-1"))
                .expectException(rejectedWith(ErrorCode.INVITATION_NOT_PENDING, "invitationId"));
    }

    @Test
    void acceptingAnInvitationClaimsTheEmailStoresThePasswordAndJoinsTheUser() {
        givenActiveWorkspace(invited("inv-1", DEV_EMAIL, Role.DEVELOPER, INVITATION_EXPIRY))
                .when(accept("inv-1"))
                .expectEvents(new InvitationAcceptedEvent(WS, "inv-1", "usr-dev"),
                        new UserJoinedWorkspaceEvent(WS, "usr-dev", DEV_EMAIL, "Dana Dev", Role.DEVELOPER,
                                JoinedVia.INVITATION))
                .expectEventsMatching(NoSecrets.inAnyEvent(DEV_HASH.value()));

        assertThat(f.emails.ownerOf(DEV_EMAIL, WS)).isEqualTo("usr-dev");
        assertThat(f.passwords.of("usr-dev")).isEqualTo(DEV_HASH);
    }

    @Test
    void rejectsAcceptingAnExpiredInvitation() {
        givenActiveWorkspace(invited("inv-1", DEV_EMAIL, Role.DEVELOPER, hoursAgo(1)))
                .when(accept("inv-1"))
                .expectException(rejectedWith(ErrorCode.TOKEN_EXPIRED, "invitationId"))
                .expectNoEvents();
        assertThat(f.passwords.of("usr-dev")).isNull();
    }

    @Test
    void rejectsAcceptingAnUnknownInvitation() {
        givenActiveWorkspace()
                .when(accept("inv-404"))
                .expectException(rejectedWith(ErrorCode.INVITATION_NOT_FOUND, "invitationId"));
    }

    @Test
    void rejectsAcceptingARevokedInvitation() {
        givenActiveWorkspace(invited("inv-1", DEV_EMAIL, Role.DEVELOPER, INVITATION_EXPIRY),
                new InvitationRevokedEvent(WS, "inv-1"))
                .when(accept("inv-1"))
                .expectException(rejectedWith(ErrorCode.INVITATION_NOT_PENDING, "invitationId"));
    }

    @Test
    void rejectsAcceptingWhenTheEmailJoinedTheWorkspaceMeanwhile() {
        f.emails.claim(DEV_EMAIL, "usr-member", WS);

        givenActiveWorkspace(invited("inv-1", DEV_EMAIL, Role.DEVELOPER, INVITATION_EXPIRY))
                .when(accept("inv-1"))
                .expectException(rejectedWith(ErrorCode.EMAIL_TAKEN))
                .expectNoEvents();
    }

    @Test
    void theInvitedEnterpriseOwnerJoinsAsOwner() {
        f.fixture.given(created(Tier.ENTERPRISE, WorkspaceStatus.ACTIVE),
                        invited("inv-1", "cto@acme.example", Role.OWNER, INVITATION_EXPIRY))
                .when(new AcceptInvitationCommand(WS, "inv-1", "usr-cto", null, DEV_HASH))
                .expectEvents(new InvitationAcceptedEvent(WS, "inv-1", "usr-cto"),
                        new UserJoinedWorkspaceEvent(WS, "usr-cto", "cto@acme.example", null, Role.OWNER,
                                JoinedVia.INVITATION));
    }

    @Test
    void promotesADeveloperToAdmin() {
        givenActiveWorkspace(joined("usr-dev", Role.DEVELOPER))
                .when(new ChangeUserRoleCommand(WS, "usr-dev", Role.ADMIN))
                .expectEvents(new UserRoleChangedEvent(WS, "usr-dev", Role.DEVELOPER, Role.ADMIN));
    }

    @Test
    void ignoresAChangeToTheCurrentRole() {
        givenActiveWorkspace(joined("usr-dev", Role.DEVELOPER))
                .when(new ChangeUserRoleCommand(WS, "usr-dev", Role.DEVELOPER))
                .expectNoEvents();
    }

    @Test
    void rejectsARoleChangeForAnUnknownUser() {
        givenActiveWorkspace()
                .when(new ChangeUserRoleCommand(WS, "usr-ghost", Role.ADMIN))
                .expectException(rejectedWith(ErrorCode.USER_NOT_FOUND, "userId"));
    }

    @Test
    void rejectsARoleChangeForADeactivatedUser() {
        givenActiveWorkspace(joined("usr-dev", Role.DEVELOPER), new UserDeactivatedEvent(WS, "usr-dev"))
                .when(new ChangeUserRoleCommand(WS, "usr-dev", Role.ADMIN))
                .expectException(rejectedWith(ErrorCode.USER_NOT_ACTIVE, "userId"));
    }

    @Test
    void rejectsDemotingTheLastOwner() {
        givenActiveWorkspace(joined("usr-dev", Role.DEVELOPER))
                .when(new ChangeUserRoleCommand(WS, OWNER, Role.ADMIN))
                .expectException(rejectedWith(ErrorCode.LAST_OWNER, "userId"))
                .expectNoEvents();
    }

    @Test
    void demotesAnOwnerWhenAnotherActiveOwnerRemains() {
        givenActiveWorkspace(joined("usr-co-owner", Role.OWNER))
                .when(new ChangeUserRoleCommand(WS, OWNER, Role.ADMIN))
                .expectEvents(new UserRoleChangedEvent(WS, OWNER, Role.OWNER, Role.ADMIN));
    }

    @Test
    void rejectsDemotingAnOwnerWhenTheOtherOwnerIsDeactivated() {
        givenActiveWorkspace(joined("usr-co-owner", Role.OWNER), new UserDeactivatedEvent(WS, "usr-co-owner"))
                .when(new ChangeUserRoleCommand(WS, OWNER, Role.VIEWER))
                .expectException(rejectedWith(ErrorCode.LAST_OWNER));
    }

    @Test
    void rejectsDemotingTheOnlyOwnerLeftAfterAnotherWasDemoted() {
        givenActiveWorkspace(joined("usr-co-owner", Role.OWNER),
                new UserRoleChangedEvent(WS, "usr-co-owner", Role.OWNER, Role.ADMIN))
                .when(new ChangeUserRoleCommand(WS, OWNER, Role.ADMIN))
                .expectException(rejectedWith(ErrorCode.LAST_OWNER));
    }

    @Test
    void deactivatesADeveloper() {
        givenActiveWorkspace(joined("usr-dev", Role.DEVELOPER))
                .when(new DeactivateUserCommand(WS, "usr-dev"))
                .expectEvents(new UserDeactivatedEvent(WS, "usr-dev"));
    }

    @Test
    void rejectsDeactivatingTheLastOwner() {
        givenActiveWorkspace(joined("usr-admin", Role.ADMIN))
                .when(new DeactivateUserCommand(WS, OWNER))
                .expectException(rejectedWith(ErrorCode.LAST_OWNER, "userId"))
                .expectNoEvents();
    }

    @Test
    void deactivatesAnOwnerWhenAnotherActiveOwnerRemains() {
        givenActiveWorkspace(joined("usr-co-owner", Role.OWNER))
                .when(new DeactivateUserCommand(WS, OWNER))
                .expectEvents(new UserDeactivatedEvent(WS, OWNER));
    }

    @Test
    void ignoresDeactivatingAnAlreadyDeactivatedUser() {
        givenActiveWorkspace(joined("usr-dev", Role.DEVELOPER), new UserDeactivatedEvent(WS, "usr-dev"))
                .when(new DeactivateUserCommand(WS, "usr-dev"))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void rejectsDeactivatingAnUnknownUser() {
        givenActiveWorkspace()
                .when(new DeactivateUserCommand(WS, "usr-ghost"))
                .expectException(rejectedWith(ErrorCode.USER_NOT_FOUND, "userId"));
    }

    @Test
    void reactivatesADeactivatedUser() {
        givenActiveWorkspace(joined("usr-dev", Role.DEVELOPER), new UserDeactivatedEvent(WS, "usr-dev"))
                .when(new ReactivateUserCommand(WS, "usr-dev"))
                .expectEvents(new UserReactivatedEvent(WS, "usr-dev"));
    }

    @Test
    void ignoresReactivatingAnActiveUser() {
        givenActiveWorkspace(joined("usr-dev", Role.DEVELOPER))
                .when(new ReactivateUserCommand(WS, "usr-dev"))
                .expectNoEvents();
    }

    @Test
    void rejectsReactivatingAnUnknownUser() {
        givenActiveWorkspace()
                .when(new ReactivateUserCommand(WS, "usr-ghost"))
                .expectException(rejectedWith(ErrorCode.USER_NOT_FOUND, "userId"));
    }
}
