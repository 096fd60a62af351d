package io.agentassembly.policy.engine;

import io.agentassembly.policy.ParsedPolicy;
import io.agentassembly.policy.PolicyParser;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PolicyCascadeTest {

    private static final Instant NOON = Instant.parse("2026-03-02T12:00:00Z");
    private static final AgentLineage BOT = new AgentLineage("agt-1", "acme", "eng", "bot-1");

    private static List<ParsedPolicy> parse(String yaml) {
        return PolicyParser.parse(yaml, PolicyParser.Format.YAML);
    }

    private static ActionInput toolCall(String tool, String argsJson, String targetUrl) {
        return new ActionInput(ActionKind.TOOL_CALL, tool, "mcp",
                argsJson == null ? null : argsJson.getBytes(StandardCharsets.UTF_8), targetUrl, null, null, null,
                null, null, null, null, null);
    }

    /** Global, org, team and agent documents with 20 tool rules and a 100-host allowlist. */
    static List<ParsedPolicy> realisticCascade() {
        StringBuilder hosts = new StringBuilder();
        for (int i = 0; i < 98; i++) {
            hosts.append("      - api").append(i).append(".partner.example\n");
        }
        StringBuilder tools = new StringBuilder();
        for (int i = 0; i < 16; i++) {
            tools.append("    tool_").append(i).append(": { limit_per_hour: ").append(1000 + i).append(" }\n");
        }
        return parse("""
                apiVersion: agent-assembly/v1
                kind: Policy
                metadata: { name: baseline }
                spec:
                  scope: global
                  data: { credential_action: redact }
                  network:
                    allowlist:
                      - api.openai.com
                      - "*.corp.example"
                %s  tools:
                %s    shell: { allow: false }
                    "fs_*": { limit_per_hour: 600 }
                    "github_*": { requires_approval_if: "has(args.repo) && args.repo.startsWith('acme/prod')" }
                    pay: { requires_approval_if: "args.amount > 1000" }
                ---
                apiVersion: agent-assembly/v1
                kind: Policy
                metadata: { name: acme }
                spec:
                  scope: org:acme
                  schedule: { active_hours: { start: "06:00", end: "22:00", timezone: Europe/Dublin } }
                  tools: { pay: { limit_per_hour: 50 } }
                ---
                apiVersion: agent-assembly/v1
                kind: Policy
                metadata: { name: acme-eng }
                spec:
                  scope: team:acme/eng
                  network: { allowlist: [api.openai.com, "*.corp.example", api7.partner.example] }
                ---
                apiVersion: agent-assembly/v1
                kind: Policy
                metadata: { name: bot-1 }
                spec:
                  scope: agent:acme/eng/bot-1
                  enforcement_mode: observe
                  tools: { "*": { limit_per_hour: 10 } }
                """.formatted(hosts, tools));
    }

    @Test
    void decidesARealisticCascade() {
        PolicyCascade cascade = PolicyCascade.compile(realisticCascade());

        PolicyEvaluation allowed = cascade.evaluate(BOT,
                toolCall("tool_3", "{\"q\": \"weather\"}", "https://eu.corp.example/api"), NOON, RateCounter.NONE);
        assertThat(allowed.outcome()).isEqualTo(Outcome.ALLOW);
        assertThat(allowed.rule()).isEqualTo("acme-eng/allow");
        assertThat(allowed.shadow()).isNotNull();

        PolicyEvaluation partnerOnlyGlobally = cascade.evaluate(BOT,
                toolCall("tool_3", null, "https://api8.partner.example/"), NOON, RateCounter.NONE);
        assertThat(partnerOnlyGlobally.rule()).isEqualTo("acme-eng/network.allowlist");

        PolicyEvaluation pending = cascade.evaluate(BOT,
                toolCall("github_merge", "{\"repo\": \"acme/prod-api\"}", null), NOON, RateCounter.NONE);
        assertThat(pending.outcome()).isEqualTo(Outcome.PENDING);
        assertThat(pending.rule()).isEqualTo("baseline/tools.github_*.requires_approval_if");

        PolicyEvaluation redacted = cascade.evaluate(BOT,
                toolCall("tool_1", "{\"auth\": \"Bearer abcdefghijklmnop0123\"}", null), NOON, RateCounter.NONE);
        assertThat(redacted.outcome()).isEqualTo(Outcome.REDACT);
        assertThat(redacted.redactions()).containsExactly(new Redaction("$.args.auth", "[REDACTED:bearer_token]"));

        PolicyEvaluation night = cascade.evaluate(BOT, toolCall("tool_1", null, null),
                Instant.parse("2026-03-02T23:30:00Z"), RateCounter.NONE);
        assertThat(night.rule()).isEqualTo("acme/schedule.active_hours");
    }

    @Test
    void listsItsDocumentsInCascadeOrder() {
        PolicyCascade cascade = PolicyCascade.compile(realisticCascade().reversed());

        assertThat(cascade.documents()).extracting(ParsedPolicy::name)
                .containsExactly("baseline", "acme", "acme-eng", "bot-1");
    }

    @Test
    void tracesEveryDocumentWithItsScopeModeAndDigest() {
        List<ParsedPolicy> documents = realisticCascade();
        PolicyCascade cascade = PolicyCascade.compile(documents);

        PolicyEvaluation evaluation = cascade.evaluate(new AgentLineage("agt-9", "globex", "eng", "bot-1"),
                toolCall("tool_1", null, null), NOON, RateCounter.NONE);

        assertThat(evaluation.trace()).containsExactly(
                new TraceEntry("baseline", documents.get(0).digest(), "global", true, "enforce", Outcome.ALLOW,
                        "baseline/allow", "allowed by baseline"),
                new TraceEntry("acme", documents.get(1).digest(), "org:acme", false, "enforce", null, null,
                        "scope does not match the agent"),
                new TraceEntry("acme-eng", documents.get(2).digest(), "team:acme/eng", false, "enforce", null, null,
                        "scope does not match the agent"),
                new TraceEntry("bot-1", documents.get(3).digest(), "agent:acme/eng/bot-1", false, "observe", null,
                        null, "scope does not match the agent"));
        assertThat(evaluation.shadow()).isNull();
    }

    @Test
    void theEmptyCascadeDeniesEverything() {
        PolicyEvaluation evaluation = PolicyCascade.EMPTY.evaluate(BOT, toolCall("x", null, null), NOON,
                RateCounter.NONE);

        assertThat(evaluation.outcome()).isEqualTo(Outcome.DENY);
        assertThat(evaluation.rule()).isEqualTo("default_deny");
        assertThat(evaluation.reason()).isEqualTo("no policy in force");
        assertThat(evaluation.trace()).isEmpty();
        assertThat(PolicyCascade.EMPTY.documents()).isEmpty();
    }

    @Test
    void dryRunsCountNothing() {
        PolicyCascade cascade = PolicyCascade.compile(parse("""
                apiVersion: agent-assembly/v1
                kind: Policy
                metadata: { name: base }
                spec: { scope: global, tools: { shell: { limit_per_hour: 1 } } }
                """));
        for (int i = 0; i < 3; i++) {
            assertThat(cascade.evaluate(BOT, toolCall("shell", null, null), NOON, RateCounter.NONE).outcome())
                    .isEqualTo(Outcome.ALLOW);
        }
    }

    @Test
    void aCallTheCounterHasNoRoomForIsDeniedSayingWhyByTheDocumentThatSetTheLimit() {
        PolicyCascade cascade = PolicyCascade.compile(parse("""
                apiVersion: agent-assembly/v1
                kind: Policy
                metadata: { name: base }
                spec: { scope: global, tools: { "*": { limit_per_hour: 5 } } }
                """));

        PolicyEvaluation full = cascade.evaluate(BOT, toolCall("tool-9137", null, null), NOON,
                (agent, tool, limit, now) -> RateCounter.Admission.WORKSPACE_FULL);
        PolicyEvaluation nodeFull = cascade.evaluate(BOT, toolCall("tool-9137", null, null), NOON,
                (agent, tool, limit, now) -> RateCounter.Admission.NODE_FULL);

        assertThat(full.outcome()).isEqualTo(Outcome.DENY);
        assertThat(full.rule()).isEqualTo("base/tools.*.limit_per_hour");
        assertThat(full.reason()).startsWith("tool tool-9137 needs a new rate-limit window, and the workspace")
                .contains("fail closed");
        assertThat(nodeFull.rule()).isEqualTo("base/tools.*.limit_per_hour");
        assertThat(nodeFull.reason()).contains("this gateway node holds as many as it may");
    }

    @Test
    void refusesAnActionWithoutAKind() {
        PolicyCascade cascade = PolicyCascade.compile(realisticCascade());
        ActionInput noKind = new ActionInput(null, null, null, null, null, null, null, null, null, null, null,
                null, null);

        assertThatThrownBy(() -> cascade.evaluate(BOT, noKind, NOON, RateCounter.NONE))
                .isInstanceOf(NullPointerException.class);
    }

    @Test
    void isSafeToShareBetweenThreads() throws Exception {
        PolicyCascade cascade = PolicyCascade.compile(realisticCascade());
        AtomicInteger wrong = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int thread = t;
                futures.add(pool.submit(() -> {
                    for (int i = 0; i < 2_000; i++) {
                        boolean pay = (i + thread) % 2 == 0;
                        PolicyEvaluation e = cascade.evaluate(BOT, pay
                                ? toolCall("pay", "{\"amount\": " + (500 + i) + "}", null)
                                : toolCall("shell", null, null), NOON, RateCounter.NONE);
                        Outcome expected = pay ? (500 + i > 1000 ? Outcome.PENDING : Outcome.ALLOW) : Outcome.DENY;
                        if (e.outcome() != expected) {
                            wrong.incrementAndGet();
                        }
                    }
                }));
            }
            for (Future<?> f : futures) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(wrong).hasValue(0);
    }
}
