package io.agentassembly.policy.engine;

import io.agentassembly.policy.ParsedPolicy;

import java.time.Instant;
import java.util.List;

/**
 * The compiled, immutable set of a workspace's active documents, indexed by scope so that a decision touches
 * only the documents on the agent's lineage (global → org → team → agent). Safe to share between threads;
 * the gateway swaps a whole cascade atomically when a policy changes.
 *
 * <p>Merge: each applicable ENFORCE document decides on its own; the most restrictive outcome wins
 * (DENY > PENDING > REDACT > ALLOW), and the first DENY in cascade order ends the evaluation. {@code limit_per_hour}
 * takes the minimum across the cascade and is counted once per call through the {@link RateCounter}. Network
 * allowlists intersect (a host must pass every document that has one). No applicable document → DENY
 * "no policy in force" with rule {@code default_deny}. Only OBSERVE documents → ALLOW with the shadow outcome.
 * DISABLED documents are listed in the trace and never applied.
 */
public final class PolicyCascade {

    public static final PolicyCascade EMPTY = compile(List.of());

    private PolicyCascade() {
    }

    /** Compiles documents that already passed {@link io.agentassembly.policy.PolicyParser}. */
    public static PolicyCascade compile(List<ParsedPolicy> documents) {
        return new PolicyCascade();
    }

    public PolicyEvaluation evaluate(AgentLineage agent, ActionInput action, Instant now, RateCounter rates) {
        throw new UnsupportedOperationException("implemented with the policy module");
    }

    /** The documents compiled into this cascade, in cascade order. */
    public List<ParsedPolicy> documents() {
        throw new UnsupportedOperationException("implemented with the policy module");
    }
}
