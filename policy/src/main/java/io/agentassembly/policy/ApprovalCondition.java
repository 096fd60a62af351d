package io.agentassembly.policy;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.protobuf.NullValue;
import dev.cel.bundle.Cel;
import dev.cel.bundle.CelFactory;
import dev.cel.common.CelIssue;
import dev.cel.common.CelOptions;
import dev.cel.common.CelValidationException;
import dev.cel.common.CelValidationResult;
import dev.cel.common.types.MapType;
import dev.cel.common.types.SimpleType;
import dev.cel.parser.CelStandardMacro;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A compiled {@code requires_approval_if} expression (CEL). Variables: {@code args} (map(string, dyn): the tool
 * arguments, {@code {}} when absent or not a JSON object), {@code tool}, {@code tool_source}, {@code target_url},
 * {@code action} (strings, {@code ""} when absent; action is the action type name such as {@code TOOL_CALL}) and
 * {@code agent} (map(string, string) with {@code org_id}, {@code team_id}, {@code agent_id}). The expression must
 * type-check to {@code bool} (or {@code dyn}, checked at evaluation). Immutable and thread-safe.
 */
public final class ApprovalCondition {

    /** CEL is not Turing-complete, but nested comprehensions over large arguments could still be expensive. */
    private static final int MAX_COMPREHENSION_ITERATIONS = 10_000;

    private static final Cel CEL = CelFactory.standardCelBuilder()
            .setStandardMacros(CelStandardMacro.STANDARD_MACROS)
            .setOptions(CelOptions.current()
                    .enableHeterogeneousNumericComparisons(true)
                    .comprehensionMaxIterations(MAX_COMPREHENSION_ITERATIONS)
                    .build())
            .addVar("args", MapType.create(SimpleType.STRING, SimpleType.DYN))
            .addVar("tool", SimpleType.STRING)
            .addVar("tool_source", SimpleType.STRING)
            .addVar("target_url", SimpleType.STRING)
            .addVar("action", SimpleType.STRING)
            .addVar("agent", MapType.create(SimpleType.STRING, SimpleType.STRING))
            .setResultType(SimpleType.BOOL)
            .build();

    private final String expression;
    private final CelRuntime.Program program;

    private ApprovalCondition(String expression, CelRuntime.Program program) {
        this.expression = expression;
        this.program = program;
    }

    /** @throws IllegalArgumentException saying why the expression does not compile or is not a condition */
    public static ApprovalCondition compile(String expression) {
        if (expression == null || expression.isBlank()) {
            throw new IllegalArgumentException("the condition is empty; write a CEL expression such as args.amount > 100");
        }
        CelValidationResult result = CEL.compile(expression);
        if (result.hasError()) {
            String issues = result.getErrors().stream().map(ApprovalCondition::describe)
                    .collect(Collectors.joining("; "));
            throw new IllegalArgumentException("the CEL expression does not compile: " + issues);
        }
        try {
            return new ApprovalCondition(expression, CEL.createProgram(result.getAst()));
        } catch (CelValidationException | CelEvaluationException e) {
            throw new IllegalArgumentException("the CEL expression does not compile: " + e.getMessage(), e);
        }
    }

    private static String describe(CelIssue issue) {
        int column = issue.getSourceLocation().getColumn();
        return column < 0 ? issue.getMessage() : issue.getMessage() + " (column " + (column + 1) + ")";
    }

    public String expression() {
        return expression;
    }

    /**
     * Evaluates the condition against variables built with {@link #variables}.
     *
     * @throws NotEvaluableException when evaluation fails (a missing key, a type mismatch) or does not give a bool
     */
    public boolean evaluate(Map<String, ?> variables) {
        Object value;
        try {
            value = program.eval(variables);
        } catch (CelEvaluationException | RuntimeException e) {
            throw new NotEvaluableException(e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
        }
        if (value instanceof Boolean b) {
            return b;
        }
        throw new NotEvaluableException("the condition gave " + value.getClass().getSimpleName() + ", not a bool");
    }

    /** The variables the condition sees; {@code args} as made by {@link #args(JsonNode)}. */
    public static Map<String, Object> variables(Map<String, Object> args, String tool, String toolSource,
                                                String targetUrl, String action, String orgId, String teamId,
                                                String agentId) {
        return Map.of("args", args,
                "tool", nullToEmpty(tool),
                "tool_source", nullToEmpty(toolSource),
                "target_url", nullToEmpty(targetUrl),
                "action", nullToEmpty(action),
                "agent", Map.of("org_id", nullToEmpty(orgId), "team_id", nullToEmpty(teamId),
                        "agent_id", nullToEmpty(agentId)));
    }

    /** Tool arguments as CEL values: a JSON object becomes a map; anything else (or null) becomes {@code {}}. */
    public static Map<String, Object> args(JsonNode json) {
        if (json == null || !json.isObject()) {
            return Map.of();
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> map = (Map<String, Object>) celValue(json);
        return map;
    }

    private static Object celValue(JsonNode node) {
        return switch (node.getNodeType()) {
            case OBJECT -> {
                Map<String, Object> map = new LinkedHashMap<>();
                node.properties().forEach(e -> map.put(e.getKey(), celValue(e.getValue())));
                yield map;
            }
            case ARRAY -> {
                List<Object> list = new ArrayList<>(node.size());
                node.forEach(element -> list.add(celValue(element)));
                yield list;
            }
            case STRING -> node.textValue();
            case BOOLEAN -> node.booleanValue();
            case NUMBER -> node.isIntegralNumber() && node.canConvertToLong() ? (Object) node.longValue()
                    : (Object) node.doubleValue();
            case BINARY -> node.asText();
            default -> NullValue.NULL_VALUE;
        };
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }

    /** The condition could not be decided for this input; callers fail closed. */
    public static final class NotEvaluableException extends RuntimeException {
        public NotEvaluableException(String message) {
            super(message);
        }
    }
}
