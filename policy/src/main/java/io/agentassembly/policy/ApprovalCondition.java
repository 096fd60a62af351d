package io.agentassembly.policy;

import dev.cel.bundle.Cel;
import dev.cel.bundle.CelFactory;
import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.CelIssue;
import dev.cel.common.CelOptions;
import dev.cel.common.CelValidationException;
import dev.cel.common.CelValidationResult;
import dev.cel.common.types.MapType;
import dev.cel.common.types.SimpleType;
import dev.cel.parser.CelStandardMacro;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;

import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A compiled {@code requires_approval_if} expression (CEL). Variables: {@code args} (map(string, dyn): the tool
 * arguments, {@code {}} when absent or not a JSON object), {@code tool}, {@code tool_source}, {@code target_url},
 * {@code action} (strings, {@code ""} when absent; action is the action type name such as {@code TOOL_CALL}) and
 * {@code agent} (map(string, string) with {@code org_id}, {@code team_id}, {@code agent_id}). The expression must
 * type-check to {@code bool} (or {@code dyn}, checked at evaluation). Immutable and thread-safe.
 * <p>
 * Bounded ({@link ConditionLimits}): an expression whose worst-case cost ({@link ConditionCost}) is above
 * {@code maxCost} steps does not compile, and at run time the conditions of one action share a budget of
 * {@code maxCost} steps and a deadline, counted by an evaluation listener; one that runs out is cut off and
 * cannot be evaluated (the caller fails closed).
 */
public final class ApprovalCondition {

    private static final Cel CEL = CelFactory.standardCelBuilder()
            .setStandardMacros(CelStandardMacro.STANDARD_MACROS)
            .setOptions(CelOptions.current()
                    .enableHeterogeneousNumericComparisons(true)
                    .comprehensionMaxIterations(ConditionCost.MAX_ITERATIONS)
                    .maxRegexProgramSize(ConditionCost.MAX_REGEX_PROGRAM_SIZE)
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
    private final long worstCaseCost;
    /** Expression ids of the strings {@code matches} runs over, and their steps per character. */
    private final long[] regexOperands;
    private final int[] regexWeights;
    private final Set<String> variables;

    private ApprovalCondition(String expression, CelRuntime.Program program, ConditionCost.Result cost) {
        this.expression = expression;
        this.program = program;
        this.worstCaseCost = cost.cost();
        this.regexOperands = new long[cost.regexStepsPerChar().size()];
        this.regexWeights = new int[regexOperands.length];
        int i = 0;
        for (Map.Entry<Long, Integer> operand : cost.regexStepsPerChar().entrySet()) {
            regexOperands[i] = operand.getKey();
            regexWeights[i++] = operand.getValue();
        }
        this.variables = cost.variables();
    }

    /**
     * @throws IllegalArgumentException saying why the expression does not compile, is not a condition, or may
     *                                  cost more than the limits allow
     */
    public static ApprovalCondition compile(String expression, ConditionLimits limits) {
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
            CelAbstractSyntaxTree ast = result.getAst();
            ConditionCost.Result cost = ConditionCost.of(ast.getExpr(), limits);
            if (limits.refusesCostly() && !cost.problems().isEmpty()) {
                throw new IllegalArgumentException(String.join("; ", cost.problems()));
            }
            if (limits.refusesCostly() && cost.cost() > limits.maxCost()) {
                throw new IllegalArgumentException(tooCostly(cost, limits));
            }
            return new ApprovalCondition(expression, CEL.createProgram(ast), cost);
        } catch (CelValidationException | CelEvaluationException e) {
            throw new IllegalArgumentException("the CEL expression does not compile: " + e.getMessage(), e);
        }
    }

    private static String tooCostly(ConditionCost.Result cost, ConditionLimits limits) {
        StringBuilder message = new StringBuilder("the condition may take up to ")
                .append(cost.cost() == Long.MAX_VALUE ? "unbounded" : String.valueOf(cost.cost()))
                .append(" evaluation steps with the largest arguments conditions are given (strings of ")
                .append(limits.maxStringLength()).append(" characters, lists of ").append(limits.maxListSize())
                .append(" items), more than the ").append(limits.maxCost()).append(" allowed");
        if (cost.nestedComprehension()) {
            message.append("; it nests comprehensions (exists, all, map, filter, exists_one) over arguments");
        }
        if (cost.regexInComprehension()) {
            message.append("; it calls matches() inside a comprehension");
        }
        return message.append("; simplify it, e.g. compare with startsWith/contains/== or test a fixed list")
                .toString();
    }

    private static String describe(CelIssue issue) {
        int column = issue.getSourceLocation().getColumn();
        return column < 0 ? issue.getMessage() : issue.getMessage() + " (column " + (column + 1) + ")";
    }

    public String expression() {
        return expression;
    }

    /** The most steps one evaluation may take with the largest arguments conditions are given. */
    public long worstCaseCost() {
        return worstCaseCost;
    }

    /** Steps per character of the string expression {@code id} yields, when {@code matches} runs over it. */
    int regexStepsPerChar(long id) {
        for (int i = 0; i < regexOperands.length; i++) {
            if (regexOperands[i] == id) {
                return regexWeights[i];
            }
        }
        return 0;
    }

    /**
     * Evaluates the condition for the action, within what is left of the action's budget and time.
     *
     * @throws NotEvaluableException when evaluation fails (a missing key, a type mismatch, a value too large to be
     *                               given, the budget or time used up) or does not give a bool
     */
    public boolean evaluate(ConditionInput input) {
        for (String variable : input.oversizedVariables()) {
            if (variables.contains(variable)) {
                throw new NotEvaluableException(variable + " is longer than the " + input.limits().maxStringLength()
                        + " characters conditions are given");
            }
        }
        input.startEvaluating(this);
        Object value;
        try {
            value = program.trace(input.variables(), input);
        } catch (CelEvaluationException | RuntimeException e) {
            ConditionInput.Cutoff cutoff = cutoffOf(e);
            if (cutoff != null && cutoff.time) {
                input.limits().countOverTime();
                throw new NotEvaluableException("the action's conditions took longer than "
                        + input.limits().timeoutNanos() / 1_000_000 + " ms");
            }
            if (cutoff != null) {
                input.limits().countOverBudget();
                throw new NotEvaluableException("the action's conditions used up their budget of "
                        + input.limits().maxCost() + " evaluation steps");
            }
            String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            String withheld = input.withheldRead();
            throw new NotEvaluableException(withheld == null ? message : message + "; " + withheld);
        }
        if (value instanceof Boolean b) {
            return b;
        }
        throw new NotEvaluableException("the condition gave " + value.getClass().getSimpleName() + ", not a bool");
    }

    private static ConditionInput.Cutoff cutoffOf(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof ConditionInput.Cutoff cutoff) {
                return cutoff;
            }
        }
        return null;
    }

    /** The condition could not be decided for this input; callers fail closed. */
    public static final class NotEvaluableException extends RuntimeException {
        public NotEvaluableException(String message) {
            super(message);
        }
    }
}
