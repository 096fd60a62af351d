package io.agentassembly.app.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import io.agentassembly.app.web.MultiLine;
import io.agentassembly.command.api.common.DomainException;
import io.agentassembly.command.api.common.ErrorCode;
import io.agentassembly.gateway.edge.InboundValidator;
import io.agentassembly.gateway.policy.ActivePolicies;
import io.agentassembly.gateway.policy.PolicySimulator;
import io.agentassembly.gateway.proto.common.v1.ActionType;
import io.agentassembly.gateway.proto.policy.v1.CheckActionRequest;
import io.agentassembly.identity.Caller;
import io.agentassembly.identity.Permission;
import io.agentassembly.policy.ConditionLimits;
import io.agentassembly.policy.ParsedPolicy;
import io.agentassembly.policy.PolicyParser;
import io.agentassembly.policy.engine.PolicyEvaluation;
import io.agentassembly.policy.engine.Redaction;
import io.agentassembly.policy.engine.TraceEntry;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Dry run of the policies: what would the gateway answer this CheckAction, with the workspace's active policies,
 * or with a draft file replacing the active documents of the same name? Counts no rate limit, opens no approval,
 * records nothing. The request is the gRPC {@code CheckActionRequest} in its standard protobuf JSON form, as
 * grpcurl and the SDKs write it ({@code JsonFormat}: field names as in the .proto or lowerCamelCase,
 * {@code args_json} as base64); it names the agent by {@code agent_id}, and nothing is authenticated: it is the
 * console asking on the agent's behalf.
 */
@RestController
@RequestMapping("/api/v1/policies/simulate")
@Tag(name = "Policies")
public class PolicySimulationController {

    private static final int MAX_DRAFT_CHARS = PolicyFiles.MAX_BYTES;
    private static final JsonFormat.Parser CHECK_ACTION_JSON = JsonFormat.parser();

    /**
     * {@code request}: a CheckAction request in protobuf JSON, held to the gateway's limits and text rules (line
     * breaks only where the gateway takes them); {@code draft}: a policy file; {@code at}: default now.
     */
    public record SimulationRequest(
            @NotNull @MultiLine @Schema(ref = "#/components/schemas/assembly.policy.v1.CheckActionRequest") JsonNode request,
            @MultiLine String draft, Instant at) {
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

    private CheckActionRequest checkActionOf(JsonNode json) {
        CheckActionRequest.Builder builder = CheckActionRequest.newBuilder();
        try {
            CHECK_ACTION_JSON.merge(objectMapper.writeValueAsString(json), builder);
        } catch (InvalidProtocolBufferException | JsonProcessingException e) {
            String field = ProtobufJsonPaths.firstProblem(json, CheckActionRequest.getDescriptor(), "request");
            throw new DomainException(ErrorCode.VALIDATION_FAILED, field == null ? "request" : field,
                    (field == null ? "request" : field) + " is not valid in a CheckAction request in protobuf JSON form: "
                            + e.getMessage());
        }
        CheckActionRequest request = builder.build();
        if (request.getActionType() == ActionType.ACTION_UNSPECIFIED) {
            throw new DomainException(ErrorCode.VALIDATION_FAILED, "request.action_type",
                    "request.action_type must be one of " + Arrays.stream(ActionType.values())
                            .filter(t -> t != ActionType.ACTION_UNSPECIFIED && t != ActionType.UNRECOGNIZED)
                            .map(Enum::name).collect(Collectors.joining(", ")));
        }
        InboundValidator.Problem problem = wireLimits.check(request, "request");
        if (problem != null) {
            throw new DomainException(ErrorCode.VALIDATION_FAILED, problem.path(), problem.description());
        }
        return request;
    }
}
