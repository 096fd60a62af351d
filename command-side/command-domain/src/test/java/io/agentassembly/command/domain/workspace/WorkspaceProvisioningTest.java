package io.agentassembly.command.domain.workspace;

import io.agentassembly.command.api.common.ErrorCode;
import io.agentassembly.command.api.common.Role;
import io.agentassembly.command.api.common.Tier;
import io.agentassembly.command.api.workspace.ProvisioningCommands.ChangeGroupCommand;
import io.agentassembly.command.api.workspace.ProvisioningCommands.CreateGroupCommand;
import io.agentassembly.command.api.workspace.ProvisioningCommands.DeleteGroupCommand;
import io.agentassembly.command.api.workspace.ProvisioningCommands.ProvisionUserCommand;
import io.agentassembly.command.api.workspace.ProvisioningCommands.ReplaceUserProfileCommand;
import io.agentassembly.command.api.workspace.ProvisioningCommands.SetGroupRoleMappingCommand;
import io.agentassembly.command.api.workspace.ProvisioningCommands.UserProfile;
import io.agentassembly.command.api.workspace.ProvisioningEvents.GroupCreatedEvent;
import io.agentassembly.command.api.workspace.ProvisioningEvents.GroupDeletedEvent;
import io.agentassembly.command.api.workspace.ProvisioningEvents.GroupMembersAddedEvent;
import io.agentassembly.command.api.workspace.ProvisioningEvents.GroupMembersRemovedEvent;
import io.agentassembly.command.api.workspace.ProvisioningEvents.GroupRoleMappingChangedEvent;
import io.agentassembly.command.api.workspace.ProvisioningEvents.ManagedBy;
import io.agentassembly.command.api.workspace.ProvisioningEvents.UserProfileChangedEvent;
import io.agentassembly.command.api.workspace.WorkspaceCommands.ChangeUserRoleCommand;
import io.agentassembly.command.api.workspace.WorkspaceCommands.DeactivateUserCommand;
import io.agentassembly.command.api.workspace.WorkspaceEvents.JoinedVia;
import io.agentassembly.command.api.workspace.WorkspaceEvents.UserDeactivatedEvent;
import io.agentassembly.command.api.workspace.WorkspaceEvents.UserJoinedWorkspaceEvent;
import io.agentassembly.command.api.workspace.WorkspaceEvents.UserRoleChangedEvent;
import io.agentassembly.command.api.workspace.WorkspaceEvents.WorkspaceStatus;
import org.axonframework.test.aggregate.TestExecutor;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.agentassembly.command.domain.fakes.DomainErrors.rejectedWith;
import static io.agentassembly.command.domain.workspace.WorkspaceFixtures.OWNER;
import static io.agentassembly.command.domain.workspace.WorkspaceFixtures.OWNER_EMAIL;
import static io.agentassembly.command.domain.workspace.WorkspaceFixtures.WS;
import static io.agentassembly.command.domain.workspace.WorkspaceFixtures.created;
import static io.agentassembly.command.domain.workspace.WorkspaceFixtures.joined;
import static io.agentassembly.command.domain.workspace.WorkspaceFixtures.ownerSignedUp;
import static org.assertj.core.api.Assertions.assertThat;

class WorkspaceProvisioningTest {

    private static final Map<String, Object> ATTRIBUTES = Map.of("title", "Engineer");
    private static final UserProfile ALICE = new UserProfile("Alice@Acme.example", "Alice A", "00u1", ATTRIBUTES);

    private final WorkspaceFixtures f = new WorkspaceFixtures();

    private TestExecutor<Workspace> given(Object... more) {
        Object[] events = new Object[more.length + 2];
        events[0] = created(Tier.BUSINESS, WorkspaceStatus.ACTIVE);
        events[1] = ownerSignedUp();
        System.arraycopy(more, 0, events, 2, more.length);
        return f.fixture.given(events);
    }

    private static GroupRoleMappingChangedEvent mapping(Map<String, Role> roles) {
        return new GroupRoleMappingChangedEvent(WS, roles, Role.VIEWER);
    }

    private static GroupCreatedEvent group(String groupId, String name) {
        return new GroupCreatedEvent(WS, groupId, name, null, ManagedBy.IDENTITY_PROVIDER);
    }

    @Test
    void provisionsAUserAsTheDefaultRoleWithTheIdentityProvidersProfile() {
        given().when(new ProvisionUserCommand(WS, "usr-a", ALICE, true))
                .expectEvents(
                        new UserJoinedWorkspaceEvent(WS, "usr-a", "alice@acme.example", "Alice A", Role.VIEWER,
                                JoinedVia.SCIM),
                        new UserProfileChangedEvent(WS, "usr-a", "Alice@Acme.example", "alice@acme.example",
                                "Alice A", "00u1", ATTRIBUTES, ManagedBy.IDENTITY_PROVIDER));
        assertThat(f.emails.ownerOf("alice@acme.example", WS)).isEqualTo("usr-a");
    }

    @Test
    void aUserProvisionedInactiveIsDeactivatedAtOnce() {
        given().when(new ProvisionUserCommand(WS, "usr-a", ALICE, false))
                .expectEvents(
                        new UserJoinedWorkspaceEvent(WS, "usr-a", "alice@acme.example", "Alice A", Role.VIEWER,
                                JoinedVia.SCIM),
                        new UserProfileChangedEvent(WS, "usr-a", "Alice@Acme.example", "alice@acme.example",
                                "Alice A", "00u1", ATTRIBUTES, ManagedBy.IDENTITY_PROVIDER),
                        new UserDeactivatedEvent(WS, "usr-a"));
    }

    @Test
    void anAddressInUseInTheWorkspaceIsRefused() {
        f.emails.claim(OWNER_EMAIL, OWNER, WS);
        given().when(new ProvisionUserCommand(WS, "usr-a",
                        new UserProfile(OWNER_EMAIL.toUpperCase(), null, null, Map.of()), true))
                .expectException(rejectedWith(ErrorCode.EMAIL_TAKEN, "email"));
    }

    @Test
    void aUserNameThatIsNoEmailAddressIsRefused() {
        given().when(new ProvisionUserCommand(WS, "usr-a", new UserProfile("alice", null, null, Map.of()), true))
                .expectException(rejectedWith(ErrorCode.VALIDATION_FAILED, "userName"));
    }

    @Test
    void aReplaceNamingAnOlderVersionIsRefused() {
        given(joined("usr-a", Role.VIEWER))
                .when(new ReplaceUserProfileCommand(WS, "usr-a", ALICE, true, 7L))
                .expectException(rejectedWith(ErrorCode.VERSION_MISMATCH, "version"));
    }

    @Test
    void aReplaceTakesOverAConsoleUserAndMovesTheAddress() {
        f.emails.claim("usr-a@acme.example", "usr-a", WS);
        given(joined("usr-a", Role.VIEWER))
                .when(new ReplaceUserProfileCommand(WS, "usr-a", ALICE, true, 1L))
                .expectEvents(new UserProfileChangedEvent(WS, "usr-a", "Alice@Acme.example", "alice@acme.example",
                        "Alice A", "00u1", ATTRIBUTES, ManagedBy.IDENTITY_PROVIDER));
        assertThat(f.emails.ownerOf("alice@acme.example", WS)).isEqualTo("usr-a");
        assertThat(f.emails.isClaimed("usr-a@acme.example", WS)).isFalse();
    }

    @Test
    void theIdentityProviderCannotDeactivateTheLastOwner() {
        given().when(new ReplaceUserProfileCommand(WS, OWNER,
                        new UserProfile(OWNER_EMAIL, null, null, Map.of()), false, null))
                .expectException(rejectedWith(ErrorCode.LAST_OWNER, "userId"));
    }

    @Test
    void theConsoleCannotDeactivateAUserTheIdentityProviderManages() {
        given(joined("usr-a", Role.VIEWER), new UserProfileChangedEvent(WS, "usr-a", "a@acme.example",
                "a@acme.example", null, null, Map.of(), ManagedBy.IDENTITY_PROVIDER))
                .when(new DeactivateUserCommand(WS, "usr-a"))
                .expectException(rejectedWith(ErrorCode.MANAGED_BY_IDENTITY_PROVIDER, "userId"));
    }

    @Test
    void joiningAMappedGroupGivesItsRole() {
        given(joined("usr-a", Role.VIEWER), mapping(Map.of("aaa-owners", Role.OWNER)))
                .when(new CreateGroupCommand(WS, "grp-1", "AAA-Owners", null, List.of("usr-a")))
                .expectEvents(group("grp-1", "AAA-Owners"), new GroupMembersAddedEvent(WS, "grp-1", List.of("usr-a")),
                        new UserRoleChangedEvent(WS, "usr-a", Role.VIEWER, Role.OWNER));
    }

    @Test
    void aUserInSeveralMappedGroupsGetsTheHighestRole() {
        f.groupMembers.add(WS, "grp-dev", List.of("usr-a"));
        given(joined("usr-a", Role.DEVELOPER), group("grp-dev", "devs"), group("grp-adm", "admins"),
                mapping(Map.of("devs", Role.DEVELOPER, "admins", Role.ADMIN)))
                .when(new ChangeGroupCommand(WS, "grp-adm", null, null, false, List.of("usr-a"), List.of(), null))
                .expectEvents(new GroupMembersAddedEvent(WS, "grp-adm", List.of("usr-a")),
                        new UserRoleChangedEvent(WS, "usr-a", Role.DEVELOPER, Role.ADMIN));
    }

    @Test
    void leavingTheLastMappedGroupFallsBackToTheDefaultRole() {
        f.groupMembers.add(WS, "grp-adm", List.of("usr-a"));
        given(joined("usr-a", Role.ADMIN), group("grp-adm", "admins"), mapping(Map.of("admins", Role.ADMIN)))
                .when(new ChangeGroupCommand(WS, "grp-adm", null, null, false, List.of(), List.of("usr-a"), 1L))
                .expectEvents(new GroupMembersRemovedEvent(WS, "grp-adm", List.of("usr-a")),
                        new UserRoleChangedEvent(WS, "usr-a", Role.ADMIN, Role.VIEWER));
    }

    @Test
    void aMembershipThatWouldDemoteTheLastOwnerIsRefused() {
        given(group("grp-v", "viewers"), mapping(Map.of("viewers", Role.VIEWER)))
                .when(new ChangeGroupCommand(WS, "grp-v", null, null, false, List.of(OWNER), List.of(), null))
                .expectException(rejectedWith(ErrorCode.LAST_OWNER, "members"));
    }

    @Test
    void removingTheLastOwnerFromTheOwnersGroupIsRefused() {
        f.groupMembers.add(WS, "grp-o", List.of(OWNER));
        given(group("grp-o", "owners"), mapping(Map.of("owners", Role.OWNER)))
                .when(new DeleteGroupCommand(WS, "grp-o", null))
                .expectException(rejectedWith(ErrorCode.LAST_OWNER, "members"));
    }

    @Test
    void theConsoleCannotChangeARoleThatAMappedGroupGives() {
        f.groupMembers.add(WS, "grp-adm", List.of("usr-a"));
        given(joined("usr-a", Role.ADMIN), group("grp-adm", "admins"), mapping(Map.of("admins", Role.ADMIN)))
                .when(new ChangeUserRoleCommand(WS, "usr-a", Role.VIEWER))
                .expectException(rejectedWith(ErrorCode.MANAGED_BY_IDENTITY_PROVIDER, "role"));
    }

    @Test
    void groupNamesAreUniqueWithoutCaseAndMembersMustExist() {
        given(group("grp-1", "Admins"))
                .when(new CreateGroupCommand(WS, "grp-2", "admins", null, List.of()))
                .expectException(rejectedWith(ErrorCode.GROUP_NAME_TAKEN, "displayName"));
        given().when(new CreateGroupCommand(WS, "grp-2", "devs", null, List.of("usr-ghost")))
                .expectException(rejectedWith(ErrorCode.VALIDATION_FAILED, "members"));
    }

    @Test
    void aNewMappingAppliesToTheMembersOfTheGroupsItChanges() {
        f.groupMembers.add(WS, "grp-adm", List.of("usr-a"));
        given(joined("usr-a", Role.VIEWER), group("grp-adm", "admins"))
                .when(new SetGroupRoleMappingCommand(WS, Map.of("Admins", Role.ADMIN), Role.VIEWER))
                .expectEvents(new GroupRoleMappingChangedEvent(WS, Map.of("admins", Role.ADMIN), Role.VIEWER),
                        new UserRoleChangedEvent(WS, "usr-a", Role.VIEWER, Role.ADMIN));
    }

    @Test
    void deletingAGroupDropsItsMembersRoles() {
        f.groupMembers.add(WS, "grp-adm", List.of("usr-a"));
        given(joined("usr-a", Role.ADMIN), group("grp-adm", "admins"), mapping(Map.of("admins", Role.ADMIN)))
                .when(new DeleteGroupCommand(WS, "grp-adm", null))
                .expectEvents(new GroupDeletedEvent(WS, "grp-adm", "admins"),
                        new UserRoleChangedEvent(WS, "usr-a", Role.ADMIN, Role.VIEWER));
        assertThat(f.groupMembers.members(WS, "grp-adm")).isEmpty();
    }
}
