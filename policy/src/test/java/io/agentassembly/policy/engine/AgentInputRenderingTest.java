package io.agentassembly.policy.engine;

import io.agentassembly.policy.ControlCharacters;
import io.agentassembly.policy.PolicyParser;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Paths and reasons the engine builds from an agent's input (JSON keys of the arguments, tool names, URLs) never
 * carry a control character: PostgreSQL refuses U+0000 in the decision's audit entry, so they are escaped.
 */
class AgentInputRenderingTest {

    private static final Instant NOON = Instant.parse("2026-03-02T12:00:00Z");
    private static final AgentLineage BOT = new AgentLineage("agt-1", "acme", "eng", "bot-1");
    private static final String BEARER = "Bearer abcdefghijklmnop0123";

    @Test
    void redactionPathsEscapeControlCharactersInKeys() {
        PolicyCascade cascade = cascade("data: { credential_action: redact }");

        PolicyEvaluation evaluation = cascade.evaluate(BOT, toolCall("fetch",
                "{\"headers\": {\"x-api\\u0000key\": \"" + BEARER + "\", \"\\u009b[2J\": \"" + BEARER + "\"}}", null),
                NOON, RateCounter.NONE);

        assertThat(evaluation.outcome()).isEqualTo(Outcome.REDACT);
        assertThat(evaluation.redactions()).extracting(Redaction::fieldPath)
                .containsExactly("$.args.headers['x-api\\u0000key']", "$.args.headers['\\u009b[2J']");
        assertStorable(evaluation);
    }

    @Test
    void aDenyReasonNamingThePathOfACredentialIsStorable() {
        PolicyCascade cascade = cascade("data: { credential_action: deny }");

        PolicyEvaluation evaluation = cascade.evaluate(BOT,
                toolCall("fetch", "{\"a\\u0001'b\": \"" + BEARER + "\"}", null), NOON, RateCounter.NONE);

        assertThat(evaluation.outcome()).isEqualTo(Outcome.DENY);
        assertThat(evaluation.reason()).contains("at $.args['a\\u0001\\'b']");
        assertStorable(evaluation);
    }

    @Test
    void reasonsQuotingAToolNameOrATargetUrlAreStorable() {
        PolicyCascade cascade = cascade("""
                tools: { "sh*": { allow: false } }
                  network: { allowlist: [api.example.com] }""");

        PolicyEvaluation tool = cascade.evaluate(BOT, toolCall("sh\u0000ell", null, null), NOON, RateCounter.NONE);
        assertThat(tool.reason()).isEqualTo("tool sh\\u0000ell is not allowed (tools.sh*)");
        assertStorable(tool);

        PolicyEvaluation url = cascade.evaluate(BOT, toolCall("fetch", null, "https://api.example.com\u0085/x"),
                NOON, RateCounter.NONE);
        assertThat(url.outcome()).isEqualTo(Outcome.DENY);
        assertStorable(url);
    }

    private static void assertStorable(PolicyEvaluation evaluation) {
        assertThat(ControlCharacters.first(evaluation.reason(), false)).as(evaluation.reason()).isEqualTo(-1);
        assertThat(ControlCharacters.first(evaluation.rule(), false)).as(evaluation.rule()).isEqualTo(-1);
        evaluation.redactions().forEach(r -> assertThat(ControlCharacters.first(r.fieldPath(), false)).isEqualTo(-1));
        evaluation.trace().forEach(t -> assertThat(ControlCharacters.first(String.valueOf(t.reason()), false))
                .isEqualTo(-1));
    }

    private static PolicyCascade cascade(String spec) {
        return PolicyCascade.compile(PolicyParser.parse("""
                apiVersion: agent-assembly/v1
                kind: Policy
                metadata: { name: guard }
                spec:
                  scope: global
                  %s
                """.formatted(spec), PolicyParser.Format.YAML));
    }

    private static ActionInput toolCall(String tool, String argsJson, String targetUrl) {
        return new ActionInput(ActionKind.TOOL_CALL, tool, "mcp",
                argsJson == null ? null : argsJson.getBytes(StandardCharsets.UTF_8), targetUrl, null, null, null,
                null, null, null, null, null);
    }
}
