package io.agentassembly.app.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.ByteString;
import io.agentassembly.app.web.MultiLine;
import io.agentassembly.command.api.common.DomainException;
import io.agentassembly.command.api.common.ErrorCode;
import io.agentassembly.gateway.edge.InboundValidator;
import io.agentassembly.gateway.policy.ActivePolicies;
import io.agentassembly.gateway.policy.PolicySimulator;
import io.agentassembly.gateway.proto.common.v1.ActionType;
import io.agentassembly.gateway.proto.common.v1.AgentId;
import io.agentassembly.gateway.proto.policy.v1.ActionContext;
import io.agentassembly.gateway.proto.policy.v1.CheckActionRequest;
import io.agentassembly.gateway.proto.policy.v1.FileOpContext;
import io.agentassembly.gateway.proto.policy.v1.LLMCallContext;
import io.agentassembly.gateway.proto.policy.v1.NetworkCallContext;
import io.agentassembly.gateway.proto.policy.v1.ProcessExecContext;
import io.agentassembly.gateway.proto.policy.v1.ToolCallContext;
import io.agentassembly.gateway.proto.policy.v1.ToolResultContext;
import io.agentassembly.identity.Caller;
import io.agentassembly.identity.Permission;
import io.agentassembly.policy.ConditionLimits;
import io.agentassembly.policy.ParsedPolicy;
import io.agentassembly.policy.PolicyParser;
import io.agentassembly.policy.engine.PolicyEvaluation;
import io.agentassembly.policy.engine.Redaction;
import io.agentassembly.policy.engine.TraceEntry;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Dry run of the policies: what would the gateway answer this CheckAction, with the workspace's active policies,
 * or with a draft file replacing the active documents of the same name? Counts no rate limit, opens no approval,
 * records nothing. The request names the agent by {@code agent_id}; nothing is authenticated, it is the console
 * asking on the agent's behalf.
 */
@RestController
@RequestMapping("/api/v1/policies/simulate")
@Tag(name = "Policies")
public class PolicySimulationController {

    private static final int MAX_DRAFT_CHARS = PolicyFiles.MAX_BYTES;

    /**
     * {@code request}: a CheckAction request as JSON, with tool arguments as a JSON value (its strings and lengths
     * are held to the gateway's limits); {@code draft}: a policy file; {@code at}: default now.
     */
    public record SimulationRequest(@NotNull @Valid SimulatedAction request, @MultiLine String draft, Instant at) {
    }

    public record SimulatedAction(@NotNull AgentRef agentId, @NotNull @Size(max = 32) String actionType, LlmCall llmCall,
                                  ToolCall toolCall, ToolResult toolResult, FileOp fileOp, NetworkCall networkCall,
                                  ProcessExec processExec) {
    }

    public record AgentRef(String orgId, String teamId, String agentId) {
    }

    public record LlmCall(String model, Integer promptTokens, Boolean containsPii) {
    }

    public record ToolCall(String toolName, String toolSource, @MultiLine JsonNode args, String targetUrl) {
    }

    public record ToolResult(String toolName, String toolSource, @MultiLine JsonNode result, String sourceUrl) {
    }

    public record FileOp(String operation, String path, Boolean isSensitivePath) {
    }

    public record NetworkCall(String host, Integer port, String protocol, Boolean inAllowlist) {
    }

    public record ProcessExec(String command, List<String> args) {
    }

    public record SimulatedShadow(String decision, String reason, String policyRule, String policyDigest) {
    }

    /** What the agent would be told, which document decided, and every document of the cascade consulted. */
    public record SimulationResponse(String decision, String reason, String policyRule, String policyName,
                                     String policyDigest, List<Redaction> redactions, SimulatedShadow shadow,
                                     List<TraceEntry> trace) {
    }

    private final PolicySimulator simulator;
    private final ObjectMapper objectMapper;
    private final InboundValidator wireLimits;
    private final ConditionLimits conditionLimits;

    public PolicySimulationController(PolicySimulator simulator, ObjectMapper objectMapper,
                                      InboundValidator wireLimits, ConditionLimits conditionLimits) {
        this.simulator = simulator;
        this.objectMapper = objectMapper;
        this.wireLimits = wireLimits;
        this.conditionLimits = conditionLimits;
    }

    @PostMapping
    @Operation(operationId = "simulatePolicies", summary = "Evaluate a CheckAction request against the active policies, optionally with a draft file; records nothing")
    public SimulationResponse simulate(@AuthenticationPrincipal Caller caller,
                                       @Valid @RequestBody SimulationRequest body) {
        caller.require(Permission.POLICIES_READ);
        CheckActionRequest request = checkActionOf(body.request());
        List<ParsedPolicy> draft = draftOf(body.draft());
        PolicyEvaluation evaluation = simulator.simulate(caller.workspaceId(), request, draft,
                body.at() == null ? Instant.now() : body.at());
        return new SimulationResponse(evaluation.outcome().name(), evaluation.reason(), evaluation.rule(),
                evaluation.policyName(), evaluation.digest(), evaluation.redactions(),
                evaluation.shadow() == null ? null : new SimulatedShadow(evaluation.shadow().outcome().name(),
                        evaluation.shadow().reason(), evaluation.shadow().rule(), evaluation.shadow().digest()),
                evaluation.trace());
    }

    /** An invalid draft is refused like an invalid file on apply: 400 listing every violation with line and field. */
    private List<ParsedPolicy> draftOf(String draft) {
        if (draft == null || draft.isBlank()) {
            return List.of();
        }
        if (draft.length() > MAX_DRAFT_CHARS) {
            throw new DomainException(ErrorCode.VALIDATION_FAILED, "draft",
                    "draft must be at most " + MAX_DRAFT_CHARS + " characters");
        }
        return PolicyParser.parse(draft, ActivePolicies.formatOf(draft), conditionLimits);
    }

    private CheckActionRequest checkActionOf(SimulatedAction action) {
        long contexts = Stream.of(action.llmCall(), action.toolCall(), action.toolResult(), action.fileOp(),
                action.networkCall(), action.processExec()).filter(Objects::nonNull).count();
        if (contexts > 1) {
            throw new DomainException(ErrorCode.VALIDATION_FAILED, "request",
                    "send one action context (llm_call, tool_call, tool_result, file_op, network_call or process_exec), not "
                            + contexts);
        }
        CheckActionRequest.Builder request = CheckActionRequest.newBuilder()
                .setActionType(actionTypeOf(action.actionType()))
                .setAgentId(AgentId.newBuilder().setOrgId(text(action.agentId().orgId()))
                        .setTeamId(text(action.agentId().teamId())).setAgentId(text(action.agentId().agentId())));
        ActionContext.Builder context = ActionContext.newBuilder();
        if (action.llmCall() != null) {
            LlmCall llm = action.llmCall();
            context.setLlmCall(LLMCallContext.newBuilder().setModel(text(llm.model()))
                    .setPromptTokens(llm.promptTokens() == null ? 0 : llm.promptTokens())
                    .setContainsPii(Boolean.TRUE.equals(llm.containsPii())));
        }
        if (action.toolCall() != null) {
            ToolCall tool = action.toolCall();
            context.setToolCall(ToolCallContext.newBuilder().setToolName(text(tool.toolName()))
                    .setToolSource(text(tool.toolSource())).setArgsJson(json(tool.args(), "request.tool_call.args"))
                    .setTargetUrl(text(tool.targetUrl())));
        }
        if (action.toolResult() != null) {
            ToolResult result = action.toolResult();
            context.setToolResult(ToolResultContext.newBuilder().setToolName(text(result.toolName()))
                    .setToolSource(text(result.toolSource()))
                    .setResultJson(json(result.result(), "request.tool_result.result"))
                    .setSourceUrl(text(result.sourceUrl())));
        }
        if (action.fileOp() != null) {
            FileOp file = action.fileOp();
            context.setFileOp(FileOpContext.newBuilder().setOperation(text(file.operation())).setPath(text(file.path()))
                    .setIsSensitivePath(Boolean.TRUE.equals(file.isSensitivePath())));
        }
        if (action.networkCall() != null) {
            NetworkCall network = action.networkCall();
            context.setNetworkCall(NetworkCallContext.newBuilder().setHost(text(network.host()))
                    .setPort(network.port() == null ? 0 : network.port()).setProtocol(text(network.protocol()))
                    .setInAllowlist(Boolean.TRUE.equals(network.inAllowlist())));
        }
        if (action.processExec() != null) {
            ProcessExec process = action.processExec();
            context.setProcessExec(ProcessExecContext.newBuilder().setCommand(text(process.command()))
                    .addAllArgs(process.args() == null ? List.of() : process.args()));
        }
        CheckActionRequest built = request.setContext(context).build();
        InboundValidator.Problem problem = wireLimits.check(built, null);
        if (problem != null) {
            String field = "request." + problem.path().replaceFirst("^context\\.", "")
                    .replace(".args_json", ".args").replace(".result_json", ".result");
            throw new DomainException(ErrorCode.VALIDATION_FAILED, field, field + " " + problem.problem());
        }
        return built;
    }

    private ByteString json(JsonNode value, String field) {
        if (value == null || value.isNull()) {
            return ByteString.EMPTY;
        }
        try {
            return ByteString.copyFrom(objectMapper.writeValueAsBytes(value));
        } catch (JsonProcessingException e) {
            throw new DomainException(ErrorCode.VALIDATION_FAILED, field, field + " is not valid JSON");
        }
    }

    private static ActionType actionTypeOf(String text) {
        try {
            ActionType type = ActionType.valueOf(text.trim().toUpperCase(Locale.ROOT));
            if (type != ActionType.ACTION_UNSPECIFIED && type != ActionType.UNRECOGNIZED) {
                return type;
            }
        } catch (IllegalArgumentException e) {
            // reported below
        }
        throw new DomainException(ErrorCode.VALIDATION_FAILED, "request.action_type", "request.action_type must be one of "
                + Arrays.stream(ActionType.values())
                .filter(t -> t != ActionType.ACTION_UNSPECIFIED && t != ActionType.UNRECOGNIZED)
                .map(Enum::name).collect(Collectors.joining(", ")));
    }

    private static String text(String value) {
        return value == null ? "" : value;
    }
}
