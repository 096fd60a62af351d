package io.agentassembly.gateway.policy;

import io.agentassembly.gateway.decision.AgentPrincipal;
import io.agentassembly.gateway.decision.DecisionStage;
import io.agentassembly.gateway.decision.Verdict;
import io.agentassembly.gateway.decision.Verdict.ApprovalSubject;
import io.agentassembly.gateway.decision.Verdict.Shadow;
import io.agentassembly.gateway.proto.common.v1.Decision;
import io.agentassembly.gateway.proto.policy.v1.CheckActionRequest;
import io.agentassembly.policy.engine.ActionInput;
import io.agentassembly.policy.engine.AgentLineage;
import io.agentassembly.policy.engine.Outcome;
import io.agentassembly.policy.engine.PolicyEvaluation;

import java.time.Clock;
import java.util.List;

/**
 * The first decision stage: evaluates the workspace's policy cascade for the agent's <em>registered</em> lineage
 * (never the claimed identity) and the action. A PENDING carries what to approve (tool and argument digest);
 * the approval itself is opened once every stage has run. When the workspace's policies cannot be loaded the
 * agent is denied (fail closed).
 */
public class PolicyStage implements DecisionStage {

    /** Budgets and later stages order themselves after this one. */
    public static final int ORDER = 100;
    public static final String UNAVAILABLE_RULE = "policy_unavailable";

    private final PolicyCascades cascades;
    private final SlidingHourRateCounter rates;
    private final Clock clock;

    public PolicyStage(PolicyCascades cascades, SlidingHourRateCounter rates, Clock clock) {
        this.cascades = cascades;
        this.rates = rates;
        this.clock = clock;
    }

    @Override
    public Verdict evaluate(AgentPrincipal agent, CheckActionRequest request, Verdict current) {
        Verdict verdict;
        try {
            ActionInput action = ActionInputs.of(request);
            PolicyEvaluation evaluation = cascades.current(agent.workspaceId())
                    .evaluate(lineageOf(agent), action, clock.instant(), rates.forWorkspace(agent.workspaceId()));
            verdict = verdictOf(evaluation, request, action);
        } catch (PolicyCascades.CascadeUnavailableException e) {
            verdict = Verdict.deny("the workspace's policies could not be loaded; denied until they can be",
                    UNAVAILABLE_RULE);
        }
        return current == null || verdict.restrictiveness() >= current.restrictiveness() ? verdict : current;
    }

    public static AgentLineage lineageOf(AgentPrincipal agent) {
        return new AgentLineage(agent.agentKey(), agent.orgId(), agent.teamId(), agent.agentId());
    }

    static Verdict verdictOf(PolicyEvaluation evaluation, CheckActionRequest request, ActionInput action) {
        Shadow shadow = evaluation.shadow() == null ? null : new Shadow(decisionOf(evaluation.shadow().outcome()),
                evaluation.shadow().reason(), evaluation.shadow().rule(), evaluation.shadow().digest());
        Decision decision = decisionOf(evaluation.outcome());
        return switch (evaluation.outcome()) {
            case ALLOW, DENY -> new Verdict(decision, evaluation.reason(), evaluation.rule(), evaluation.digest(),
                    List.of(), null, shadow, null);
            case REDACT -> new Verdict(decision, evaluation.reason(), evaluation.rule(), evaluation.digest(),
                    evaluation.redactions(), null, shadow, null);
            case PENDING -> new Verdict(decision, evaluation.reason(), evaluation.rule(), evaluation.digest(),
                    evaluation.redactions(), null, shadow, new ApprovalSubject(request.getActionType().name(),
                    ActionInputs.approvalTool(request.getActionType(), action), ActionInputs.argsDigest(action)));
        };
    }

    public static Decision decisionOf(Outcome outcome) {
        return switch (outcome) {
            case ALLOW -> Decision.ALLOW;
            case REDACT -> Decision.REDACT;
            case PENDING -> Decision.PENDING;
            case DENY -> Decision.DENY;
        };
    }
}
