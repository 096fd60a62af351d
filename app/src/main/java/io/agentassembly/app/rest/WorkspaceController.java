package io.agentassembly.app.rest;

import io.agentassembly.command.api.common.DomainException;
import io.agentassembly.command.api.common.ErrorCode;
import io.agentassembly.command.api.common.Region;
import io.agentassembly.command.api.common.Tier;
import io.agentassembly.command.api.workspace.WorkspaceCommands.ChangeTierCommand;
import io.agentassembly.command.api.workspace.WorkspaceCommands.UpdateBillingCommand;
import io.agentassembly.command.api.workspace.WorkspaceCommands.UpdateWorkspaceProfileCommand;
import io.agentassembly.identity.ActorCommandGateway;
import io.agentassembly.identity.Caller;
import io.agentassembly.identity.Permission;
import io.agentassembly.query.api.WorkspaceQueries.FindWorkspaceQuery;
import io.agentassembly.query.api.WorkspaceQueries.WorkspaceView;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** The caller's own workspace: settings, tier and quotas, billing record. Other workspaces answer 404. */
@RestController
@RequestMapping("/api/v1")
@Tag(name = "Workspace")
public class WorkspaceController {

    public record UpdateWorkspaceRequest(@Size(min = 1, max = 200) String name, @Size(max = 32) @Schema(implementation = Region.class) String region) {
    }

    public record ChangeTierRequest(@NotBlank @Size(max = 32) @Schema(allowableValues = {"free", "pro", "business"}, description = "enterprise is provisioned by our team") String tier) {
    }

    public record BillingRequest(@Size(max = 64) String paymentMethodRef, @Size(max = 64) String purchaseOrder,
                                 Boolean baaSigned, Boolean dpaSigned) {
    }

    private final ActorCommandGateway commands;
    private final QueryClient queries;

    public WorkspaceController(ActorCommandGateway commands, QueryClient queries) {
        this.commands = commands;
        this.queries = queries;
    }

    @GetMapping("/workspace")
    @Operation(operationId = "getCurrentWorkspace", summary = "The caller's workspace")
    public WorkspaceView current(@AuthenticationPrincipal Caller caller) {
        return workspace(caller.require(Permission.WORKSPACE_READ).workspaceId());
    }

    @GetMapping("/workspaces/{workspaceId}")
    @Operation(operationId = "getWorkspace", summary = "A workspace by id: only the caller's own is visible")
    public WorkspaceView get(@AuthenticationPrincipal Caller caller, @PathVariable String workspaceId) {
        return workspace(own(caller, workspaceId).require(Permission.WORKSPACE_READ).workspaceId());
    }

    @PatchMapping("/workspaces/{workspaceId}")
    @Operation(operationId = "updateWorkspace", summary = "Rename the workspace; the region is permanent and cannot be changed")
    public WorkspaceView update(@AuthenticationPrincipal Caller caller, @PathVariable String workspaceId,
                                @Valid @RequestBody UpdateWorkspaceRequest request) {
        own(caller, workspaceId).require(Permission.WORKSPACE_MANAGE);
        WorkspaceView current = workspace(workspaceId);
        Region region = request.region() == null ? null : Region.fromCode(request.region());
        String name = request.name() == null ? current.name() : request.name().trim();
        commands.send(new UpdateWorkspaceProfileCommand(workspaceId, name, region), caller.actor());
        return workspace(workspaceId);
    }

    @PutMapping("/workspaces/{workspaceId}/tier")
    @Operation(operationId = "changeWorkspaceTier", summary = "Change tier between free, pro and business (Enterprise is arranged with our team)")
    public WorkspaceView changeTier(@AuthenticationPrincipal Caller caller, @PathVariable String workspaceId,
                                    @Valid @RequestBody ChangeTierRequest request) {
        own(caller, workspaceId).require(Permission.BILLING_MANAGE);
        commands.send(new ChangeTierCommand(workspaceId, Tier.fromCode(request.tier()), false), caller.actor());
        return workspace(workspaceId);
    }

    @PutMapping("/workspaces/{workspaceId}/billing")
    @Operation(operationId = "setWorkspaceBilling", summary = "Billing record: card reference (Pro/Business) or purchase order with BAA/DPA flags (Enterprise)")
    public WorkspaceView billing(@AuthenticationPrincipal Caller caller, @PathVariable String workspaceId,
                                 @Valid @RequestBody BillingRequest request) {
        own(caller, workspaceId).require(Permission.BILLING_MANAGE);
        commands.send(new UpdateBillingCommand(workspaceId, blankToNull(request.paymentMethodRef()),
                blankToNull(request.purchaseOrder()), Boolean.TRUE.equals(request.baaSigned()),
                Boolean.TRUE.equals(request.dpaSigned())), caller.actor());
        return workspace(workspaceId);
    }

    private WorkspaceView workspace(String workspaceId) {
        return queries.found(new FindWorkspaceQuery(workspaceId), WorkspaceView.class, ErrorCode.WORKSPACE_NOT_FOUND,
                "workspace " + workspaceId);
    }

    /** A workspace id other than the caller's answers 404, exactly like one that does not exist. */
    static Caller own(Caller caller, String workspaceId) {
        if (caller.workspaceId() == null || !caller.workspaceId().equals(workspaceId)) {
            throw new DomainException(ErrorCode.WORKSPACE_NOT_FOUND, "workspace " + workspaceId + " not found");
        }
        return caller;
    }

    static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }
}
