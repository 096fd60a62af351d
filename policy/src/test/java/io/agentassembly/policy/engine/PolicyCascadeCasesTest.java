package io.agentassembly.policy.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.agentassembly.policy.ParsedPolicy;
import io.agentassembly.policy.PolicyParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** The decision table in {@code cascade-cases.yaml}: every case compiles its documents and evaluates one action. */
class PolicyCascadeCasesTest {

    private static final ObjectMapper YAML = new YAMLMapper();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant DEFAULT_TIME = Instant.parse("2026-03-02T10:00:00Z");

    static Stream<Arguments> cases() throws IOException {
        JsonNode table = table();
        List<Arguments> cases = new ArrayList<>();
        table.get("cases").forEach(c -> cases.add(Arguments.of(c.get("name").asText(), c)));
        return cases.stream();
    }

    private static JsonNode table() throws IOException {
        try (InputStream in = PolicyCascadeCasesTest.class.getResourceAsStream("/cascade-cases.yaml")) {
            return YAML.readTree(in);
        }
    }

    @Test
    void theTableHasEnoughCasesWithUniqueNames() throws IOException {
        List<String> names = new ArrayList<>();
        table().get("cases").forEach(c -> names.add(c.get("name").asText()));
        assertThat(names).hasSizeGreaterThanOrEqualTo(40).doesNotHaveDuplicates();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void decides(String name, JsonNode c) throws IOException {
        List<ParsedPolicy> documents = documents(c.get("documents"));
        PolicyCascade cascade = PolicyCascade.compile(documents);
        RecordingRateCounter rates = new RecordingRateCounter(c.get("rates"));
        Instant time = c.has("time") ? Instant.parse(c.get("time").asText()) : DEFAULT_TIME;

        PolicyEvaluation evaluation = cascade.evaluate(agent(c.get("agent")), action(c.get("action")), time, rates);

        JsonNode expect = c.get("expect");
        assertThat(evaluation.outcome()).as("outcome (%s)", evaluation).hasToString(expect.get("outcome").asText());
        if (expect.has("rule")) {
            assertThat(evaluation.rule()).as("rule (%s)", evaluation.reason()).isEqualTo(expect.get("rule").asText());
        }
        if (expect.has("policy")) {
            assertThat(evaluation.policyName()).isEqualTo(expect.get("policy").asText());
        }
        if (expect.has("reason")) {
            assertThat(evaluation.reason()).contains(expect.get("reason").asText());
        }
        if (expect.has("reason_excludes")) {
            assertThat(evaluation.reason()).doesNotContain(expect.get("reason_excludes").asText());
        }
        if (expect.has("redactions")) {
            Map<String, String> expected = new LinkedHashMap<>();
            expect.get("redactions").properties().forEach(e -> expected.put(e.getKey(), e.getValue().asText()));
            Map<String, String> actual = new LinkedHashMap<>();
            evaluation.redactions().forEach(r -> actual.put(r.fieldPath(), r.replacement()));
            assertThat(actual).containsExactlyEntriesOf(expected);
        }
        if (expect.has("shadow")) {
            JsonNode shadow = expect.get("shadow");
            if (shadow.isTextual() && shadow.asText().equals("none")) {
                assertThat(evaluation.shadow()).isNull();
            } else {
                assertThat(evaluation.shadow()).isNotNull();
                assertThat(evaluation.shadow().outcome()).hasToString(shadow.get("outcome").asText());
                assertThat(evaluation.shadow().rule()).isEqualTo(shadow.get("rule").asText());
                assertThat(evaluation.shadow().digest()).isEqualTo(digestOf(documents, ruleOwner(shadow.get("rule").asText())));
            }
        }
        if (expect.has("rate_limit")) {
            JsonNode limit = expect.get("rate_limit");
            if (limit.isTextual() && limit.asText().equals("none")) {
                assertThat(rates.limitsAsked).isEmpty();
            } else {
                assertThat(rates.limitsAsked).containsExactly(limit.asInt());
            }
        }
        if (expect.has("trace")) {
            List<String> expected = new ArrayList<>();
            expect.get("trace").forEach(t -> expected.add(t.asText()));
            assertThat(evaluation.trace().stream().map(PolicyCascadeCasesTest::describe).toList())
                    .containsExactlyElementsOf(expected);
        }
        assertInvariants(evaluation, documents);
    }

    /** What holds for every answer, whatever the case. */
    private static void assertInvariants(PolicyEvaluation evaluation, List<ParsedPolicy> documents) {
        assertThat(evaluation.trace()).hasSize(documents.size());
        assertThat(evaluation.rule()).isNotBlank();
        assertThat(evaluation.reason()).isNotBlank();
        switch (evaluation.outcome()) {
            case ALLOW, PENDING, DENY -> assertThat(evaluation.redactions()).isEmpty();
            case REDACT -> assertThat(evaluation.redactions()).isNotEmpty();
        }
        if (evaluation.rule().equals("default_deny")) {
            assertThat(evaluation.outcome()).hasToString("DENY");
            assertThat(evaluation.policyName()).isNull();
            assertThat(evaluation.digest()).isNull();
        } else {
            assertThat(evaluation.rule()).startsWith(evaluation.policyName() + "/");
            assertThat(evaluation.digest()).isEqualTo(digestOf(documents, evaluation.policyName()));
        }
    }

    private static String describe(TraceEntry entry) {
        if (!entry.applied()) {
            return entry.policyName() + "=" + (entry.mode().equals("disabled") ? "disabled" : "not-applied");
        }
        return entry.policyName() + "=" + (entry.outcome() == null ? "not-evaluated" : entry.outcome().name());
    }

    private static String ruleOwner(String rule) {
        return rule.substring(0, rule.indexOf('/'));
    }

    private static String digestOf(List<ParsedPolicy> documents, String name) {
        return documents.stream().filter(d -> d.name().equals(name)).findFirst().orElseThrow().digest();
    }

    // ---- building the inputs ----

    private static List<ParsedPolicy> documents(JsonNode list) throws IOException {
        JsonNode fragments = table().get("fragments");
        ArrayNode full = JsonNodeFactory.instance.arrayNode();
        for (JsonNode item : list) {
            String name = item.isTextual() ? item.asText() : item.get("name").asText();
            JsonNode spec = item.isTextual() ? fragments.get(name) : item.get("spec");
            assertThat(spec).as("fragment " + name).isNotNull();
            ObjectNode doc = full.addObject();
            doc.put("apiVersion", "agent-assembly/v1");
            doc.put("kind", "Policy");
            doc.putObject("metadata").put("name", name);
            doc.set("spec", spec);
        }
        return full.isEmpty() ? List.of() : PolicyParser.parse(JSON.writeValueAsString(full), PolicyParser.Format.JSON);
    }

    private static AgentLineage agent(JsonNode node) {
        String[] parts = (node == null ? "acme/eng/bot-1" : node.asText()).split("/");
        return new AgentLineage("agt-1", orNull(parts[0]), orNull(parts[1]), orNull(parts[2]));
    }

    private static String orNull(String part) {
        return part.equals("-") ? null : part;
    }

    private static ActionInput action(JsonNode a) throws IOException {
        ActionKind kind = ActionKind.valueOf(a.get("kind").asText());
        byte[] args = a.has("args") ? JSON.writeValueAsBytes(a.get("args"))
                : a.has("args_raw") ? a.get("args_raw").asText().getBytes(StandardCharsets.UTF_8) : null;
        byte[] result = a.has("result") ? JSON.writeValueAsBytes(a.get("result")) : null;
        return new ActionInput(kind, text(a, "tool"), text(a, "source"), args, text(a, "target_url"),
                text(a, "host"), null, null, null, null, null, null, result);
    }

    private static String text(JsonNode node, String field) {
        return node.has(field) ? node.get(field).asText() : null;
    }

    /** Starts from the case's counts for this hour; refuses once a tool's count reaches the limit asked for. */
    private static final class RecordingRateCounter implements RateCounter {
        final Map<String, Integer> counted = new HashMap<>();
        final List<Integer> limitsAsked = new ArrayList<>();

        RecordingRateCounter(JsonNode rates) {
            if (rates != null) {
                rates.properties().forEach(e -> counted.put(e.getKey(), e.getValue().asInt()));
            }
        }

        @Override
        public Admission tryAcquire(String agentKey, String toolName, int limitPerHour, Instant now) {
            assertThat(agentKey).isEqualTo("agt-1");
            limitsAsked.add(limitPerHour);
            int count = counted.getOrDefault(toolName, 0);
            if (count >= limitPerHour) {
                return Admission.OVER_LIMIT;
            }
            counted.put(toolName, count + 1);
            return Admission.COUNTED;
        }
    }
}
