package io.agentassembly.policy.engine;

/**
 * One document consulted for a decision, in cascade order: whether it applied to the agent, its mode, and what
 * it decided on its own ({@code null} when it did not apply) with the rule that made it. A document that applies
 * but comes after the DENY that ended the evaluation has {@code applied} true, no outcome and the reason
 * "not evaluated: an earlier document denied"; one that does not apply says why ("scope does not match the
 * agent" or "disabled").
 */
public record TraceEntry(String policyName, String digest, String scope, boolean applied, String mode,
                         Outcome outcome, String rule, String reason) {
}
