package io.agentassembly.app.rest;

import io.agentassembly.command.api.common.DomainException;
import io.agentassembly.command.api.common.ErrorCode;
import io.agentassembly.command.api.policy.PolicyCommands.ActivatePolicyCommand;
import io.agentassembly.command.api.policy.PolicyCommands.ApplyPolicyVersionCommand;
import io.agentassembly.command.api.policy.PolicyCommands.DeactivatePolicyCommand;
import io.agentassembly.command.api.policy.PolicyCommands.DeletePolicyCommand;
import io.agentassembly.command.api.policy.PolicyCommands.PolicyChange;
import io.agentassembly.command.api.policy.PolicyCommands.RollbackPolicyCommand;
import io.agentassembly.command.api.policy.PolicyIds;
import io.agentassembly.identity.ActorCommandGateway;
import io.agentassembly.identity.Caller;
import io.agentassembly.identity.Permission;
import io.agentassembly.policy.ConditionLimits;
import io.agentassembly.policy.ParsedPolicy;
import io.agentassembly.policy.PolicyDiff;
import io.agentassembly.query.api.PolicyQueries.FindPolicyQuery;
import io.agentassembly.query.api.PolicyQueries.FindPolicyVersionQuery;
import io.agentassembly.query.api.PolicyQueries.ListPoliciesQuery;
import io.agentassembly.query.api.PolicyQueries.ListPolicyVersionsQuery;
import io.agentassembly.query.api.PolicyQueries.PolicyDetails;
import io.agentassembly.query.api.PolicyQueries.PolicySummary;
import io.agentassembly.query.api.PolicyQueries.PolicyVersionView;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import java.io.IOException;
import java.util.List;
import java.util.Locale;

/**
 * Policy documents of the caller's workspace, addressed by name. {@code POST /policies} applies a YAML or JSON
 * file: every document is validated before anything is stored, then all of them are applied in one transaction
 * (all or nothing). Another workspace's policy, and a deleted one, answers 404. The draft-evaluation endpoint
 * {@code POST /policies/simulate} is not served here: no POST route of this controller takes a bare name.
 */
@RestController
@RequestMapping("/api/v1/policies")
@Tag(name = "Policies")
public class PolicyController {

    public record AppliedPolicy(String name, int version, String digest, String status, boolean active) {
        static AppliedPolicy of(PolicyChange change) {
            return new AppliedPolicy(change.name(), change.version(), change.digest(),
                    change.status().name().toLowerCase(Locale.ROOT), change.active());
        }
    }

    public record ApplyResponse(List<AppliedPolicy> policies) {
    }

    public record RollbackRequest(@NotNull @Min(1) Integer version) {
    }

    public record PolicyDiffResponse(String name, int from, int to, List<PolicyDiff.Change> changes) {
    }

    private final ActorCommandGateway commands;
    private final QueryClient queries;
    private final ConditionLimits conditionLimits;

    public PolicyController(ActorCommandGateway commands, QueryClient queries, ConditionLimits conditionLimits) {
        this.commands = commands;
        this.queries = queries;
        this.conditionLimits = conditionLimits;
    }

    @PostMapping(consumes = {PolicyFiles.APPLICATION_YAML, PolicyFiles.APPLICATION_X_YAML, PolicyFiles.TEXT_YAML,
            PolicyFiles.APPLICATION_JSON})
    @Operation(operationId = "applyPolicies", summary = "Apply a policy file (YAML, several documents allowed, or JSON); all documents or none",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true,
                    description = "A policy file of at most 256 KiB: YAML (documents separated by ---), or JSON (one "
                            + "policy document object or an array of them); UTF-8 unless the Content-Type names a charset",
                    content = {
                            @Content(mediaType = PolicyFiles.APPLICATION_YAML, schema = @Schema(type = "string")),
                            @Content(mediaType = PolicyFiles.APPLICATION_X_YAML, schema = @Schema(type = "string")),
                            @Content(mediaType = PolicyFiles.TEXT_YAML, schema = @Schema(type = "string")),
                            @Content(mediaType = PolicyFiles.APPLICATION_JSON)}))
    public ApplyResponse apply(@AuthenticationPrincipal Caller caller, HttpServletRequest request) throws IOException {
        caller.require(Permission.POLICIES_MANAGE);
        List<ParsedPolicy> documents = PolicyFiles.parse(request, conditionLimits);
        List<PolicyChange> changes = commands.atomically(() -> documents.stream()
                .map(document -> applyOne(caller, document))
                .toList());
        return new ApplyResponse(changes.stream().map(AppliedPolicy::of).toList());
    }

    @GetMapping
    @Operation(operationId = "listPolicies", summary = "The workspace's policies with their current version, by name")
    public List<PolicySummary> list(@AuthenticationPrincipal Caller caller) {
        caller.require(Permission.POLICIES_READ);
        return queries.list(new ListPoliciesQuery(caller.workspaceId()), PolicySummary.class);
    }

    @GetMapping("/{name}")
    @Operation(operationId = "getPolicy", summary = "A policy: its current version with the source text")
    public PolicyDetails get(@AuthenticationPrincipal Caller caller, @PathVariable String name) {
        return policy(caller.require(Permission.POLICIES_READ), name);
    }

    @GetMapping("/{name}/versions")
    @Operation(operationId = "listPolicyVersions", summary = "Every version of a policy, newest first (without sources)")
    public List<PolicyVersionView> versions(@AuthenticationPrincipal Caller caller, @PathVariable String name) {
        policy(caller.require(Permission.POLICIES_READ), name);
        return queries.list(new ListPolicyVersionsQuery(caller.workspaceId(), name), PolicyVersionView.class);
    }

    @GetMapping("/{name}/versions/{version}")
    @Operation(operationId = "getPolicyVersion", summary = "One version of a policy with its source text")
    public PolicyVersionView version(@AuthenticationPrincipal Caller caller, @PathVariable String name,
                                     @PathVariable int version) {
        policy(caller.require(Permission.POLICIES_READ), name);
        return version(caller, name, version, "version");
    }

    @GetMapping("/{name}/diff")
    @Operation(operationId = "diffPolicyVersions", summary = "Field-level differences between two versions of a policy")
    public PolicyDiffResponse diff(@AuthenticationPrincipal Caller caller, @PathVariable String name,
                                   @RequestParam("from") int from, @RequestParam("to") int to) {
        policy(caller.require(Permission.POLICIES_READ), name);
        ParsedPolicy older = PolicyFiles.reparse(version(caller, name, from, "from"), "from", conditionLimits);
        ParsedPolicy newer = PolicyFiles.reparse(version(caller, name, to, "to"), "to", conditionLimits);
        return new PolicyDiffResponse(name, from, to, PolicyDiff.between(older, newer));
    }

    @PostMapping("/{name}/rollback")
    @Operation(operationId = "rollbackPolicy", summary = "Make an earlier version's content current again, as a new version")
    public AppliedPolicy rollback(@AuthenticationPrincipal Caller caller, @PathVariable String name,
                                  @Valid @RequestBody RollbackRequest request) {
        policy(caller.require(Permission.POLICIES_MANAGE), name);
        PolicyChange change = commands.send(new RollbackPolicyCommand(PolicyIds.of(caller.workspaceId(), name),
                caller.workspaceId(), request.version()), caller.actor());
        return AppliedPolicy.of(change);
    }

    @PostMapping("/{name}/activate")
    @Operation(operationId = "activatePolicy", summary = "Put the policy into the cascade (takes an active-policy quota slot)")
    public PolicyDetails activate(@AuthenticationPrincipal Caller caller, @PathVariable String name) {
        policy(caller.require(Permission.POLICIES_MANAGE), name);
        commands.send(new ActivatePolicyCommand(PolicyIds.of(caller.workspaceId(), name), caller.workspaceId()),
                caller.actor());
        return policy(caller, name);
    }

    @PostMapping("/{name}/deactivate")
    @Operation(operationId = "deactivatePolicy", summary = "Take the policy out of the cascade, keeping its versions (frees its quota slot)")
    public PolicyDetails deactivate(@AuthenticationPrincipal Caller caller, @PathVariable String name) {
        policy(caller.require(Permission.POLICIES_MANAGE), name);
        commands.send(new DeactivatePolicyCommand(PolicyIds.of(caller.workspaceId(), name), caller.workspaceId()),
                caller.actor());
        return policy(caller, name);
    }

    @DeleteMapping("/{name}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(operationId = "deletePolicy", summary = "Delete the policy (its history stays in the audit log; applying the name again revives it)")
    public void delete(@AuthenticationPrincipal Caller caller, @PathVariable String name) {
        policy(caller.require(Permission.POLICIES_MANAGE), name);
        commands.send(new DeletePolicyCommand(PolicyIds.of(caller.workspaceId(), name), caller.workspaceId()),
                caller.actor());
    }

    /** One document of the file; a refusal names the document it concerns. */
    private PolicyChange applyOne(Caller caller, ParsedPolicy document) {
        String workspaceId = caller.workspaceId();
        var scope = document.document().scope();
        try {
            return commands.send(new ApplyPolicyVersionCommand(PolicyIds.of(workspaceId, document.name()),
                    workspaceId, document.name(), scope.text(), scope.orgId(),
                    document.document().enforcementMode().name().toLowerCase(Locale.ROOT), document.digest(),
                    document.source()), caller.actor());
        } catch (DomainException e) {
            throw new DomainException(e.code(), e.details().field(), "policy " + document.name() + ": " + e.getMessage());
        }
    }

    private PolicyDetails policy(Caller caller, String name) {
        if (!PolicyIds.isName(name)) {
            throw notFound(name);
        }
        return queries.optional(new FindPolicyQuery(caller.workspaceId(), name), PolicyDetails.class)
                .orElseThrow(() -> notFound(name));
    }

    private PolicyVersionView version(Caller caller, String name, int version, String field) {
        return queries.optional(new FindPolicyVersionQuery(caller.workspaceId(), name, version), PolicyVersionView.class)
                .orElseThrow(() -> new DomainException(ErrorCode.POLICY_VERSION_NOT_FOUND, field,
                        "policy " + name + " has no version " + version));
    }

    private static DomainException notFound(String name) {
        return new DomainException(ErrorCode.POLICY_NOT_FOUND, "name", "policy " + name + " not found");
    }
}
