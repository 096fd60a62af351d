package io.agentassembly.policy;

import dev.cel.common.ast.CelConstant;
import dev.cel.common.ast.CelExpr;
import dev.cel.common.ast.CelExpr.CelCall;
import dev.cel.common.ast.CelExpr.CelComprehension;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The cost model of approval conditions, in evaluation steps, and the static worst case of a checked expression.
 * <p>
 * At run time (see {@link ConditionInput}) every evaluated node costs one step, every string value a node yields
 * one more step per {@value #CHARS_PER_STEP} characters, and the string a {@code matches} runs over one step per
 * character times the pattern's {@link #regexStepsPerChar weight}. Comprehensions cost their loop once per item.
 * <p>
 * The worst case walks the expression with the largest values conditions are given ({@link ConditionLimits}): a
 * value from {@code args} may be a string of {@code maxStringLength} characters or a list or object of
 * {@code maxListSize} items, and every branch is taken. A comprehension over such a value multiplies its loop by
 * {@code maxListSize}, so nested comprehensions over arguments, or {@code matches} inside one, come out far above
 * any sensible budget, which is the point. {@code matches} must have a literal pattern: an argument used as a
 * pattern would let the agent choose how costly it is.
 */
final class ConditionCost {

    /** One step per this many characters of a string value (a scan of them costs about one node evaluation). */
    static final int CHARS_PER_STEP = 64;
    /** RE2 programs larger than this are refused: matching costs time in proportion to the program. */
    static final int MAX_REGEX_PROGRAM_SIZE = 500;
    /** CEL's own cap on comprehension iterations. */
    static final int MAX_ITERATIONS = 10_000;

    private static final Set<String> VARIABLE_STRINGS = Set.of("tool", "tool_source", "target_url", "action");

    /** An upper bound of a value: string length ({@code chars}) and list or map size ({@code items}). */
    private record Bound(long chars, long items) {
        static final Bound SCALAR = new Bound(0, 0);

        Bound max(Bound other) {
            return new Bound(Math.max(chars, other.chars), Math.max(items, other.items));
        }
    }

    /** A node's worst-case cost and the bound of its value. */
    private record Estimate(long cost, Bound bound) {
    }

    /** The result: worst-case steps, the weights of {@code matches} operands by expression id, and what to say. */
    record Result(long cost, Map<Long, Integer> regexStepsPerChar, Set<String> variables, List<String> problems,
                  boolean nestedComprehension, boolean regexInComprehension) {
    }

    private final ConditionLimits limits;
    private final Bound dynamic;
    private final Map<Long, Integer> regexWeights = new HashMap<>();
    private final Set<String> variables = new HashSet<>();
    private final List<String> problems = new ArrayList<>();
    private boolean nestedComprehension;
    private boolean regexInComprehension;

    private ConditionCost(ConditionLimits limits) {
        this.limits = limits;
        this.dynamic = new Bound(limits.maxStringLength(), limits.maxListSize());
    }

    static Result of(CelExpr expression, ConditionLimits limits) {
        ConditionCost walk = new ConditionCost(limits);
        Estimate estimate = walk.estimate(expression, Map.of(), 0);
        return new Result(estimate.cost, Map.copyOf(walk.regexWeights), Set.copyOf(walk.variables),
                List.copyOf(walk.problems), walk.nestedComprehension, walk.regexInComprehension);
    }

    /** Steps per character of a regex match with this RE2 program size. */
    static int regexStepsPerChar(int programSize) {
        return Math.max(1, programSize / 8);
    }

    /** Steps a string value of this length costs besides its node. */
    static long stringSteps(long chars) {
        return chars / CHARS_PER_STEP;
    }

    private Estimate estimate(CelExpr expr, Map<String, Bound> scope, int loopDepth) {
        return switch (expr.getKind()) {
            case CONSTANT -> constant(expr.constant());
            case IDENT -> node(ident(expr.ident().name(), scope));
            case SELECT -> {
                Estimate operand = estimate(expr.select().operand(), scope, loopDepth);
                Bound bound = expr.select().testOnly() ? Bound.SCALAR : dynamic;
                yield new Estimate(plus(operand.cost, node(bound).cost), bound);
            }
            case CALL -> call(expr, scope, loopDepth);
            case LIST -> {
                long cost = 1;
                for (CelExpr element : expr.list().elements()) {
                    cost = plus(cost, estimate(element, scope, loopDepth).cost);
                }
                yield new Estimate(cost, new Bound(0, expr.list().elements().size()));
            }
            case MAP -> {
                long cost = 1;
                for (CelExpr.CelMap.Entry entry : expr.map().entries()) {
                    cost = plus(cost, plus(estimate(entry.key(), scope, loopDepth).cost,
                            estimate(entry.value(), scope, loopDepth).cost));
                }
                yield new Estimate(cost, new Bound(0, expr.map().entries().size()));
            }
            case COMPREHENSION -> comprehension(expr.comprehension(), scope, loopDepth);
            default -> new Estimate(1, dynamic);
        };
    }

    private Estimate constant(CelConstant constant) {
        return switch (constant.getKind()) {
            case STRING_VALUE -> node(new Bound(constant.stringValue().length(), 0));
            case BYTES_VALUE -> node(new Bound(constant.bytesValue().size(), 0));
            default -> node(Bound.SCALAR);
        };
    }

    private Bound ident(String name, Map<String, Bound> scope) {
        Bound bound = scope.get(name);
        if (bound != null) {
            return bound;
        }
        variables.add(name);
        if (name.equals("args")) {
            return new Bound(0, limits.maxListSize());
        }
        if (name.equals("agent")) {
            return new Bound(0, 3);
        }
        return VARIABLE_STRINGS.contains(name) ? new Bound(limits.maxStringLength(), 0) : dynamic;
    }

    private Estimate call(CelExpr expr, Map<String, Bound> scope, int loopDepth) {
        CelCall call = expr.call();
        List<CelExpr> operands = new ArrayList<>(call.args().size() + 1);
        call.target().ifPresent(operands::add);
        operands.addAll(call.args());
        List<Estimate> estimates = new ArrayList<>(operands.size());
        long cost = 0;
        for (CelExpr operand : operands) {
            Estimate estimate = estimate(operand, scope, loopDepth);
            estimates.add(estimate);
            cost = plus(cost, estimate.cost);
        }
        if (call.function().equals("matches") && operands.size() == 2) {
            cost = plus(cost, regex(operands.get(0), estimates.get(0).bound, operands.get(1), loopDepth));
        }
        Bound bound = switch (call.function()) {
            case "_+_" -> estimates.size() == 2 ? new Bound(plus(estimates.get(0).bound.chars, estimates.get(1).bound.chars),
                    plus(estimates.get(0).bound.items, estimates.get(1).bound.items)) : dynamic;
            case "_?_:_" -> estimates.size() == 3 ? estimates.get(1).bound.max(estimates.get(2).bound) : dynamic;
            case "_[_]", "dyn" -> dynamic;
            case "string", "bytes" -> new Bound(estimates.isEmpty() ? 0 : Math.max(32, estimates.getFirst().bound.chars), 0);
            default -> Bound.SCALAR;
        };
        return new Estimate(plus(cost, node(bound).cost), bound);
    }

    /** The steps of matching the operand, recording its weight for the run-time count; refuses non-literal patterns. */
    private long regex(CelExpr operand, Bound operandBound, CelExpr pattern, int loopDepth) {
        if (pattern.getKind() != CelExpr.ExprKind.Kind.CONSTANT
                || pattern.constant().getKind() != CelConstant.Kind.STRING_VALUE) {
            problems.add("matches() needs a string literal as its pattern, so that its cost is known in advance");
            return 0;
        }
        int programSize;
        try {
            programSize = com.google.re2j.Pattern.compile(pattern.constant().stringValue()).programSize();
        } catch (com.google.re2j.PatternSyntaxException e) {
            problems.add("the pattern of matches() is not a valid RE2 regular expression: " + e.getMessage());
            return 0;
        }
        if (programSize > MAX_REGEX_PROGRAM_SIZE) {
            problems.add("the pattern of matches() is too complex (RE2 program size " + programSize + ", at most "
                    + MAX_REGEX_PROGRAM_SIZE + ")");
            return 0;
        }
        if (loopDepth > 0) {
            regexInComprehension = true;
        }
        int weight = regexStepsPerChar(programSize);
        regexWeights.merge(operand.id(), weight, Math::max);
        return times(operandBound.chars, weight);
    }

    private Estimate comprehension(CelComprehension comprehension, Map<String, Bound> scope, int loopDepth) {
        if (loopDepth > 0) {
            nestedComprehension = true;
        }
        Estimate range = estimate(comprehension.iterRange(), scope, loopDepth);
        long iterations = Math.min(range.bound.items, MAX_ITERATIONS);
        Estimate init = estimate(comprehension.accuInit(), scope, loopDepth);
        Map<String, Bound> inner = new HashMap<>(scope);
        Bound element = elementOf(comprehension.iterRange(), range.bound);
        inner.put(comprehension.iterVar(), element);
        if (!comprehension.iterVar2().isEmpty()) {
            inner.put(comprehension.iterVar2(), dynamic);
        }
        Bound accumulator = comprehension.accuInit().getKind() == CelExpr.ExprKind.Kind.LIST
                ? new Bound(0, iterations) : init.bound;
        inner.put(comprehension.accuVar(), accumulator);
        Estimate condition = estimate(comprehension.loopCondition(), inner, loopDepth + 1);
        Estimate step = estimate(comprehension.loopStep(), inner, loopDepth + 1);
        Estimate result = estimate(comprehension.result(), inner, loopDepth);
        long cost = plus(1, plus(range.cost, plus(init.cost, plus(times(iterations, plus(condition.cost, step.cost)),
                result.cost))));
        return new Estimate(cost, result.bound);
    }

    /** The bound of one item of a range: the largest element of a literal, otherwise anything an argument may be. */
    private Bound elementOf(CelExpr range, Bound rangeBound) {
        if (range.getKind() == CelExpr.ExprKind.Kind.LIST) {
            Bound largest = Bound.SCALAR;
            for (CelExpr element : range.list().elements()) {
                largest = largest.max(literalBound(element));
            }
            return largest;
        }
        if (range.getKind() == CelExpr.ExprKind.Kind.IDENT && range.ident().name().equals("agent")) {
            return new Bound(limits.maxStringLength(), 0);
        }
        return rangeBound.items == 0 ? Bound.SCALAR : dynamic;
    }

    private Bound literalBound(CelExpr element) {
        if (element.getKind() == CelExpr.ExprKind.Kind.CONSTANT
                && element.constant().getKind() == CelConstant.Kind.STRING_VALUE) {
            return new Bound(element.constant().stringValue().length(), 0);
        }
        return element.getKind() == CelExpr.ExprKind.Kind.CONSTANT ? Bound.SCALAR : dynamic;
    }

    private static Estimate node(Bound bound) {
        return new Estimate(plus(1, stringSteps(bound.chars)), bound);
    }

    private static long plus(long a, long b) {
        long sum = a + b;
        return sum < 0 ? Long.MAX_VALUE : sum;
    }

    private static long times(long a, long b) {
        return a != 0 && b > Long.MAX_VALUE / a ? Long.MAX_VALUE : a * b;
    }
}
