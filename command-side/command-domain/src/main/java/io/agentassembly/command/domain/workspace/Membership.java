package io.agentassembly.command.domain.workspace;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonAutoDetect.Visibility;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonInclude.Include;
import io.agentassembly.command.api.common.DomainException;
import io.agentassembly.command.api.common.ErrorCode;
import io.agentassembly.command.api.common.PasswordHash;
import io.agentassembly.command.api.common.Role;
import io.agentassembly.command.api.workspace.ProvisioningCommands.ProvisionUserCommand;
import io.agentassembly.command.api.workspace.ProvisioningCommands.ReplaceUserProfileCommand;
import io.agentassembly.command.api.workspace.ProvisioningCommands.UserProfile;
import io.agentassembly.command.api.workspace.ProvisioningEvents.ManagedBy;
import io.agentassembly.command.api.workspace.ProvisioningEvents.UserProfileChangedEvent;
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
import io.agentassembly.command.api.workspace.WorkspaceEvents.UserInvitedEvent;
import io.agentassembly.command.api.workspace.WorkspaceEvents.UserJoinedWorkspaceEvent;
import io.agentassembly.command.api.workspace.WorkspaceEvents.UserReactivatedEvent;
import io.agentassembly.command.api.workspace.WorkspaceEvents.UserRoleChangedEvent;
import io.agentassembly.command.domain.common.DomainClock;
import io.agentassembly.command.domain.common.Require;
import io.agentassembly.command.domain.store.EmailClaims;
import io.agentassembly.command.domain.store.GroupMemberships;
import io.agentassembly.command.domain.store.PasswordCredentials;
import org.axonframework.eventsourcing.EventSourcingHandler;

import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * The workspace's users and its invitations: who is in with which role, who may join. An entity of the
 * {@link Workspace} aggregate, so the last-Owner rule and one open invitation per address hold under its lock.
 * Workspace-level preconditions (the workspace is active) are the root's to check before it delegates here.
 */
@JsonAutoDetect(fieldVisibility = Visibility.ANY, getterVisibility = Visibility.NONE,
        isGetterVisibility = Visibility.NONE)
@JsonInclude(value = Include.ALWAYS, content = Include.ALWAYS)
class Membership {

    private Map<String, Member> members = new HashMap<>();
    private Map<String, Invitation> pendingInvitations = new HashMap<>();
    private Set<String> closedInvitations = new HashSet<>();

    @JsonAutoDetect(fieldVisibility = Visibility.ANY, getterVisibility = Visibility.NONE,
            isGetterVisibility = Visibility.NONE)
    record Member(Role role, boolean active, ManagedBy managedBy, long version) {
        boolean isActiveOwner() {
            return active && role == Role.OWNER;
        }

        Member withRole(Role newRole) {
            return new Member(newRole, active, managedBy, version);
        }

        /** The SCIM resource's version counts what it shows: profile and {@code active}, not the role. */
        Member changed(boolean nowActive, ManagedBy nowManagedBy) {
            return new Member(role, nowActive, nowManagedBy, version + 1);
        }
    }

    @JsonAutoDetect(fieldVisibility = Visibility.ANY, getterVisibility = Visibility.NONE,
            isGetterVisibility = Visibility.NONE)
    record Invitation(String email, Role role, Instant expiresAt) {
        boolean isOpen() {
            return !DomainClock.hasPassed(expiresAt);
        }
    }

    Set<String> userIds() {
        return Set.copyOf(members.keySet());
    }

    void invite(String workspaceId, InviteUserCommand command, EmailClaims emails) {
        String invitationId = Require.text(command.invitationId(), "invitationId", WorkspaceRules.ID_MAX);
        String email = WorkspaceRules.email(command.email(), "email");
        Role role = Require.present(command.role(), "role");
        Instant expiresAt = Require.future(command.expiresAt(), "expiresAt");
        if (pendingInvitations.containsKey(invitationId) || closedInvitations.contains(invitationId)) {
            throw new DomainException(ErrorCode.CONFLICT, "invitationId",
                    "an invitation with this id already exists; retry with a new id");
        }
        if (emails.isClaimed(email, workspaceId)) {
            throw WorkspaceRules.emailTaken("email");
        }
        if (hasOpenInvitationFor(email)) {
            throw new DomainException(ErrorCode.INVITATION_PENDING, "email",
                    "an invitation for this e-mail address is already pending; revoke it before inviting again");
        }
        apply(new UserInvitedEvent(workspaceId, invitationId, email, role, expiresAt));
    }

    void revoke(String workspaceId, RevokeInvitationCommand command) {
        pendingInvitation(command.invitationId());
        apply(new InvitationRevokedEvent(workspaceId, command.invitationId()));
    }

    void accept(String workspaceId, AcceptInvitationCommand command, EmailClaims emails,
                PasswordCredentials passwords) {
        Invitation invitation = pendingInvitation(command.invitationId());
        if (DomainClock.hasPassed(invitation.expiresAt())) {
            throw new DomainException(ErrorCode.TOKEN_EXPIRED, "invitationId",
                    "this invitation has expired; ask an Owner or Admin of the workspace to invite you again");
        }
        String userId = Require.text(command.userId(), "userId", WorkspaceRules.ID_MAX);
        if (members.containsKey(userId)) {
            throw new DomainException(ErrorCode.CONFLICT, "userId", "a user with this id already exists; retry");
        }
        String displayName = WorkspaceRules.displayName(command.displayName());
        PasswordHash password = WorkspaceRules.password(command.password(), "password");

        emails.claim(invitation.email(), userId, workspaceId);
        passwords.save(userId, password);

        apply(new InvitationAcceptedEvent(workspaceId, command.invitationId(), userId));
        apply(new UserJoinedWorkspaceEvent(workspaceId, userId, invitation.email(), displayName, invitation.role(),
                JoinedVia.INVITATION));
    }

    void changeRole(String workspaceId, ChangeUserRoleCommand command, Groups groups, GroupMemberships memberships) {
        Member member = activeMember(command.userId());
        Role role = Require.present(command.role(), "role");
        if (member.role() == role) {
            return;
        }
        String mappedGroup = groups.firstMappedGroupName(
                memberships.groupsOf(workspaceId, Set.of(command.userId())).getOrDefault(command.userId(), Set.of()));
        if (mappedGroup != null) {
            throw new DomainException(ErrorCode.MANAGED_BY_IDENTITY_PROVIDER, "role",
                    "this user's role comes from the identity provider's group '" + mappedGroup + "' (group → role "
                            + "mapping); change the user's groups in the identity provider, or the mapping");
        }
        if (member.isActiveOwner()) {
            requireAnotherActiveOwner();
        }
        apply(new UserRoleChangedEvent(workspaceId, command.userId(), member.role(), role));
    }

    void deactivate(String workspaceId, DeactivateUserCommand command) {
        Member member = member(command.userId());
        requireConsoleManaged(member, "deactivate");
        if (!member.active()) {
            return;
        }
        if (member.isActiveOwner()) {
            requireAnotherActiveOwner();
        }
        apply(new UserDeactivatedEvent(workspaceId, command.userId()));
    }

    void reactivate(String workspaceId, ReactivateUserCommand command) {
        Member member = member(command.userId());
        requireConsoleManaged(member, "reactivate");
        if (!member.active()) {
            apply(new UserReactivatedEvent(workspaceId, command.userId()));
        }
    }

    /** A user joins by SCIM; {@code role}: the workspace's default role for users outside every mapped group. */
    void provision(String workspaceId, ProvisionUserCommand command, Role role, EmailClaims emails) {
        String userId = Require.text(command.userId(), "userId", WorkspaceRules.ID_MAX);
        if (members.containsKey(userId)) {
            throw new DomainException(ErrorCode.CONFLICT, "userId", "a user with this id already exists; retry");
        }
        UserProfile profile = WorkspaceRules.profile(command.profile());
        String email = WorkspaceRules.email(profile.userName(), "userName");
        emails.claim(email, userId, workspaceId);

        apply(new UserJoinedWorkspaceEvent(workspaceId, userId, email, profile.displayName(), role, JoinedVia.SCIM));
        apply(profileChanged(workspaceId, userId, profile, email));
        if (!command.active()) {
            apply(new UserDeactivatedEvent(workspaceId, userId));
        }
    }

    /** SCIM PUT (and PATCH): the identity provider takes over the user's profile and {@code active}. */
    void replaceProfile(String workspaceId, ReplaceUserProfileCommand command, EmailClaims emails) {
        Member member = member(command.userId());
        WorkspaceRules.requireVersion(member.version(), command.expectedVersion());
        UserProfile profile = WorkspaceRules.profile(command.profile());
        String email = WorkspaceRules.email(profile.userName(), "userName");
        if (member.isActiveOwner() && !command.active()) {
            requireAnotherActiveOwner();
        }
        emails.move(command.userId(), workspaceId, email);

        apply(profileChanged(workspaceId, command.userId(), profile, email));
        if (member.active() && !command.active()) {
            apply(new UserDeactivatedEvent(workspaceId, command.userId()));
        } else if (!member.active() && command.active()) {
            apply(new UserReactivatedEvent(workspaceId, command.userId()));
        }
    }

    private static UserProfileChangedEvent profileChanged(String workspaceId, String userId, UserProfile profile,
                                                          String email) {
        return new UserProfileChangedEvent(workspaceId, userId, profile.userName(), email, profile.displayName(),
                profile.externalId(), profile.attributes(), ManagedBy.IDENTITY_PROVIDER);
    }

    boolean isMember(String userId) {
        return members.containsKey(userId);
    }

    /**
     * Gives each named user the role named for it (users who left the workspace's directory are skipped), all at
     * once or none: refused when the workspace would be left without an active Owner.
     */
    void assignRoles(String workspaceId, Map<String, Role> roles) {
        Map<String, Role> changes = new TreeMap<>();
        roles.forEach((userId, role) -> {
            Member member = members.get(userId);
            if (member != null && member.role() != role) {
                changes.put(userId, role);
            }
        });
        if (changes.isEmpty()) {
            return;
        }
        long ownersAfter = members.entrySet().stream()
                .filter(e -> e.getValue().active() && changes.getOrDefault(e.getKey(), e.getValue().role()) == Role.OWNER)
                .count();
        if (ownersAfter == 0) {
            throw new DomainException(ErrorCode.LAST_OWNER, "members",
                    "this change would leave the workspace without an active Owner (through the group → role "
                            + "mapping); add another Owner first");
        }
        changes.forEach((userId, role) ->
                apply(new UserRoleChangedEvent(workspaceId, userId, members.get(userId).role(), role)));
    }

    private static void requireConsoleManaged(Member member, String action) {
        if (member.managedBy() == ManagedBy.IDENTITY_PROVIDER) {
            throw new DomainException(ErrorCode.MANAGED_BY_IDENTITY_PROVIDER, "userId",
                    "this user is managed by the workspace's identity provider (SCIM); " + action
                            + " the user there (the user's `active` attribute)");
        }
    }

    private boolean hasOpenInvitationFor(String email) {
        return pendingInvitations.values().stream().anyMatch(i -> i.email().equals(email) && i.isOpen());
    }

    private Invitation pendingInvitation(String invitationId) {
        Invitation invitation = invitationId == null ? null : pendingInvitations.get(invitationId);
        if (invitation != null) {
            return invitation;
        }
        if (closedInvitations.contains(invitationId)) {
            throw new DomainException(ErrorCode.INVITATION_NOT_PENDING, "invitationId",
                    "this invitation was already accepted or revoked; ask for a new invitation");
        }
        throw new DomainException(ErrorCode.INVITATION_NOT_FOUND, "invitationId",
                "no invitation with this id exists in the workspace; check the invitation link");
    }

    private Member member(String userId) {
        Member member = userId == null ? null : members.get(userId);
        if (member == null) {
            throw new DomainException(ErrorCode.USER_NOT_FOUND, "userId",
                    "no user with this id exists in the workspace; check the user id");
        }
        return member;
    }

    private Member activeMember(String userId) {
        Member member = member(userId);
        if (!member.active()) {
            throw new DomainException(ErrorCode.USER_NOT_ACTIVE, "userId",
                    "the user is deactivated; reactivate the user first");
        }
        return member;
    }

    private void requireAnotherActiveOwner() {
        if (members.values().stream().filter(Member::isActiveOwner).count() <= 1) {
            throw new DomainException(ErrorCode.LAST_OWNER, "userId",
                    "a workspace needs at least one active Owner; promote another user first");
        }
    }

    @EventSourcingHandler
    void on(UserInvitedEvent event) {
        pendingInvitations.put(event.invitationId(), new Invitation(event.email(), event.role(), event.expiresAt()));
    }

    @EventSourcingHandler
    void on(InvitationRevokedEvent event) {
        closeInvitation(event.invitationId());
    }

    @EventSourcingHandler
    void on(InvitationAcceptedEvent event) {
        closeInvitation(event.invitationId());
    }

    private void closeInvitation(String invitationId) {
        pendingInvitations.remove(invitationId);
        closedInvitations.add(invitationId);
    }

    @EventSourcingHandler
    void on(UserJoinedWorkspaceEvent event) {
        members.put(event.userId(), new Member(event.role(), true, ManagedBy.CONSOLE, 1));
    }

    @EventSourcingHandler
    void on(UserProfileChangedEvent event) {
        members.computeIfPresent(event.userId(), (id, member) -> member.changed(member.active(), event.managedBy()));
    }

    @EventSourcingHandler
    void on(UserRoleChangedEvent event) {
        members.computeIfPresent(event.userId(), (id, member) -> member.withRole(event.toRole()));
    }

    @EventSourcingHandler
    void on(UserDeactivatedEvent event) {
        members.computeIfPresent(event.userId(), (id, member) -> member.changed(false, member.managedBy()));
    }

    @EventSourcingHandler
    void on(UserReactivatedEvent event) {
        members.computeIfPresent(event.userId(), (id, member) -> member.changed(true, member.managedBy()));
    }
}
