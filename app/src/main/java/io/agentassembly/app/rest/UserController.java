package io.agentassembly.app.rest;

import io.agentassembly.command.api.common.ErrorCode;
import io.agentassembly.command.api.common.Role;
import io.agentassembly.command.api.workspace.WorkspaceCommands.ChangeUserRoleCommand;
import io.agentassembly.command.api.workspace.WorkspaceCommands.DeactivateUserCommand;
import io.agentassembly.command.api.workspace.WorkspaceCommands.ReactivateUserCommand;
import io.agentassembly.identity.ActorCommandGateway;
import io.agentassembly.identity.Caller;
import io.agentassembly.identity.Permission;
import io.agentassembly.query.api.WorkspaceQueries.FindUserQuery;
import io.agentassembly.query.api.WorkspaceQueries.ListUsersQuery;
import io.agentassembly.query.api.WorkspaceQueries.UserView;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.util.List;

/** Members of the caller's workspace. Users are never deleted: deactivation keeps them and their audit trail. */
@RestController
@RequestMapping("/api/v1/users")
@Tag(name = "Users")
public class UserController {

    public record ChangeRoleRequest(@NotNull Role role) {
    }

    private final ActorCommandGateway commands;
    private final QueryClient queries;

    public UserController(ActorCommandGateway commands, QueryClient queries) {
        this.commands = commands;
        this.queries = queries;
    }

    @GetMapping
    @Operation(operationId = "listUsers", summary = "List the workspace's users")
    public List<UserView> list(@AuthenticationPrincipal Caller caller) {
        return queries.list(new ListUsersQuery(caller.require(Permission.USERS_READ).workspaceId()), UserView.class);
    }

    @GetMapping("/{userId}")
    @Operation(operationId = "getUser", summary = "A user of the workspace")
    public UserView get(@AuthenticationPrincipal Caller caller, @PathVariable String userId) {
        return user(caller.require(Permission.USERS_READ), userId);
    }

    @PutMapping("/{userId}/role")
    @Operation(operationId = "changeUserRole", summary = "Change a user's role; the last active Owner cannot be demoted")
    public UserView changeRole(@AuthenticationPrincipal Caller caller, @PathVariable String userId,
                               @Valid @RequestBody ChangeRoleRequest request) {
        caller.require(Permission.USERS_MANAGE);
        commands.send(new ChangeUserRoleCommand(caller.workspaceId(), userId, request.role()), caller.actor());
        return user(caller, userId);
    }

    @PostMapping("/{userId}/deactivate")
    @Operation(operationId = "deactivateUser", summary = "Deactivate a user: their sessions end for good, sign-in and API keys stop working; the last active Owner cannot be deactivated")
    public UserView deactivate(@AuthenticationPrincipal Caller caller, @PathVariable String userId) {
        caller.require(Permission.USERS_MANAGE);
        commands.send(new DeactivateUserCommand(caller.workspaceId(), userId), caller.actor());
        return user(caller, userId);
    }

    @PostMapping("/{userId}/reactivate")
    @Operation(operationId = "reactivateUser", summary = "Reactivate a deactivated user: they may sign in again")
    public UserView reactivate(@AuthenticationPrincipal Caller caller, @PathVariable String userId) {
        caller.require(Permission.USERS_MANAGE);
        commands.send(new ReactivateUserCommand(caller.workspaceId(), userId), caller.actor());
        return user(caller, userId);
    }

    private UserView user(Caller caller, String userId) {
        return queries.found(new FindUserQuery(caller.workspaceId(), userId), UserView.class, ErrorCode.USER_NOT_FOUND,
                "user " + userId);
    }
}
