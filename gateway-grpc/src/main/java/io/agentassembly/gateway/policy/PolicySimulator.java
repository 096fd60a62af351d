package io.agentassembly.gateway.policy;

import io.agentassembly.command.api.common.DomainException;
import io.agentassembly.command.api.common.ErrorCode;
import io.agentassembly.gateway.decision.ActionRequests;
import io.agentassembly.gateway.proto.common.v1.AgentId;
import io.agentassembly.gateway.proto.policy.v1.CheckActionRequest;
import io.agentassembly.policy.ConditionLimits;
import io.agentassembly.policy.ParsedPolicy;
import io.agentassembly.policy.engine.AgentLineage;
import io.agentassembly.policy.engine.PolicyCascade;
import io.agentassembly.policy.engine.PolicyEvaluation;
import io.agentassembly.policy.engine.RateCounter;
import io.grpc.StatusRuntimeException;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Dry runs for the console: evaluates a CheckAction-shaped request against the cascade in force for the
 * workspace on this node, optionally with draft documents replacing the active documents of the same name (or
 * added). Counts no rate, opens no approval, records nothing. The lineage is the request's {@code agent_id} as
 * given: a dry run asks "what would this agent be told", it does not authenticate anyone.
 */
public class PolicySimulator {

    private final PolicyCascades cascades;
    private final ConditionLimits conditionLimits;

    /** {@code conditionLimits} for compiling drafts (validated before) together with the stored active documents. */
    public PolicySimulator(PolicyCascades cascades, ConditionLimits conditionLimits) {
        this.cascades = cascades;
        this.conditionLimits = conditionLimits;
    }

    /** Throws VALIDATION_FAILED naming the request field to fix. */
    public PolicyEvaluation simulate(String workspaceId, CheckActionRequest request, List<ParsedPolicy> draft,
                                     Instant at) {
        try {
            ActionRequests.validate(request);
        } catch (StatusRuntimeException e) {
            throw new DomainException(ErrorCode.VALIDATION_FAILED, "request", e.getStatus().getDescription());
        }
        AgentId agent = request.getAgentId();
        if (agent.getOrgId().isBlank() || agent.getTeamId().isBlank() || agent.getAgentId().isBlank()) {
            throw new DomainException(ErrorCode.VALIDATION_FAILED, "request.agent_id",
                    "request.agent_id needs org_id, team_id and agent_id: the lineage the policies are evaluated for");
        }
        AgentLineage lineage = new AgentLineage("dry-run", agent.getOrgId(), agent.getTeamId(), agent.getAgentId());
        return cascadeWith(workspaceId, draft).evaluate(lineage, ActionInputs.of(request), at, RateCounter.NONE);
    }

    private PolicyCascade cascadeWith(String workspaceId, List<ParsedPolicy> draft) {
        PolicyCascade current;
        try {
            current = cascades.current(workspaceId);
        } catch (PolicyCascades.CascadeUnavailableException e) {
            throw new DomainException(ErrorCode.INTERNAL, e.getMessage() + "; try again shortly");
        }
        if (draft.isEmpty()) {
            return current;
        }
        Map<String, ParsedPolicy> byName = new LinkedHashMap<>();
        current.documents().forEach(document -> byName.put(document.name(), document));
        draft.forEach(document -> byName.put(document.name(), document));
        return PolicyCascade.compile(List.copyOf(byName.values()), conditionLimits);
    }
}
