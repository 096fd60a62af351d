package io.agentassembly.policy;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ApprovalConditionTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static Map<String, Object> variables(String argsJson) throws Exception {
        return ApprovalCondition.variables(ApprovalCondition.args(JSON.readTree(argsJson)), "pay", "mcp",
                "https://pay.example/", "TOOL_CALL", "acme", "eng", "bot-1");
    }

    @Test
    void comparesJsonNumbersWhateverTheirType() throws Exception {
        ApprovalCondition condition = ApprovalCondition.compile("args.amount > 100 && args.count == 2");

        assertThat(condition.evaluate(variables("{\"amount\": 100.5, \"count\": 2}"))).isTrue();
        assertThat(condition.evaluate(variables("{\"amount\": 100, \"count\": 2.0}"))).isFalse();
    }

    @Test
    void seesNullsListsAndNestedObjects() throws Exception {
        assertThat(ApprovalCondition.compile("args.x == null").evaluate(variables("{\"x\": null}"))).isTrue();
        assertThat(ApprovalCondition.compile("'b' in args.l && args.o.k == 'v'")
                .evaluate(variables("{\"l\": [\"a\", \"b\"], \"o\": {\"k\": \"v\"}}"))).isTrue();
        assertThat(ApprovalCondition.compile("has(args.missing)").evaluate(variables("{}"))).isFalse();
    }

    @Test
    void treatsArgumentsThatAreNotAnObjectAsAnEmptyMap() throws Exception {
        assertThat(ApprovalCondition.args(JSON.readTree("[1, 2]"))).isEmpty();
        assertThat(ApprovalCondition.args(JSON.readTree("\"text\""))).isEmpty();
        assertThat(ApprovalCondition.args(null)).isEmpty();
        assertThat(ApprovalCondition.compile("size(args) == 0").evaluate(variables("[1]"))).isTrue();
    }

    @Test
    void cannotDecideMissingKeysOrNonBooleanResults() throws Exception {
        assertThatThrownBy(() -> ApprovalCondition.compile("args.amount > 1").evaluate(variables("{}")))
                .isInstanceOf(ApprovalCondition.NotEvaluableException.class)
                .hasMessageContaining("amount");
        assertThatThrownBy(() -> ApprovalCondition.compile("args.flag").evaluate(variables("{\"flag\": \"yes\"}")))
                .isInstanceOf(ApprovalCondition.NotEvaluableException.class)
                .hasMessageContaining("not a bool");
    }

    @Test
    void boundsComprehensions() throws Exception {
        ApprovalCondition nested = ApprovalCondition.compile(
                "args.l.exists(a, args.l.exists(b, args.l.exists(c, a + b + c < 0)))");
        StringBuilder list = new StringBuilder("{\"l\": [0");
        for (int i = 1; i < 100; i++) {
            list.append(',').append(i);
        }
        list.append("]}");
        assertThatThrownBy(() -> nested.evaluate(variables(list.toString())))
                .isInstanceOf(ApprovalCondition.NotEvaluableException.class);
    }

    @Test
    void rejectsExpressionsThatAreNotConditions() {
        assertThatThrownBy(() -> ApprovalCondition.compile("tool + 1"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("does not compile");
        assertThatThrownBy(() -> ApprovalCondition.compile("  "))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("empty");
    }
}
