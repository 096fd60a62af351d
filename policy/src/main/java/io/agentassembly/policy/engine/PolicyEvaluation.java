package io.agentassembly.policy.engine;

import java.util.List;

/**
 * The cascade's answer. {@code rule} names the deciding rule as {@code <policy name>/<field path>} (e.g.
 * {@code prod-guard/tools.shell.allow}) or {@code default_deny} when no policy applies; {@code digest} and
 * {@code policyName} identify the deciding document (null for default_deny). DENY always has a reason and rule;
 * REDACT has at least one redaction; PENDING names the approval condition in {@code rule}/{@code reason}.
 * {@code shadow} is what the OBSERVE documents would have changed: the outcome with them enforced, or null when
 * no OBSERVE document applied. {@code trace} lists every document of the cascade in order.
 */
public record PolicyEvaluation(Outcome outcome, String reason, String rule, String policyName, String digest,
                               List<Redaction> redactions, Shadow shadow, List<TraceEntry> trace) {

    public record Shadow(Outcome outcome, String reason, String rule, String digest) {
    }
}
