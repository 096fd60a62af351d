package io.agentassembly.app.rest;

import io.agentassembly.command.api.common.ActorType;
import io.agentassembly.command.api.common.ErrorCode;
import io.agentassembly.command.api.common.Role;
import io.agentassembly.command.api.workspace.WorkspaceCommands.AcceptInvitationCommand;
import io.agentassembly.command.api.workspace.WorkspaceCommands.InviteUserCommand;
import io.agentassembly.command.api.workspace.WorkspaceCommands.RevokeInvitationCommand;
import io.agentassembly.identity.Actor;
import io.agentassembly.identity.ActorCommandGateway;
import io.agentassembly.identity.Caller;
import io.agentassembly.identity.IdentityProperties;
import io.agentassembly.identity.Permission;
import io.agentassembly.identity.password.EmailAddresses;
import io.agentassembly.identity.password.PasswordHasher;
import io.agentassembly.identity.password.PasswordPolicy;
import io.agentassembly.identity.token.LinkTokens;
import io.agentassembly.identity.token.LinkTokens.Purpose;
import io.agentassembly.identity.token.SecretTokens;
import io.agentassembly.query.api.WorkspaceQueries.FindInvitationQuery;
import io.agentassembly.query.api.WorkspaceQueries.FindUserQuery;
import io.agentassembly.query.api.WorkspaceQueries.InvitationView;
import io.agentassembly.query.api.WorkspaceQueries.ListInvitationsQuery;
import io.agentassembly.query.api.WorkspaceQueries.UserView;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** Invitations: a single-use, expiring link e-mailed to the invitee, who sets a password to join. */
@RestController
@RequestMapping("/api/v1/invitations")
@Tag(name = "Invitations")
public class InvitationController {

    public record InviteRequest(@NotBlank @Size(max = AuthController.EMAIL_MAX) String email, @NotNull Role role) {
    }

    public record AcceptRequest(@NotBlank @Size(max = AuthController.TOKEN_MAX) String token,
                                @NotBlank @Size(max = PasswordPolicy.MAX_LENGTH, message = AuthController.PASSWORD_TOO_LONG)
                                @Schema(minLength = PasswordPolicy.MIN_LENGTH, description = PasswordPolicy.RULES) String password,
                                @Size(max = 200) String displayName) {
        @Override
        public String toString() {
            return "AcceptRequest[redacted]";
        }
    }

    private final ActorCommandGateway commands;
    private final QueryClient queries;
    private final PasswordHasher passwords;
    private final LinkTokens linkTokens;
    private final IdentityProperties identity;

    public InvitationController(ActorCommandGateway commands, QueryClient queries, PasswordHasher passwords,
                                LinkTokens linkTokens, IdentityProperties identity) {
        this.commands = commands;
        this.queries = queries;
        this.passwords = passwords;
        this.linkTokens = linkTokens;
        this.identity = identity;
    }

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(operationId = "inviteUser", summary = "Invite a user by e-mail with a role; the link is valid for a limited time and once")
    public InvitationView invite(@AuthenticationPrincipal Caller caller, @Valid @RequestBody InviteRequest request) {
        caller.require(Permission.USERS_MANAGE);
        String invitationId = SecretTokens.newCompactId();
        commands.send(new InviteUserCommand(caller.workspaceId(), invitationId, EmailAddresses.normalise("email", request.email()),
                request.role(), Instant.now().plus(identity.emailLinkLifetime())), caller.actor());
        return invitation(caller.workspaceId(), invitationId);
    }

    @GetMapping
    @Operation(operationId = "listInvitations", summary = "The workspace's invitations, pending and past")
    public List<InvitationView> list(@AuthenticationPrincipal Caller caller) {
        return queries.list(new ListInvitationsQuery(caller.require(Permission.USERS_READ).workspaceId()),
                InvitationView.class);
    }

    @DeleteMapping("/{invitationId}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(operationId = "revokeInvitation", summary = "Revoke a pending invitation: its link stops working")
    public void revoke(@AuthenticationPrincipal Caller caller, @PathVariable String invitationId) {
        caller.require(Permission.USERS_MANAGE);
        commands.send(new RevokeInvitationCommand(caller.workspaceId(), invitationId), caller.actor());
    }

    @PostMapping("/accept")
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(operationId = "acceptInvitation", summary = "Accept an invitation with the token from its link and choose a password")
    public UserView accept(@Valid @RequestBody AcceptRequest request) {
        var reference = linkTokens.verify(Purpose.INVITATION, request.token());
        InvitationView invitation = invitation(reference.workspaceId(), reference.referenceId());
        PasswordPolicy.check(request.password(), invitation.email());
        String userId = "usr-" + UUID.randomUUID();
        commands.send(new AcceptInvitationCommand(reference.workspaceId(), reference.referenceId(), userId,
                        SignupController.displayName(request.displayName(), invitation.email()),
                        passwords.hash(request.password())),
                new Actor(ActorType.USER, userId));
        return queries.found(new FindUserQuery(reference.workspaceId(), userId), UserView.class,
                ErrorCode.USER_NOT_FOUND, "user " + userId);
    }

    private InvitationView invitation(String workspaceId, String invitationId) {
        return queries.found(new FindInvitationQuery(workspaceId, invitationId), InvitationView.class,
                ErrorCode.INVITATION_NOT_FOUND, "invitation " + invitationId);
    }
}
