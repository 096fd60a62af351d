package io.agentassembly.gateway.decision;

/**
 * Turns a PENDING verdict (one with an {@link Verdict.ApprovalSubject}) into the answer for this call: PENDING
 * with the id of the approval the action waits for, ALLOW once when it was approved, DENY when it was rejected.
 */
public interface PendingApprovals {
    Verdict resolve(AgentPrincipal agent, Verdict pending);
}
