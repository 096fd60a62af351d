package io.agentassembly.gateway.decision;

import io.agentassembly.command.api.budget.SpendClaim;
import io.agentassembly.gateway.proto.policy.v1.CheckActionRequest;

/**
 * The stage after the policies: what an allowed action claims of the limits in force. Unlike the policy stage it
 * does not decide alone: the claim is granted or refused by the journal's store when it records the decision
 * (docs/adr/0021), and {@link #denied} is told when it was refused.
 */
public interface BudgetStage {

    String BUDGET_EXCEEDED = "BUDGET_EXCEEDED";

    /** The claim of an action the policies allow, or null when no limit applies to the agent. Reads only memory. */
    SpendClaim claim(AgentPrincipal agent, CheckActionRequest request, String decisionEventId);

    /** The recorded decision was denied by {@code claim.limits().get(limitIndex)}; never blocks. */
    void denied(AgentPrincipal agent, SpendClaim claim, int limitIndex);
}
