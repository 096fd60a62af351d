package io.agentassembly.cli;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The request {@code aasm policy simulate} sends ({@code POST /api/v1/policies/simulate}: a CheckAction request in
 * protobuf JSON, the draft file's text, the instant) and the table it prints, against a local stub.
 */
class PolicySimulateRequestTest {

    static final String DENIED = """
            {"decision":"DENY","reason":"tool shell is not allowed","policy_rule":"baseline/tools.shell.allow",
             "policy_name":"baseline","policy_digest":"sha256:ab12","redactions":[],"shadow":null,
             "trace":[{"policy_name":"baseline","digest":"sha256:ab12","scope":"global","applied":true,
                       "mode":"enforce","outcome":"DENY","rule":"baseline/tools.shell.allow",
                       "reason":"tool shell is not allowed"},
                      {"policy_name":"org-b-only","digest":"sha256:cd34","scope":"org:org-b","applied":false,
                       "mode":"enforce","outcome":null,"rule":null,"reason":"scope does not match the agent"}]}
            """;

    @TempDir
    Path home;

    private StubApi stub;

    @BeforeEach
    void start() throws Exception {
        stub = new StubApi().answer(200, "application/json", DENIED);
    }

    @AfterEach
    void stop() {
        stub.close();
    }

    private CliRun aasm(String... args) {
        return CliRun.run(Map.of("AASM_API_URL", stub.url(), "AASM_API_KEY", "aask_test_secret"), home, args);
    }

    @Test
    void sendsTheCheckActionRequestTheDraftAndTheInstant() throws Exception {
        Path draft = Files.writeString(home.resolve("draft.yaml"), "kind: Policy\n");

        CliRun run = aasm("policy", "simulate", "--agent", "org-a/research/planner", "--action-type", "tool_call",
                "--target", "deploy", "--arg", "env=prod", "--context", "target_url=https://ci.example.com",
                "--draft-file", draft.toString(), "--at", "2026-01-05T10:00:00Z");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        StubApi.Request sent = stub.requests().getFirst();
        assertThat(sent.method()).isEqualTo("POST");
        assertThat(sent.pathAndQuery()).isEqualTo("/api/v1/policies/simulate");
        assertThat(sent.contentType()).isEqualTo("application/json");
        JsonNode body = ApiClient.JSON.readTree(sent.body());
        JsonNode request = body.path("request");
        assertThat(request.path("agent_id").toString())
                .isEqualTo("{\"org_id\":\"org-a\",\"team_id\":\"research\",\"agent_id\":\"planner\"}");
        assertThat(request.path("action_type").asText()).isEqualTo("TOOL_CALL");
        JsonNode toolCall = request.path("context").path("tool_call");
        assertThat(toolCall.path("tool_name").asText()).isEqualTo("deploy");
        assertThat(toolCall.path("target_url").asText()).isEqualTo("https://ci.example.com");
        assertThat(new String(Base64.getDecoder().decode(toolCall.path("args_json").asText()), StandardCharsets.UTF_8))
                .isEqualTo("{\"env\":\"prod\"}");
        assertThat(body.path("draft").asText()).isEqualTo("kind: Policy\n");
        assertThat(body.path("at").asText()).isEqualTo("2026-01-05T10:00:00Z");
    }

    @Test
    void printsTheDecisionThenOneTraceLinePerDocumentAndFailsOnDenyOnlyWhenAsked() {
        CliRun run = aasm("policy", "simulate", "--agent", "org-a/research/planner", "--action-type", "TOOL_CALL",
                "--target", "shell");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out().lines().toList()).containsExactly(
                "FIELD     VALUE",
                "decision  DENY",
                "reason    tool shell is not allowed",
                "rule      baseline/tools.shell.allow",
                "policy    baseline",
                "digest    sha256:ab12",
                "",
                "POLICY      SCOPE      APPLIED  MODE     OUTCOME  RULE                        REASON",
                "baseline    global     true     enforce  DENY     baseline/tools.shell.allow  tool shell is not allowed",
                "org-b-only  org:org-b  false    enforce  -        -                           scope does not match the agent");

        CliRun failing = aasm("policy", "simulate", "--agent", "org-a/research/planner", "--action-type", "TOOL_CALL",
                "--target", "shell", "--fail-on-deny");
        assertThat(failing.exitCode()).isEqualTo(ExitCodes.DENIED);
        assertThat(failing.out()).contains("decision  DENY");
        assertThat(failing.err()).isEqualTo("aasm: the decision is DENY (--fail-on-deny)" + System.lineSeparator());
    }

    @Test
    void aProcessArgumentIsAlwaysAListAndBadLinesSendNothing() throws Exception {
        aasm("policy", "simulate", "--agent", "o/t/a", "--action-type", "PROCESS_EXEC", "--target", "ls",
                "--context", "args=-la");
        JsonNode processExec = ApiClient.JSON.readTree(stub.requests().getFirst().body())
                .path("request").path("context").path("process_exec");
        assertThat(processExec.path("args").toString()).isEqualTo("[\"-la\"]");

        CliRun twice = aasm("policy", "simulate", "--agent", "o/t/a", "--action-type", "NETWORK_CALL",
                "--context", "port=443", "--context", "port=80");
        assertThat(twice.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(twice.err()).contains("--context port is given twice");
        assertThat(stub.requests()).hasSize(1);
    }
}
