package io.agentassembly.command.domain.workspace;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonAutoDetect.Visibility;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonInclude.Include;
import io.agentassembly.command.api.common.DomainException;
import io.agentassembly.command.api.common.ErrorCode;
import io.agentassembly.command.api.common.PasswordHash;
import io.agentassembly.command.api.common.Role;
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
import io.agentassembly.command.domain.store.PasswordCredentials;
import org.axonframework.eventsourcing.EventSourcingHandler;

import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

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
    record Member(Role role, boolean active) {
        boolean isActiveOwner() {
            return active && role == Role.OWNER;
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

    void changeRole(String workspaceId, ChangeUserRoleCommand command) {
        Member member = activeMember(command.userId());
        Role role = Require.present(command.role(), "role");
        if (member.role() == role) {
            return;
        }
        if (member.isActiveOwner()) {
            requireAnotherActiveOwner();
        }
        apply(new UserRoleChangedEvent(workspaceId, command.userId(), member.role(), role));
    }

    void deactivate(String workspaceId, DeactivateUserCommand command) {
        Member member = member(command.userId());
        if (!member.active()) {
            return;
        }
        if (member.isActiveOwner()) {
            requireAnotherActiveOwner();
        }
        apply(new UserDeactivatedEvent(workspaceId, command.userId()));
    }

    void reactivate(String workspaceId, ReactivateUserCommand command) {
        if (!member(command.userId()).active()) {
            apply(new UserReactivatedEvent(workspaceId, command.userId()));
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
        members.put(event.userId(), new Member(event.role(), true));
    }

    @EventSourcingHandler
    void on(UserRoleChangedEvent event) {
        members.computeIfPresent(event.userId(), (id, member) -> new Member(event.toRole(), member.active()));
    }

    @EventSourcingHandler
    void on(UserDeactivatedEvent event) {
        members.computeIfPresent(event.userId(), (id, member) -> new Member(member.role(), false));
    }

    @EventSourcingHandler
    void on(UserReactivatedEvent event) {
        members.computeIfPresent(event.userId(), (id, member) -> new Member(member.role(), true));
    }
}
