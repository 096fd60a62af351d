package io.agentassembly.gateway.decision;

import io.agentassembly.gateway.proto.policy.v1.CheckActionRequest;

/**
 * One step of the decision after the caller's identity is settled: policies, then budgets. A stage sees the
 * verdict so far ({@code null} while none has decided) and returns the verdict that stands after it.
 * Stages run in {@link org.springframework.core.annotation.Order} order; a DENY ends the evaluation.
 */
public interface DecisionStage {
    Verdict evaluate(AgentPrincipal agent, CheckActionRequest request, Verdict current);
}
