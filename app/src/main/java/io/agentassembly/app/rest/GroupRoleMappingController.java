package io.agentassembly.app.rest;

import io.agentassembly.command.api.common.DomainException;
import io.agentassembly.command.api.common.ErrorCode;
import io.agentassembly.command.api.common.Role;
import io.agentassembly.command.api.workspace.ProvisioningCommands.SetGroupRoleMappingCommand;
import io.agentassembly.identity.ActorCommandGateway;
import io.agentassembly.identity.Caller;
import io.agentassembly.identity.Permission;
import io.agentassembly.query.api.GroupRoleMappingQueries.FindGroupRoleMappingQuery;
import io.agentassembly.query.api.GroupRoleMappingQueries.GroupRoleMappingView;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The group → role mapping (ADR 0029): which role the members of an identity provider's group get, by group name.
 * Applied on SCIM group membership changes (and at once to the members of the groups a new mapping changes).
 */
@RestController
@RequestMapping("/api/v1/group-role-mapping")
@Tag(name = "Group role mapping")
public class GroupRoleMappingController {

    public record MappedGroup(@NotBlank @Size(max = 256) String group, @NotNull Role role) {
    }

    public record SetGroupRoleMappingRequest(@NotNull @Size(max = 100) List<@Valid @NotNull MappedGroup> groups,
                                             @NotNull Role defaultRole) {
    }

    private final ActorCommandGateway commands;
    private final QueryClient queries;

    public GroupRoleMappingController(ActorCommandGateway commands, QueryClient queries) {
        this.commands = commands;
        this.queries = queries;
    }

    @GetMapping
    @Operation(operationId = "getGroupRoleMapping", summary = "The workspace's group → role mapping (Owner only)")
    public GroupRoleMappingView get(@AuthenticationPrincipal Caller caller) {
        caller.require(Permission.PROVISIONING_MANAGE);
        return queries.single(new FindGroupRoleMappingQuery(caller.workspaceId()), GroupRoleMappingView.class);
    }

    @PutMapping
    @Operation(operationId = "setGroupRoleMapping", summary = "Replace the group → role mapping (Owner only); "
            + "members of the groups whose role changes get their new role at once, and a change that would leave "
            + "no active Owner is refused")
    public GroupRoleMappingView set(@AuthenticationPrincipal Caller caller,
                                    @Valid @RequestBody SetGroupRoleMappingRequest request) {
        caller.require(Permission.PROVISIONING_MANAGE);
        Map<String, Role> roles = new LinkedHashMap<>();
        for (MappedGroup group : request.groups()) {
            roles.put(group.group(), group.role());
        }
        if (roles.size() != request.groups().size()) {
            throw new DomainException(ErrorCode.VALIDATION_FAILED, "groups",
                    "a group is listed twice; list each group once");
        }
        commands.send(new SetGroupRoleMappingCommand(caller.workspaceId(), roles, request.defaultRole()),
                caller.actor());
        return get(caller);
    }
}
