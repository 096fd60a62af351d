package io.agentassembly.policy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ApprovalConditionTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ConditionLimits LIMITS = ConditionLimits.DEFAULT;

    private static ConditionInput input(String argsJson) throws Exception {
        return input(LIMITS, argsJson);
    }

    private static ConditionInput input(ConditionLimits limits, String argsJson) throws Exception {
        return ConditionInput.of(limits, JSON.readTree(argsJson), argsJson.getBytes(StandardCharsets.UTF_8).length,
                "pay", "mcp", "https://pay.example/", "TOOL_CALL", "acme", "eng", "bot-1");
    }

    private static ApprovalCondition compile(String expression) {
        return ApprovalCondition.compile(expression, LIMITS);
    }

    @Test
    void comparesJsonNumbersWhateverTheirType() throws Exception {
        ApprovalCondition condition = compile("args.amount > 100 && args.count == 2");

        assertThat(condition.evaluate(input("{\"amount\": 100.5, \"count\": 2}"))).isTrue();
        assertThat(condition.evaluate(input("{\"amount\": 100, \"count\": 2.0}"))).isFalse();
    }

    @Test
    void seesNullsListsAndNestedObjects() throws Exception {
        assertThat(compile("args.x == null").evaluate(input("{\"x\": null}"))).isTrue();
        assertThat(compile("'b' in args.l && args.o.k == 'v'")
                .evaluate(input("{\"l\": [\"a\", \"b\"], \"o\": {\"k\": \"v\"}}"))).isTrue();
        assertThat(compile("has(args.missing)").evaluate(input("{}"))).isFalse();
    }

    @Test
    void treatsArgumentsThatAreNotAnObjectAsAnEmptyMap() throws Exception {
        assertThat(compile("size(args) == 0").evaluate(input("[1]"))).isTrue();
        assertThat(compile("size(args) == 0").evaluate(input("\"text\""))).isTrue();
        assertThat(compile("size(args) == 0").evaluate(ConditionInput.of(LIMITS, null, 0, "pay", null, null,
                "TOOL_CALL", null, null, null))).isTrue();
    }

    @Test
    void cannotDecideMissingKeysOrNonBooleanResults() throws Exception {
        assertThatThrownBy(() -> compile("args.amount > 1").evaluate(input("{}")))
                .isInstanceOf(ApprovalCondition.NotEvaluableException.class)
                .hasMessageContaining("amount");
        assertThatThrownBy(() -> compile("args.flag").evaluate(input("{\"flag\": \"yes\"}")))
                .isInstanceOf(ApprovalCondition.NotEvaluableException.class)
                .hasMessageContaining("not a bool");
    }

    @Test
    void rejectsExpressionsThatAreNotConditions() {
        assertThatThrownBy(() -> compile("tool + 1"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("does not compile");
        assertThatThrownBy(() -> compile("  "))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("empty");
    }

    @Test
    void refusesAConditionWhoseWorstCaseIsTooCostlyMatchesInsideAComprehension() {
        // took 4.5 s in one dry run with 1,000 items and a 100 KB string before conditions were bounded
        assertThatThrownBy(() -> compile("args.l.exists(x, args.s.matches('a+b'))"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("evaluation steps with the largest arguments conditions are given (strings of"
                        + " 4096 characters, lists of 256 items), more than the 20000 allowed")
                .hasMessageContaining("matches() inside a comprehension");
        assertThatThrownBy(() -> compile("args.paths.exists(p, p.matches('^/etc/'))"))
                .hasMessageContaining("matches() inside a comprehension");
    }

    @Test
    void refusesNestedComprehensionsOverArguments() {
        assertThatThrownBy(() -> compile("args.a.exists(x, args.b.exists(y, x == y))"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("nests comprehensions");
        assertThatThrownBy(() -> compile("args.l.exists(a, args.l.exists(b, args.l.exists(c, a + b + c < 0)))"))
                .hasMessageContaining("nests comprehensions");
    }

    @Test
    void refusesPatternsThatAreNotLiteralsOrTooComplex() {
        assertThatThrownBy(() -> compile("args.s.matches(args.pattern)"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("matches() needs a string literal as its pattern");
        assertThatThrownBy(() -> compile("args.s.matches('(a|b|c|d|e|f|g|h){1,100}(x|y|z){1,100}')"))
                .hasMessageContaining("too complex (RE2 program size");
    }

    @Test
    void admitsEverydayConditionsWithAKnownWorstCase() {
        assertThat(compile("args.amount > 100").worstCaseCost()).isLessThan(200);
        assertThat(compile("has(args.to) && args.to.endsWith('@rival.example') || agent.team_id == 'ops'")
                .worstCaseCost()).isLessThan(1_000);
        assertThat(compile("args.path.matches('^/etc/(passwd|shadow)$')").worstCaseCost()).isLessThan(20_000);
        assertThat(compile("args.paths.exists(p, p.startsWith('/etc/'))").worstCaseCost()).isLessThan(20_000);
        assertThat(compile("['rm', 'dd', 'mkfs'].exists(c, args.command.startsWith(c))").worstCaseCost())
                .isLessThan(1_000);
    }

    @Test
    void anAdmittedConditionIsCutOffWhenItUsesUpTheBudgetAndCountsIt() throws Exception {
        // admitted under limits that allow anything; evaluated with the attacker's arguments and a real budget
        ConditionLimits lax = new ConditionLimits(Integer.MAX_VALUE, Integer.MAX_VALUE, Integer.MAX_VALUE,
                Long.MAX_VALUE, Duration.ofMinutes(1));
        ApprovalCondition slow = ApprovalCondition.compile("args.l.exists(x, args.s.matches('a+b'))", lax);
        ConditionLimits budget = new ConditionLimits(Integer.MAX_VALUE, 200_000, 2_000, 50_000, Duration.ofMinutes(1));
        ConditionInput attack = ConditionInput.of(budget, attackArgs(), 0, "t", "", "", "TOOL_CALL", "o", "t", "a");

        assertThatThrownBy(() -> slow.evaluate(attack))
                .isInstanceOf(ApprovalCondition.NotEvaluableException.class)
                .hasMessage("the action's conditions used up their budget of 50000 evaluation steps");
        // the 100 KB string is charged (one step per character matched) as soon as it is read, before matches
        // runs over it: the evaluation stops at its first iteration instead of running 1,000 regex scans
        assertThat(attack.remainingSteps()).isBetween(-60_000L, -1L);
        assertThat(budget.overBudget()).isEqualTo(1);
        assertThat(budget.overTime()).isZero();
    }

    @Test
    void aStoredConditionAboveTheLimitStillCompilesForTheGatewayAndIsBoundedWhenEvaluated() throws Exception {
        ConditionLimits limits = new ConditionLimits(65_536, 4096, 256, 20_000, Duration.ofMinutes(1));
        String slow = "args.l.exists(x, args.s.matches('a+b'))";
        assertThatThrownBy(() -> ApprovalCondition.compile(slow, limits)).hasMessageContaining("more than the 20000");

        ApprovalCondition stored = ApprovalCondition.compile(slow, limits.forStoredPolicies());
        String args = "{\"l\": [" + "1, ".repeat(255) + "1], \"s\": \"" + "a".repeat(4096) + "\"}";

        assertThatThrownBy(() -> stored.evaluate(input(limits.forStoredPolicies(), args)))
                .hasMessage("the action's conditions used up their budget of 20000 evaluation steps");
        assertThat(limits.overBudget()).as("counted with the configured limits").isEqualTo(1);
    }

    @Test
    void theConditionsOfOneActionShareItsBudget() throws Exception {
        ConditionLimits limits = new ConditionLimits(65_536, 4096, 256, 2_000, Duration.ofMinutes(1));
        ApprovalCondition scan = ApprovalCondition.compile("args.l.exists(x, x == 'never')", LIMITS);
        StringBuilder list = new StringBuilder("{\"l\": [\"a\"");
        list.append(", \"a\"".repeat(150)).append("]}");
        ConditionInput action = input(limits, list.toString());

        assertThat(scan.evaluate(action)).isFalse();
        long left = action.remainingSteps();
        assertThat(left).isBetween(0L, 2_000L);
        assertThatThrownBy(() -> scan.evaluate(action)).hasMessageContaining("used up their budget of 2000");
        assertThat(scan.evaluate(input(limits, list.toString()))).isFalse();
    }

    @Test
    void isCutOffWhenOutOfTime() throws Exception {
        ConditionLimits limits = new ConditionLimits(65_536, 4096, 256, 20_000, Duration.ZERO);
        ApprovalCondition scan = ApprovalCondition.compile("args.l.exists(x, x == 'never')", limits);

        assertThatThrownBy(() -> scan.evaluate(input(limits, "{\"l\": [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]}")))
                .hasMessage("the action's conditions took longer than 0 ms");
        assertThat(limits.overTime()).isEqualTo(1);
    }

    @Test
    void valuesBeyondTheLimitsAreWithheldAndOnlyConditionsUsingThemCannotBeEvaluated() throws Exception {
        ConditionLimits limits = new ConditionLimits(65_536, 10, 4, 20_000, Duration.ofMinutes(1));
        String args = "{\"n\": 5, \"long\": \"" + "x".repeat(11) + "\", \"many\": [1, 2, 3, 4, 5], \"o\": {\"k\": \"v\"}}";

        assertThat(ApprovalCondition.compile("args.n > 1 && args.o.k == 'v'", limits).evaluate(input(limits, args)))
                .isTrue();
        assertThatThrownBy(() -> ApprovalCondition.compile("args.long.startsWith('x')", limits)
                .evaluate(input(limits, args)))
                .isInstanceOf(ApprovalCondition.NotEvaluableException.class)
                .hasMessageContaining("args.long is 11 characters long, more than the 10 conditions are given");
        assertThatThrownBy(() -> ApprovalCondition.compile("size(args.many) > 2", limits)
                .evaluate(input(limits, args)))
                .hasMessageContaining("args.many has 5 items, more than the 4 conditions are given");
        assertThatThrownBy(() -> ApprovalCondition.compile("size(args) > 2", limits)
                .evaluate(input(limits, "{\"a\": 1, \"b\": 2, \"c\": 3, \"d\": 4, \"e\": 5}")))
                .hasMessageContaining("args has 5 keys, more than the 4 conditions are given");
    }

    @Test
    void argumentsLargerThanTheLimitAreNotGivenAtAll() throws Exception {
        ConditionLimits limits = new ConditionLimits(16, 4096, 256, 20_000, Duration.ofMinutes(1));
        String args = "{\"amount\": 5, \"memo\": \"some text\"}";

        assertThatThrownBy(() -> ApprovalCondition.compile("args.amount > 1", limits).evaluate(input(limits, args)))
                .hasMessageContaining("args is 34 bytes of JSON, more than the 16 conditions are given");
        assertThat(ApprovalCondition.compile("tool == 'pay'", limits).evaluate(input(limits, args))).isTrue();
    }

    @Test
    void aConditionUsingAStringVariableBeyondTheLimitCannotBeEvaluated() throws Exception {
        ConditionLimits limits = new ConditionLimits(65_536, 10, 256, 20_000, Duration.ofMinutes(1));
        ConditionInput longUrl = ConditionInput.of(limits, JSON.readTree("{\"n\": 1}"), 8, "pay", "mcp",
                "https://pay.example/a/very/long/path", "TOOL_CALL", "acme", "eng", "bot-1");

        assertThatThrownBy(() -> ApprovalCondition.compile("target_url.startsWith('https://')", limits)
                .evaluate(longUrl))
                .hasMessage("target_url is longer than the 10 characters conditions are given");
        assertThat(ApprovalCondition.compile("args.n == 1", limits).evaluate(longUrl)).isTrue();
    }

    private static JsonNode attackArgs() {
        var args = JSON.createObjectNode();
        var list = args.putArray("l");
        for (int i = 0; i < 1_000; i++) {
            list.add(i);
        }
        args.put("s", "a".repeat(100_000));
        return args;
    }
}
