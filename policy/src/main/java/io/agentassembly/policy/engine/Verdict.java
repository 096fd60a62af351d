package io.agentassembly.policy.engine;

import java.util.List;

/**
 * What one document decided on its own: the outcome, the rule ({@code <name>/<field path>}) and reason, its
 * redactions (REDACT only), and the trace entry that records it. Verdicts that do not depend on the call's data
 * are made once at compile time.
 */
final class Verdict {

    final Outcome outcome;
    final String rule;
    final String reason;
    final CompiledPolicy policy;
    final List<Redaction> redactions;
    final TraceEntry trace;

    Verdict(Outcome outcome, String rule, String reason, CompiledPolicy policy, List<Redaction> redactions) {
        this.outcome = outcome;
        this.rule = rule;
        this.reason = reason;
        this.policy = policy;
        this.redactions = redactions;
        this.trace = new TraceEntry(policy.name, policy.digest, policy.scopeText, true, policy.modeText, outcome,
                rule, reason);
    }
}
