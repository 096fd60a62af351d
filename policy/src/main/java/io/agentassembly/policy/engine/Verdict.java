package io.agentassembly.policy.engine;

import io.agentassembly.policy.ControlCharacters;

import java.util.List;

/**
 * What one document decided on its own: the outcome, the rule ({@code <name>/<field path>}) and reason, its
 * redactions (REDACT only), and the trace entry that records it. Verdicts that do not depend on the call's data
 * are made once at compile time. A reason may quote the agent's input (a tool name, a host, a path): control
 * characters in it are escaped, so it can be recorded as it is.
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
        this.reason = ControlCharacters.escaped(reason);
        this.policy = policy;
        this.redactions = redactions;
        this.trace = new TraceEntry(policy.name, policy.digest, policy.scopeText, true, policy.modeText, outcome,
                rule, this.reason);
    }
}
