package io.agentassembly.policy.engine;

import io.agentassembly.policy.ApprovalCondition;
import io.agentassembly.policy.ConditionLimits;
import io.agentassembly.policy.EnforcementMode;
import io.agentassembly.policy.FieldPaths;
import io.agentassembly.policy.ParsedPolicy;
import io.agentassembly.policy.PolicyDocument;
import io.agentassembly.policy.PolicyDocument.CredentialAction;
import io.agentassembly.policy.PolicyScope;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One document prepared for the hot path: zone rules, host sets, tool rules by exact name and sorted globs,
 * compiled conditions and patterns, and every verdict that does not depend on the call made in advance.
 */
final class CompiledPolicy {

    /** {@code tools.<key>} compiled. */
    static final class ToolRule {
        final String key;
        final boolean glob;
        final String path;
        final Integer limitPerHour;
        final ApprovalCondition condition;
        /** Non-null when {@code allow: false}. */
        Verdict denied;
        Verdict pending;

        ToolRule(String key, PolicyDocument.ToolRule rule, ConditionLimits limits) {
            this.key = key;
            this.glob = Glob.isGlob(key);
            this.path = FieldPaths.child("tools", key);
            this.limitPerHour = rule.limitPerHour();
            this.condition = rule.requiresApprovalIf() == null ? null
                    : ApprovalCondition.compile(rule.requiresApprovalIf(), limits);
        }
    }

    final ParsedPolicy source;
    final String name;
    final String digest;
    final PolicyScope scope;
    final String scopeText;
    final EnforcementMode mode;
    final String modeText;
    final int ordinal;
    private final ConditionLimits conditionLimits;

    private final ActiveHours activeHours;
    private final Verdict outsideActiveHours;
    private final HostAllowlist allowlist;
    private final String networkRule;
    /** Null when the document has no data section or allows credentials. */
    private final CredentialAction credentialAction;
    private final String dataRule;
    private final com.google.re2j.Pattern[] sensitivePatterns;
    private final Map<String, ToolRule> exactTools = new HashMap<>();
    /** Longer globs first, then by key: the first match is the most specific. */
    private final ToolRule[] globTools;

    final Verdict allow;
    /** Trace entry when the scope does not match the agent (or the document is disabled). */
    final TraceEntry notApplied;
    /** Trace entry when an earlier DENY ended the evaluation before this document. */
    final TraceEntry notEvaluated;

    CompiledPolicy(ParsedPolicy source, int ordinal, ConditionLimits conditionLimits) {
        PolicyDocument doc = source.document();
        this.source = source;
        this.name = doc.name();
        this.digest = source.digest();
        this.scope = doc.scope();
        this.scopeText = doc.scope().text();
        this.mode = doc.enforcementMode();
        this.modeText = mode.name().toLowerCase(Locale.ROOT);
        this.ordinal = ordinal;
        this.conditionLimits = conditionLimits;

        if (doc.schedule() != null) {
            activeHours = new ActiveHours(doc.schedule());
            outsideActiveHours = new Verdict(Outcome.DENY, name + "/schedule.active_hours",
                    "outside active hours " + activeHours.description(), this, List.of());
        } else {
            activeHours = null;
            outsideActiveHours = null;
        }
        allowlist = doc.network() == null ? null : new HostAllowlist(doc.network().allowlist());
        networkRule = name + "/network.allowlist";
        credentialAction = doc.data() == null || doc.data().credentialAction() == CredentialAction.ALLOW ? null
                : doc.data().credentialAction();
        dataRule = name + "/data.credential_action";
        sensitivePatterns = doc.data() == null ? new com.google.re2j.Pattern[0]
                : doc.data().sensitivePatterns().stream().map(com.google.re2j.Pattern::compile)
                        .toArray(com.google.re2j.Pattern[]::new);

        List<ToolRule> globs = new ArrayList<>();
        doc.tools().forEach((key, rule) -> {
            ToolRule compiled = new ToolRule(key, rule, conditionLimits);
            if (Boolean.FALSE.equals(rule.allow())) {
                compiled.denied = new Verdict(Outcome.DENY, name + "/" + compiled.path + ".allow",
                        "tool " + key + " is not allowed", this, List.of());
            }
            if (compiled.condition != null) {
                compiled.pending = new Verdict(Outcome.PENDING, name + "/" + compiled.path + ".requires_approval_if",
                        "approval required: " + compiled.condition.expression(), this, List.of());
            }
            if (compiled.glob) {
                globs.add(compiled);
            } else {
                exactTools.put(key, compiled);
            }
        });
        globs.sort(Comparator.comparingInt((ToolRule r) -> -r.key.length()).thenComparing(r -> r.key));
        globTools = globs.toArray(ToolRule[]::new);

        allow = new Verdict(Outcome.ALLOW, name + "/allow", "allowed by " + name, this, List.of());
        notApplied = new TraceEntry(name, digest, scopeText, false, modeText, null, null,
                mode == EnforcementMode.DISABLED ? "disabled" : "scope does not match the agent");
        notEvaluated = new TraceEntry(name, digest, scopeText, true, modeText, null, null,
                "not evaluated: an earlier document denied");
    }

    /** The most specific entry of {@code tools} for this tool name: exact key, else the longest matching glob. */
    ToolRule toolRule(String toolName) {
        ToolRule exact = exactTools.get(toolName);
        if (exact != null) {
            return exact;
        }
        for (ToolRule glob : globTools) {
            if (Glob.matches(glob.key, toolName)) {
                return glob;
            }
        }
        return null;
    }

    /** This document's own decision: schedule, tool allow, network, data deny, approval, then redactions. */
    Verdict decide(ActionCall call) {
        if (activeHours != null && !activeHours.contains(call.now)) {
            return outsideActiveHours;
        }
        ToolRule tool = null;
        if (call.action.kind() == ActionKind.TOOL_CALL) {
            tool = toolRule(call.toolName);
            if (tool != null && tool.denied != null) {
                return tool.glob ? new Verdict(Outcome.DENY, tool.denied.rule, "tool " + call.toolName
                        + " is not allowed (" + tool.path + ")", this, List.of()) : tool.denied;
            }
        }
        if (allowlist != null && call.hasNetworkTarget()) {
            String host = call.host();
            if (host == null) {
                return new Verdict(Outcome.DENY, networkRule, call.hostDescription()
                        + " has no host the network allowlist can match", this, List.of());
            }
            if (!allowlist.allows(host)) {
                return new Verdict(Outcome.DENY, networkRule, "host " + host + " is not in the network allowlist",
                        this, List.of());
            }
        }
        List<Redaction> redactions = null;
        List<String> detectors = null;
        if (credentialAction != null && call.payloadName() != null) {
            List<ActionCall.Leaf> leaves = call.leaves();
            String[] builtIn = leaves.isEmpty() ? null : call.builtInFindings();
            for (int i = 0; i < leaves.size(); i++) {
                ActionCall.Leaf leaf = leaves.get(i);
                String detector = builtIn[i];
                String what = detector == null ? null : "a credential (" + detector + ")";
                for (int p = 0; detector == null && p < sensitivePatterns.length; p++) {
                    if (sensitivePatterns[p].matcher(leaf.value()).find()) {
                        detector = "sensitive_pattern";
                        what = "data matching data.sensitive_patterns[" + p + "]";
                    }
                }
                if (detector == null) {
                    continue;
                }
                if (credentialAction == CredentialAction.DENY) {
                    return new Verdict(Outcome.DENY, dataRule, "tool " + call.payloadName()
                            + (call.action.kind() == ActionKind.TOOL_RESULT ? " contains " : " contain ") + what
                            + " at " + leaf.path() + "; credential_action is deny", this, List.of());
                }
                if (redactions == null) {
                    redactions = new ArrayList<>();
                    detectors = new ArrayList<>();
                }
                redactions.add(new Redaction(leaf.path(), "[REDACTED:" + detector + "]"));
                if (!detectors.contains(detector)) {
                    detectors.add(detector);
                }
            }
        }
        if (tool != null && tool.condition != null) {
            try {
                if (tool.condition.evaluate(call.conditionInput(conditionLimits))) {
                    return tool.pending;
                }
            } catch (ApprovalCondition.NotEvaluableException e) {
                return new Verdict(Outcome.PENDING, tool.pending.rule, "the approval condition could not be evaluated ("
                        + e.getMessage() + "), so approval is required: " + tool.condition.expression(), this,
                        List.of());
            }
        }
        if (redactions != null) {
            return new Verdict(Outcome.REDACT, dataRule, "redacted " + redactions.size() + " value(s) of the tool "
                    + call.payloadName() + ": " + String.join(", ", detectors), this, List.copyOf(redactions));
        }
        return allow;
    }

    /** DENY for a call the counter of {@code rule}'s hourly limit (which this document set) did not count. */
    Verdict notCounted(ToolRule rule, String toolName, RateCounter.Admission admission) {
        String reason = switch (admission) {
            case OVER_LIMIT -> "tool " + toolName + " exceeded " + rule.limitPerHour + " calls per hour";
            case WORKSPACE_FULL -> "tool " + toolName + " needs a new rate-limit window, and the workspace already"
                    + " holds as many as it may on this gateway node; denied until windows idle for an hour are"
                    + " dropped (fail closed)";
            case NODE_FULL -> "tool " + toolName + " needs a new rate-limit window, and this gateway node holds"
                    + " as many as it may; denied until windows idle for an hour are dropped (fail closed)";
            case COUNTED -> throw new IllegalArgumentException("a counted call is not refused");
        };
        return new Verdict(Outcome.DENY, name + "/" + rule.path + ".limit_per_hour", reason, this, List.of());
    }
}
