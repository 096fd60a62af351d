package io.agentassembly.app.rest;

import io.agentassembly.command.api.common.ErrorCode;
import io.agentassembly.command.api.common.Region;
import io.agentassembly.command.api.common.Tier;
import io.agentassembly.command.api.common.TierQuotas;
import io.agentassembly.command.api.workspace.WorkspaceCommands.ChangeTierCommand;
import io.agentassembly.command.api.workspace.WorkspaceCommands.ClearQuotaOverrideCommand;
import io.agentassembly.command.api.workspace.WorkspaceCommands.OverrideQuotasCommand;
import io.agentassembly.command.api.workspace.WorkspaceCommands.ProvisionEnterpriseWorkspaceCommand;
import io.agentassembly.identity.ActorCommandGateway;
import io.agentassembly.identity.Caller;
import io.agentassembly.identity.IdentityProperties;
import io.agentassembly.identity.password.EmailAddresses;
import io.agentassembly.identity.token.SecretTokens;
import io.agentassembly.query.api.WorkspaceQueries.FindWorkspaceQuery;
import io.agentassembly.query.api.WorkspaceQueries.WorkspaceView;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import java.time.Instant;
import java.util.UUID;

/** Our own staff's commands, authorised by an operator credential from configuration. */
@RestController
@RequestMapping("/api/v1/operator")
@Tag(name = "Operator", description = "Enterprise provisioning and quota overrides (operator credential)")
public class OperatorController {

    public record ProvisionRequest(@NotBlank @Size(max = 200) String name, @Size(max = 64) String slug,
                                   @NotBlank @Size(max = 32) @Schema(implementation = Region.class) String region, @NotBlank @Size(max = 64) String purchaseOrder,
                                   @NotBlank @Size(max = AuthController.EMAIL_MAX) String ownerEmail, Boolean baaSigned, Boolean dpaSigned,
                                   @Min(1) @Max(Tier.MAX_RETENTION_DAYS) Integer retentionDays) {
    }

    public record ProvisionResponse(String workspaceId, String invitationId, String ownerEmail) {
    }

    public record QuotaOverrideRequest(@Min(0) Integer maxAgents, @Min(0) Integer maxPolicies,
                                       @Min(1) @Max(Tier.MAX_RETENTION_DAYS) int retentionDays,
                                       @NotBlank @Size(max = 500) String reason) {
    }

    public record OperatorTierRequest(@NotBlank @Size(max = 32) @Schema(implementation = Tier.class) String tier) {
    }

    private final ActorCommandGateway commands;
    private final QueryClient queries;
    private final IdentityProperties identity;

    public OperatorController(ActorCommandGateway commands, QueryClient queries, IdentityProperties identity) {
        this.commands = commands;
        this.queries = queries;
        this.identity = identity;
    }

    @PostMapping("/workspaces")
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(operationId = "provisionWorkspace", summary = "Provision an Enterprise workspace in the contracted region; the Owner is invited by e-mail")
    public ProvisionResponse provision(@AuthenticationPrincipal Caller operator,
                                       @Valid @RequestBody ProvisionRequest request) {
        String workspaceId = "ws-" + UUID.randomUUID();
        String invitationId = SecretTokens.newCompactId();
        String ownerEmail = EmailAddresses.normalise("owner_email", request.ownerEmail());
        String slug = request.slug() == null || request.slug().isBlank()
                ? SignupController.slugOf(request.name()) : request.slug();
        int retention = request.retentionDays() == null ? Tier.MAX_RETENTION_DAYS : request.retentionDays();
        commands.send(new ProvisionEnterpriseWorkspaceCommand(workspaceId, request.name().trim(), slug,
                Region.fromCode(request.region()), request.purchaseOrder().trim(), Boolean.TRUE.equals(request.baaSigned()),
                Boolean.TRUE.equals(request.dpaSigned()), retention, ownerEmail, invitationId,
                Instant.now().plus(identity.emailLinkLifetime())), operator.actor());
        return new ProvisionResponse(workspaceId, invitationId, ownerEmail);
    }

    @PutMapping("/workspaces/{workspaceId}/quotas")
    @Operation(operationId = "overrideWorkspaceQuotas", summary = "Override a workspace's quotas (\"contact support\"); absent limits mean unlimited. The "
            + "override stays in force across tier changes until cleared")
    public WorkspaceView overrideQuotas(@AuthenticationPrincipal Caller operator, @PathVariable String workspaceId,
                                        @Valid @RequestBody QuotaOverrideRequest request) {
        existing(workspaceId);
        commands.send(new OverrideQuotasCommand(workspaceId,
                new TierQuotas(request.maxAgents(), request.maxPolicies(), request.retentionDays()),
                request.reason().trim()), operator.actor());
        return existing(workspaceId);
    }

    @DeleteMapping("/workspaces/{workspaceId}/quotas")
    @Operation(operationId = "clearWorkspaceQuotaOverride", summary = "Clear a workspace's quota override (and a custom retention set at provisioning): the "
            + "tier's quotas apply again. Overrides otherwise stay in force across tier changes")
    public WorkspaceView clearQuotaOverride(@AuthenticationPrincipal Caller operator, @PathVariable String workspaceId,
                                            @RequestParam(required = false) String reason) {
        existing(workspaceId);
        commands.send(new ClearQuotaOverrideCommand(workspaceId, reason == null ? null : reason.trim()),
                operator.actor());
        return existing(workspaceId);
    }

    @PutMapping("/workspaces/{workspaceId}/tier")
    @Operation(operationId = "setWorkspaceTier", summary = "Change any tier, Enterprise included")
    public WorkspaceView changeTier(@AuthenticationPrincipal Caller operator, @PathVariable String workspaceId,
                                    @Valid @RequestBody OperatorTierRequest request) {
        existing(workspaceId);
        commands.send(new ChangeTierCommand(workspaceId, Tier.fromCode(request.tier()), true), operator.actor());
        return existing(workspaceId);
    }

    private WorkspaceView existing(String workspaceId) {
        return queries.found(new FindWorkspaceQuery(workspaceId), WorkspaceView.class, ErrorCode.WORKSPACE_NOT_FOUND,
                "workspace " + workspaceId);
    }
}
