package io.agentassembly.app.rest;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import io.agentassembly.command.api.agent.AgentCommands.DeregisterAgentCommand;
import io.agentassembly.command.api.agent.AgentCommands.OperationSignal;
import io.agentassembly.command.api.agent.AgentCommands.SignalAgentOperationCommand;
import io.agentassembly.command.api.agent.AgentCommands.ResumeAgentCommand;
import io.agentassembly.command.api.agent.AgentCommands.RevokeAgentCredentialCommand;
import io.agentassembly.command.api.agent.AgentCommands.SuspendAgentCommand;
import io.agentassembly.command.api.agent.AgentIdentity;
import io.agentassembly.command.api.common.DomainException;
import io.agentassembly.command.api.common.ErrorCode;
import io.agentassembly.gateway.agent.AgentRegistrations;
import io.agentassembly.gateway.edge.WireLimits;
import io.agentassembly.identity.ActorCommandGateway;
import io.agentassembly.identity.Caller;
import io.agentassembly.identity.Permission;
import io.agentassembly.query.api.AgentQueries.AgentView;
import io.agentassembly.query.api.AgentQueries.FindAgentQuery;
import io.agentassembly.query.api.AgentQueries.ListAgentsQuery;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
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

import java.util.List;
import java.util.Map;

/**
 * Agents of the caller's workspace, identified by the triple {org_id, team_id, agent_id}. Registration and
 * rotation return the agent's credential token ({@code aasa_…}) once; only its digest is stored. Registration
 * counts against the tier's agent quota; deregistration frees the slot and the triple. Another workspace's
 * agent answers 404.
 */
@RestController
@RequestMapping("/api/v1/agents")
@Tag(name = "Agents")
public class AgentController {

    private static final String TRIPLE_PART = "^[A-Za-z0-9._:-]{1,128}$";
    private static final String TRIPLE_MESSAGE = "must be 1 to 128 letters, digits, '.', '_', ':' or '-'";
    private static final int REASON_MAX = 500;
    private static final String NOTICE = "store this credential token now: it is not shown again";

    public record RegisterAgentRequest(
            @NotNull @Pattern(regexp = TRIPLE_PART, message = TRIPLE_MESSAGE) String orgId,
            @NotNull @Pattern(regexp = TRIPLE_PART, message = TRIPLE_MESSAGE) String teamId,
            @NotNull @Pattern(regexp = TRIPLE_PART, message = TRIPLE_MESSAGE) String agentId,
            @NotBlank @Size(max = 200) String name,
            @Size(max = 64) String framework,
            @Size(max = 64) String version,
            @Size(max = 32) String riskTier,
            @Size(max = 256) List<@NotBlank @Size(max = 200) String> toolNames,
            @Size(max = 64) Map<@NotBlank @Size(max = 128) String, @NotNull @Size(max = 1024) String> metadata,
            @Size(max = 128) String parentAgentKey) {
    }

    /** {@code op_id} is "trace_id:span_id", each at most the gateway's id length. */
    public record OperationSignalRequest(@NotNull @Size(max = 2 * WireLimits.ID + 1) String opId,
                                         @NotNull OperationSignal signal) {
    }

    public record OperationSignalAccepted(String agentKey, String opId, OperationSignal signal) {
    }

    public record ReasonRequest(@Size(max = REASON_MAX) String reason) {
    }

    /** The agent together with its credential token, returned only by registration and rotation. */
    public record AgentWithCredential(@JsonUnwrapped AgentView agent, String credentialToken, String notice) {
        @Override
        public String toString() {
            return "AgentWithCredential[" + agent.agentKey() + "]";
        }
    }

    private final ActorCommandGateway commands;
    private final QueryClient queries;
    private final AgentRegistrations registrations;

    public AgentController(ActorCommandGateway commands, QueryClient queries, AgentRegistrations registrations) {
        this.commands = commands;
        this.queries = queries;
        this.registrations = registrations;
    }

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(operationId = "registerAgent", summary = "Register an agent; its credential token is returned once and cannot be shown again")
    public AgentWithCredential register(@AuthenticationPrincipal Caller caller,
                                        @Valid @RequestBody RegisterAgentRequest request) {
        caller.require(Permission.AGENTS_MANAGE);
        AgentRegistrations.Registered registered = registrations.register(caller, new AgentRegistrations.Registration(
                new AgentIdentity(request.orgId(), request.teamId(), request.agentId()), request.name(),
                request.framework(), request.version(), request.riskTier(), request.toolNames(), request.metadata(),
                blank(request.parentAgentKey())));
        return new AgentWithCredential(agent(caller, registered.agentKey()), registered.credentialToken(), NOTICE);
    }

    @GetMapping
    @Operation(operationId = "listAgents", summary = "List the workspace's agents, optionally of one org or team; deregistered ones on request")
    public List<AgentView> list(@AuthenticationPrincipal Caller caller,
                                @RequestParam(name = "org_id", required = false) String orgId,
                                @RequestParam(name = "team_id", required = false) String teamId,
                                @RequestParam(name = "include_deregistered", defaultValue = "false")
                                boolean includeDeregistered) {
        caller.require(Permission.TOPOLOGY_READ);
        return queries.list(new ListAgentsQuery(caller.workspaceId(), blank(orgId), blank(teamId),
                includeDeregistered), AgentView.class);
    }

    @GetMapping("/{agentKey}")
    @Operation(operationId = "getAgent", summary = "An agent (never its credential)")
    public AgentView get(@AuthenticationPrincipal Caller caller, @PathVariable String agentKey) {
        return agent(caller.require(Permission.TOPOLOGY_READ), agentKey);
    }

    @PostMapping("/{agentKey}/credential/rotate")
    @Operation(operationId = "rotateAgentCredential", summary = "Issue a new credential token (returned once); the previous one stops working at once")
    public AgentWithCredential rotate(@AuthenticationPrincipal Caller caller, @PathVariable String agentKey) {
        caller.require(Permission.AGENTS_MANAGE);
        agent(caller, agentKey);
        String credentialToken = registrations.rotateCredential(caller, agentKey);
        return new AgentWithCredential(agent(caller, agentKey), credentialToken, NOTICE);
    }

    @PostMapping("/{agentKey}/revoke")
    @Operation(operationId = "revokeAgent", summary = "Revoke the agent's credential for good; deregister and register again to restore it")
    public AgentView revoke(@AuthenticationPrincipal Caller caller, @PathVariable String agentKey) {
        caller.require(Permission.AGENTS_MANAGE);
        agent(caller, agentKey);
        commands.send(new RevokeAgentCredentialCommand(agentKey, caller.workspaceId()), caller.actor());
        return agent(caller, agentKey);
    }

    @PostMapping("/{agentKey}/suspend")
    @Operation(operationId = "suspendAgent", summary = "Suspend the agent (reversible); its requests are refused until resumed")
    public AgentView suspend(@AuthenticationPrincipal Caller caller, @PathVariable String agentKey,
                             @Valid @RequestBody(required = false) ReasonRequest request) {
        caller.require(Permission.AGENTS_MANAGE);
        agent(caller, agentKey);
        commands.send(new SuspendAgentCommand(agentKey, caller.workspaceId(), reasonOf(request)), caller.actor());
        return agent(caller, agentKey);
    }

    @PostMapping("/{agentKey}/operations")
    @ResponseStatus(HttpStatus.ACCEPTED)
    @Operation(operationId = "signalAgentOperation", summary = "Pause, resume or terminate one in-flight operation (op_id 'trace:span'); delivered on the agent's OpControlStream")
    public OperationSignalAccepted signalOperation(@AuthenticationPrincipal Caller caller, @PathVariable String agentKey,
                                                   @Valid @RequestBody OperationSignalRequest request) {
        caller.require(Permission.AGENTS_MANAGE);
        agent(caller, agentKey);
        commands.send(new SignalAgentOperationCommand(agentKey, caller.workspaceId(), request.opId(), request.signal()),
                caller.actor());
        return new OperationSignalAccepted(agentKey, request.opId(), request.signal());
    }

    @PostMapping("/{agentKey}/resume")
    @Operation(operationId = "resumeAgent", summary = "Resume a suspended agent")
    public AgentView resume(@AuthenticationPrincipal Caller caller, @PathVariable String agentKey) {
        caller.require(Permission.AGENTS_MANAGE);
        agent(caller, agentKey);
        commands.send(new ResumeAgentCommand(agentKey, caller.workspaceId()), caller.actor());
        return agent(caller, agentKey);
    }

    @DeleteMapping("/{agentKey}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(operationId = "deregisterAgent", summary = "Deregister (decommission) the agent: credential deleted, quota slot and triple freed")
    public void deregister(@AuthenticationPrincipal Caller caller, @PathVariable String agentKey,
                           @RequestParam(name = "reason", required = false) String reason) {
        caller.require(Permission.AGENTS_MANAGE);
        if (reason != null && reason.length() > REASON_MAX) {
            throw new DomainException(ErrorCode.VALIDATION_FAILED, "reason",
                    "reason must have at most " + REASON_MAX + " characters");
        }
        agent(caller, agentKey);
        commands.send(new DeregisterAgentCommand(agentKey, caller.workspaceId(), blank(reason)), caller.actor());
    }

    private AgentView agent(Caller caller, String agentKey) {
        return queries.found(new FindAgentQuery(caller.workspaceId(), agentKey), AgentView.class,
                ErrorCode.AGENT_NOT_FOUND, "agent " + agentKey);
    }

    private static String reasonOf(ReasonRequest request) {
        return request == null ? null : blank(request.reason());
    }

    private static String blank(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }
}
