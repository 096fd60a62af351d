package io.agentassembly.command.domain.workspace;

import io.agentassembly.command.api.common.DomainException;
import io.agentassembly.command.api.common.ErrorCode;
import io.agentassembly.command.api.common.Region;
import io.agentassembly.command.api.common.Role;
import io.agentassembly.command.api.common.Tier;
import io.agentassembly.command.api.common.TierQuotas;
import io.agentassembly.command.api.workspace.WorkspaceCommands.ProvisionEnterpriseWorkspaceCommand;
import io.agentassembly.command.api.workspace.WorkspaceCommands.SignUpWorkspaceCommand;
import io.agentassembly.command.api.workspace.WorkspaceCommands.VerifyWorkspaceEmailCommand;
import io.agentassembly.command.api.workspace.WorkspaceEvents.BillingDetailsChangedEvent;
import io.agentassembly.command.api.workspace.WorkspaceEvents.BillingMode;
import io.agentassembly.command.api.workspace.WorkspaceEvents.CreationPath;
import io.agentassembly.command.api.workspace.WorkspaceEvents.EmailVerificationRequestedEvent;
import io.agentassembly.command.api.workspace.WorkspaceEvents.UserInvitedEvent;
import io.agentassembly.command.api.workspace.WorkspaceEvents.WorkspaceActivatedEvent;
import io.agentassembly.command.api.workspace.WorkspaceEvents.WorkspaceCreatedEvent;
import io.agentassembly.command.api.workspace.WorkspaceEvents.WorkspaceStatus;
import io.agentassembly.command.domain.fakes.NoSecrets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Instant;

import static io.agentassembly.command.domain.fakes.DomainErrors.rejectedWith;
import static io.agentassembly.command.domain.workspace.WorkspaceFixtures.HASH;
import static io.agentassembly.command.domain.workspace.WorkspaceFixtures.NAME;
import static io.agentassembly.command.domain.workspace.WorkspaceFixtures.OWNER;
import static io.agentassembly.command.domain.workspace.WorkspaceFixtures.OWNER_EMAIL;
import static io.agentassembly.command.domain.workspace.WorkspaceFixtures.SLUG;
import static io.agentassembly.command.domain.workspace.WorkspaceFixtures.WS;
import static io.agentassembly.command.domain.workspace.WorkspaceFixtures.created;
import static io.agentassembly.command.domain.workspace.WorkspaceFixtures.hoursAgo;
import static io.agentassembly.command.domain.workspace.WorkspaceFixtures.inDays;
import static io.agentassembly.command.domain.workspace.WorkspaceFixtures.ownerSignedUp;
import static org.assertj.core.api.Assertions.assertThat;

class WorkspaceCreationTest {

    private static final Instant VERIFICATION_EXPIRY = inDays(1);
    private static final Instant PENDING_UNTIL = inDays(2);
    private final WorkspaceFixtures f = new WorkspaceFixtures();

    private static SignUpWorkspaceCommand signUp(Tier tier) {
        return signUp(NAME, SLUG, tier);
    }

    private static SignUpWorkspaceCommand signUp(String name, String slug, Tier tier) {
        return new SignUpWorkspaceCommand(WS, name, slug, Region.EU_WEST_1, tier, OWNER, "  Owner@ACME.example ",
                "Olivia Owner", HASH, "ver-1", VERIFICATION_EXPIRY, PENDING_UNTIL);
    }

    private static ProvisionEnterpriseWorkspaceCommand provision(int retentionDays, String purchaseOrder) {
        return new ProvisionEnterpriseWorkspaceCommand(WS, NAME, SLUG, Region.US_EAST_1, purchaseOrder, true, false,
                retentionDays, "CTO@acme.example", "inv-1", inDays(7));
    }

    @Test
    void signUpCreatesPendingWorkspaceThenJoinsOwnerThenRequestsVerification() {
        f.fixture.givenNoPriorActivity()
                .when(signUp(Tier.PRO))
                .expectSuccessfulHandlerExecution()
                .expectEvents(
                        new WorkspaceCreatedEvent(WS, NAME, SLUG, Region.EU_WEST_1, Tier.PRO, Tier.PRO.defaultQuotas(),
                                CreationPath.SELF_SERVE, WorkspaceStatus.PENDING_VERIFICATION, PENDING_UNTIL),
                        ownerSignedUp(),
                        new EmailVerificationRequestedEvent(WS, "ver-1", OWNER_EMAIL, VERIFICATION_EXPIRY));

        assertThat(f.passwords.of(OWNER)).isEqualTo(HASH);
        assertThat(f.emails.ownerOf(OWNER_EMAIL, WS)).isEqualTo(OWNER);
        assertThat(f.slugs.ownerOf(SLUG)).isEqualTo(WS);
    }

    @Test
    void signUpKeepsThePasswordHashOutOfEveryEvent() {
        f.fixture.givenNoPriorActivity()
                .when(signUp(Tier.FREE))
                .expectEventsMatching(NoSecrets.inAnyEvent(HASH.value()));
    }

    @Test
    void aSignUpWithAnAddressThatIsAUserOfAnotherWorkspaceCreatesANewOwnerOfItsOwn() {
        f.emails.claim(OWNER_EMAIL, "usr-someone-else", "ws-other");

        f.fixture.givenNoPriorActivity()
                .when(signUp(Tier.PRO))
                .expectSuccessfulHandlerExecution()
                .expectEvents(
                        new WorkspaceCreatedEvent(WS, NAME, SLUG, Region.EU_WEST_1, Tier.PRO, Tier.PRO.defaultQuotas(),
                                CreationPath.SELF_SERVE, WorkspaceStatus.PENDING_VERIFICATION, PENDING_UNTIL),
                        ownerSignedUp(),
                        new EmailVerificationRequestedEvent(WS, "ver-1", OWNER_EMAIL, VERIFICATION_EXPIRY));

        assertThat(f.passwords.of(OWNER)).isEqualTo(HASH);
        assertThat(f.emails.ownerOf(OWNER_EMAIL, WS)).isEqualTo(OWNER);
        assertThat(f.emails.ownerOf(OWNER_EMAIL, "ws-other")).isEqualTo("usr-someone-else");
    }

    @Test
    void theVerificationLinkNeverOutlivesTheSignUp() {
        Instant shortClaim = inDays(1).minusSeconds(3600);
        f.fixture.givenNoPriorActivity()
                .when(new SignUpWorkspaceCommand(WS, NAME, SLUG, Region.EU_WEST_1, Tier.PRO, OWNER, OWNER_EMAIL,
                        "Olivia Owner", HASH, "ver-1", VERIFICATION_EXPIRY, shortClaim))
                .expectEvents(
                        new WorkspaceCreatedEvent(WS, NAME, SLUG, Region.EU_WEST_1, Tier.PRO, Tier.PRO.defaultQuotas(),
                                CreationPath.SELF_SERVE, WorkspaceStatus.PENDING_VERIFICATION, shortClaim),
                        ownerSignedUp(),
                        new EmailVerificationRequestedEvent(WS, "ver-1", OWNER_EMAIL, shortClaim));
    }

    @Test
    void rejectsSignUpWithoutAFuturePendingUntil() {
        f.fixture.givenNoPriorActivity()
                .when(new SignUpWorkspaceCommand(WS, NAME, SLUG, Region.EU_WEST_1, Tier.PRO, OWNER, OWNER_EMAIL,
                        null, HASH, "ver-1", VERIFICATION_EXPIRY, null))
                .expectException(rejectedWith(ErrorCode.VALIDATION_FAILED, "pendingUntil"));
    }

    @Test
    void rejectsSignUpWhenTheSlugIsTaken() {
        f.slugs.claim(SLUG, "ws-other");

        f.fixture.givenNoPriorActivity()
                .when(signUp(Tier.PRO))
                .expectException(rejectedWith(ErrorCode.SLUG_TAKEN, "slug"))
                .expectNoEvents();
    }

    @Test
    void rejectsSignUpForTheEnterpriseTier() {
        f.fixture.givenNoPriorActivity()
                .when(signUp(Tier.ENTERPRISE))
                .expectException(rejectedWith(ErrorCode.VALIDATION_FAILED, "tier"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"ab", "-acme", "acme-", "Acme", "acme_robotics", "acme robotics"})
    void rejectsSignUpWithAMalformedSlug(String slug) {
        f.fixture.givenNoPriorActivity()
                .when(signUp(NAME, slug, Tier.PRO))
                .expectException(rejectedWith(ErrorCode.VALIDATION_FAILED, "slug"));
    }

    @Test
    void rejectsSignUpWithABlankOrOverlongName() {
        f.fixture.givenNoPriorActivity()
                .when(signUp("   ", SLUG, Tier.PRO))
                .expectException(rejectedWith(ErrorCode.VALIDATION_FAILED, "name"));
        f.fixture.givenNoPriorActivity()
                .when(signUp("n".repeat(201), SLUG, Tier.PRO))
                .expectException(rejectedWith(ErrorCode.VALIDATION_FAILED, "name"));
    }

    @Test
    void rejectsSignUpWithAWorkspaceIdThatIsNotAUuidV4() {
        f.fixture.givenNoPriorActivity()
                .when(new SignUpWorkspaceCommand("ws-0b0e5a4c-9d1e-1f2a-8b3c-1d2e3f4a5b6c", NAME, SLUG,
                        Region.EU_WEST_1, Tier.PRO, OWNER, OWNER_EMAIL, null, HASH, "ver-1", VERIFICATION_EXPIRY, PENDING_UNTIL))
                .expectException(rejectedWith(ErrorCode.VALIDATION_FAILED, "workspaceId"));
    }

    @Test
    void rejectsSignUpWithoutAPasswordOrEmail() {
        f.fixture.givenNoPriorActivity()
                .when(new SignUpWorkspaceCommand(WS, NAME, SLUG, Region.EU_WEST_1, Tier.PRO, OWNER, OWNER_EMAIL,
                        null, null, "ver-1", VERIFICATION_EXPIRY, PENDING_UNTIL))
                .expectException(rejectedWith(ErrorCode.VALIDATION_FAILED, "ownerPassword"));
        f.fixture.givenNoPriorActivity()
                .when(new SignUpWorkspaceCommand(WS, NAME, SLUG, Region.EU_WEST_1, Tier.PRO, OWNER, " ",
                        null, HASH, "ver-1", VERIFICATION_EXPIRY, PENDING_UNTIL))
                .expectException(rejectedWith(ErrorCode.VALIDATION_FAILED, "ownerEmail"));
    }

    @Test
    void activatesTheWorkspaceWhenTheVerificationMatches() {
        f.fixture.given(created(Tier.PRO, WorkspaceStatus.PENDING_VERIFICATION), ownerSignedUp(),
                        new EmailVerificationRequestedEvent(WS, "ver-1", OWNER_EMAIL, inDays(1)))
                .when(new VerifyWorkspaceEmailCommand(WS, "ver-1"))
                .expectEvents(new WorkspaceActivatedEvent(WS, "ver-1"));
    }

    @Test
    void rejectsAnUnknownVerification() {
        f.fixture.given(created(Tier.PRO, WorkspaceStatus.PENDING_VERIFICATION),
                        new EmailVerificationRequestedEvent(WS, "ver-1", OWNER_EMAIL, inDays(1)))
                .when(new VerifyWorkspaceEmailCommand(WS, "ver-2"))
                .expectException(rejectedWith(ErrorCode.TOKEN_INVALID, "verificationId"));
    }

    @Test
    void rejectsVerifyingAnActiveWorkspaceAgain() {
        f.fixture.given(created(Tier.PRO, WorkspaceStatus.PENDING_VERIFICATION),
                        new EmailVerificationRequestedEvent(WS, "ver-1", OWNER_EMAIL, inDays(1)),
                        new WorkspaceActivatedEvent(WS, "ver-1"))
                .when(new VerifyWorkspaceEmailCommand(WS, "ver-1"))
                .expectException(rejectedWith(ErrorCode.WORKSPACE_ALREADY_VERIFIED));
    }

    @Test
    void rejectsAnExpiredVerification() {
        f.fixture.given(created(Tier.PRO, WorkspaceStatus.PENDING_VERIFICATION),
                        new EmailVerificationRequestedEvent(WS, "ver-1", OWNER_EMAIL, hoursAgo(1)))
                .when(new VerifyWorkspaceEmailCommand(WS, "ver-1"))
                .expectException(rejectedWith(ErrorCode.TOKEN_EXPIRED, "verificationId"));
    }

    @Test
    void provisionsAnActiveEnterpriseWorkspaceWithInvoiceBillingAndAnOwnerInvitation() {
        ProvisionEnterpriseWorkspaceCommand command = provision(180, "PO-2024-001");
        f.fixture.givenNoPriorActivity()
                .when(command)
                .expectEvents(
                        new WorkspaceCreatedEvent(WS, NAME, SLUG, Region.US_EAST_1, Tier.ENTERPRISE,
                                new TierQuotas(null, null, 180), CreationPath.OPERATOR, WorkspaceStatus.ACTIVE, null),
                        new BillingDetailsChangedEvent(WS, BillingMode.INVOICE, null, "PO-2024-001", true, false),
                        new UserInvitedEvent(WS, "inv-1", "cto@acme.example", Role.OWNER,
                                command.invitationExpiresAt()));

        assertThat(f.slugs.ownerOf(SLUG)).isEqualTo(WS);
        assertThat(f.emails.isClaimed("cto@acme.example", WS)).as("claimed only when the invitation is accepted").isFalse();
    }

    @Test
    void provisionsAWorkspaceForAnOwnerWhoseAddressIsAUserOfAnotherWorkspace() {
        f.emails.claim("cto@acme.example", "usr-x", "ws-other");

        f.fixture.givenNoPriorActivity()
                .when(provision(90, "PO-1"))
                .expectSuccessfulHandlerExecution();
        assertThat(f.slugs.ownerOf(SLUG)).isEqualTo(WS);
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 366, -5})
    void rejectsProvisioningWithRetentionOutsideOneToThreeHundredSixtyFiveDays(int days) {
        f.fixture.givenNoPriorActivity()
                .when(provision(days, "PO-1"))
                .expectException(rejectedWith(ErrorCode.VALIDATION_FAILED, "retentionDays"));
    }

    @Test
    void rejectsProvisioningWithoutAPurchaseOrder() {
        f.fixture.givenNoPriorActivity()
                .when(provision(90, " "))
                .expectException(DomainException.class)
                .expectException(rejectedWith(ErrorCode.VALIDATION_FAILED, "purchaseOrder"));
    }
}
