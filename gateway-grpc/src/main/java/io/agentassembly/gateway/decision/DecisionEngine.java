package io.agentassembly.gateway.decision;

import io.agentassembly.gateway.proto.policy.v1.CheckActionRequest;

import java.util.List;

/** Runs the stages in order; when no stage decides, the answer is DENY "no policy in force" (fail closed). */
public class DecisionEngine {

    private final List<DecisionStage> stages;

    public DecisionEngine(List<DecisionStage> stages) {
        this.stages = List.copyOf(stages);
    }

    public Verdict decide(AgentPrincipal agent, CheckActionRequest request) {
        Verdict verdict = null;
        for (DecisionStage stage : stages) {
            verdict = stage.evaluate(agent, request, verdict);
            if (verdict != null && verdict.denies()) {
                return verdict;
            }
        }
        return verdict == null ? Verdict.NO_POLICY_IN_FORCE : verdict;
    }
}
