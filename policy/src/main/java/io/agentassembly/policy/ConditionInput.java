package io.agentassembly.policy;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.protobuf.NullValue;
import dev.cel.common.ast.CelExpr;
import dev.cel.runtime.CelEvaluationListener;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the approval conditions of one action see, and the step budget and deadline they share (see
 * {@link ConditionLimits}). Values beyond the limits are given as a placeholder CEL cannot compute with, so a
 * condition that never looks at them is unaffected and one that does cannot be evaluated (fail closed). Confined to
 * the evaluating thread.
 */
public final class ConditionInput implements CelEvaluationListener {

    /** Stands for a value too large to give to conditions; any function or comparison on it fails. */
    static final class Withheld {
        private final String description;

        Withheld(String description) {
            this.description = description;
        }

        @Override
        public String toString() {
            return description;
        }
    }

    private final Map<String, Object> variables;
    private final ConditionLimits limits;
    /** The withheld value the current evaluation read last, for its reason if it fails; null when none. */
    private Withheld withheldRead;
    private final List<String> oversizedVariables = new ArrayList<>(0);
    private long remaining;
    private long deadline;
    private int steps;
    private boolean started;
    private ApprovalCondition evaluating;

    private ConditionInput(ConditionLimits limits, JsonNode args, int argsBytes, String tool, String toolSource,
                           String targetUrl, String action, String orgId, String teamId, String agentId) {
        this.limits = limits;
        this.remaining = limits.maxCost();
        Object argsValue;
        if (argsBytes > limits.maxArgsBytes()) {
            argsValue = new Withheld("args is " + argsBytes + " bytes of JSON, more than the " + limits.maxArgsBytes()
                    + " conditions are given");
        } else {
            argsValue = args == null || !args.isObject() ? Map.of() : celValue("args", args);
        }
        this.variables = Map.of("args", argsValue,
                "tool", string("tool", tool),
                "tool_source", string("tool_source", toolSource),
                "target_url", string("target_url", targetUrl),
                "action", string("action", action),
                "agent", Map.of("org_id", nullToEmpty(orgId), "team_id", nullToEmpty(teamId),
                        "agent_id", nullToEmpty(agentId)));
    }

    /**
     * The input of one action: {@code args} the parsed tool arguments (a JSON object becomes a map; anything else,
     * or null, {@code {}}), {@code argsBytes} the size of their JSON.
     */
    public static ConditionInput of(ConditionLimits limits, JsonNode args, int argsBytes, String tool,
                                    String toolSource, String targetUrl, String action, String orgId, String teamId,
                                    String agentId) {
        return new ConditionInput(limits, args, argsBytes, tool, toolSource, targetUrl, action, orgId, teamId,
                agentId);
    }

    Map<String, Object> variables() {
        return variables;
    }

    /** Steps left of the action's budget. */
    public long remainingSteps() {
        return remaining;
    }

    /** What the current evaluation read that was withheld for being too large, or null. */
    String withheldRead() {
        return withheldRead == null ? null : withheldRead.description;
    }

    /** The string variables (tool, target_url, …) too long to give; a condition using one cannot be evaluated. */
    List<String> oversizedVariables() {
        return oversizedVariables;
    }

    void startEvaluating(ApprovalCondition condition) {
        evaluating = condition;
        withheldRead = null;
        if (!started) {
            started = true;
            deadline = System.nanoTime() + limits.timeoutNanos();
        }
    }

    @Override
    public void callback(CelExpr expr, Object value) {
        long cost = 1;
        if (value instanceof String s) {
            cost += ConditionCost.stringSteps(s.length()) + (long) evaluating.regexStepsPerChar(expr.id()) * s.length();
        } else if (value instanceof Withheld w) {
            withheldRead = w;
        }
        remaining -= cost;
        if (remaining < 0) {
            throw new Cutoff(false);
        }
        if ((++steps & 15) == 0 && System.nanoTime() - deadline > 0) {
            throw new Cutoff(true);
        }
    }

    ConditionLimits limits() {
        return limits;
    }

    /** Thrown from the evaluation listener to stop an evaluation that used up the budget or the time. */
    static final class Cutoff extends RuntimeException {
        final boolean time;

        Cutoff(boolean time) {
            super(time ? "out of time" : "out of steps", null, false, false);
            this.time = time;
        }
    }

    private Object celValue(String path, JsonNode node) {
        return switch (node.getNodeType()) {
            case OBJECT -> {
                if (node.size() > limits.maxListSize()) {
                    yield withhold(path, "has " + node.size() + " keys, more than the " + limits.maxListSize());
                }
                Map<String, Object> map = new LinkedHashMap<>();
                for (Map.Entry<String, JsonNode> entry : node.properties()) {
                    if (entry.getKey().length() > limits.maxStringLength()) {
                        yield withhold(path, "has a key longer than " + limits.maxStringLength() + " characters");
                    }
                    map.put(entry.getKey(), celValue(path + "." + entry.getKey(), entry.getValue()));
                }
                yield map;
            }
            case ARRAY -> {
                if (node.size() > limits.maxListSize()) {
                    yield withhold(path, "has " + node.size() + " items, more than the " + limits.maxListSize());
                }
                List<Object> list = new ArrayList<>(node.size());
                for (int i = 0; i < node.size(); i++) {
                    list.add(celValue(path + "[" + i + "]", node.get(i)));
                }
                yield list;
            }
            case STRING -> node.textValue().length() > limits.maxStringLength()
                    ? withhold(path, "is " + node.textValue().length() + " characters long, more than the "
                    + limits.maxStringLength())
                    : node.textValue();
            case BOOLEAN -> node.booleanValue();
            case NUMBER -> node.isIntegralNumber() && node.canConvertToLong() ? (Object) node.longValue()
                    : (Object) node.doubleValue();
            case BINARY -> node.asText();
            default -> NullValue.NULL_VALUE;
        };
    }

    private static Withheld withhold(String path, String why) {
        return new Withheld(path + " " + why + " conditions are given");
    }

    private String string(String name, String value) {
        String text = nullToEmpty(value);
        if (text.length() > limits.maxStringLength()) {
            oversizedVariables.add(name);
            return "";
        }
        return text;
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }
}
