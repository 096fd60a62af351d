package io.agentassembly.app;

import io.agentassembly.app.support.CliRun;
import io.agentassembly.app.support.Api;
import io.agentassembly.app.support.IntegrationTest;
import io.agentassembly.app.support.Tenants.Member;
import io.agentassembly.cli.ExitCodes;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static io.agentassembly.app.support.Api.json;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code aasm policy simulate} against the running product: the decision, its rule and the cascade's trace as a
 * table and as the API's JSON, a draft file changing the outcome without being applied, an agent looked up by
 * key in the key's workspace only, and the exit codes (any decision 0, DENY with --fail-on-deny 6, usage 2).
 */
class CliPolicySimulateTest extends IntegrationTest {

    private static final String POLICIES = """
            apiVersion: agent-assembly/v1
            kind: Policy
            metadata: { name: baseline }
            spec:
              scope: global
              tools: { shell: { allow: false } }
            ---
            apiVersion: agent-assembly/v1
            kind: Policy
            metadata: { name: research-no-deploy }
            spec:
              scope: "org:org-sim"
              tools: { deploy: { allow: false } }
            """;

    private static final String DRAFT_ALLOWING_SHELL = """
            apiVersion: agent-assembly/v1
            kind: Policy
            metadata: { name: baseline }
            spec:
              scope: global
              tools: { shell: { allow: true } }
            """;

    @TempDir
    Path home;

    private Member owner;
    private String ownerKey;

    @BeforeEach
    void ownerWithPolicies() throws IOException {
        owner = tenants.signUp("pro");
        ownerKey = apiKey(owner);
        Path file = Files.writeString(home.resolve("policies.yaml"), POLICIES);
        CliRun applied = aasm(ownerKey, "policy", "apply", "-f", file.toString());
        assertThat(applied.exitCode()).as(applied.toString()).isZero();
    }

    private String apiKey(Member member) {
        Api.Response created = api.post("/api/v1/api-keys", member.accessToken(), json("name", "cli"));
        assertThat(created.status()).as(created.body().toString()).isEqualTo(201);
        return created.text("token");
    }

    private CliRun aasm(String key, String... args) {
        return CliRun.aasm(Map.of("AASM_API_URL", "http://127.0.0.1:" + port, "AASM_API_KEY", key), home, args);
    }

    @Test
    void anAllowedAndADeniedToolCallShowTheDecisionTheRuleAndTheTrace() throws IOException {
        CliRun allowed = aasm(ownerKey, "policy", "simulate", "--agent", "org-sim/research/planner",
                "--action-type", "tool_call", "--target", "search", "--arg", "query=pricing");
        assertThat(allowed.exitCode()).as(allowed.toString()).isZero();
        assertThat(allowed.lines().getFirst()).startsWith("FIELD").contains("VALUE");
        assertThat(allowed.lines()).anySatisfy(line -> assertThat(line).matches("decision +ALLOW"));

        CliRun denied = aasm(ownerKey, "policy", "simulate", "--agent", "org-sim/research/planner",
                "--action-type", "TOOL_CALL", "--target", "shell");
        assertThat(denied.exitCode()).as("any decision exits 0 without --fail-on-deny: " + denied).isZero();
        assertThat(denied.lines())
                .anySatisfy(line -> assertThat(line).matches("decision +DENY"))
                .anySatisfy(line -> assertThat(line).matches("rule +baseline/tools\\.shell\\.allow"))
                .anySatisfy(line -> assertThat(line).matches("policy +baseline"))
                .anySatisfy(line -> assertThat(line).matches("digest +sha256:[0-9a-f]{64}"))
                .anySatisfy(line -> assertThat(line).startsWith("POLICY").contains("SCOPE", "APPLIED", "MODE",
                        "OUTCOME", "RULE", "REASON"))
                .anySatisfy(line -> assertThat(line).startsWith("baseline").contains("global", "true", "DENY",
                        "baseline/tools.shell.allow"));

        CliRun json = aasm(ownerKey, "policy", "simulate", "--agent", "org-sim/research/planner",
                "--action-type", "TOOL_CALL", "--target", "shell", "-o", "json", "--fail-on-deny");
        assertThat(json.exitCode()).as(json.toString()).isEqualTo(ExitCodes.DENIED);
        assertThat(json.err()).contains("the decision is DENY (--fail-on-deny)");
        assertThat(json.json().path("decision").asText()).isEqualTo("DENY");
        assertThat(json.json().path("policy_rule").asText()).isEqualTo("baseline/tools.shell.allow");
        assertThat(json.json().path("trace")).extracting(entry -> entry.path("policy_name").asText())
                .contains("baseline", "research-no-deploy");

        CliRun allowedWithFlag = aasm(ownerKey, "policy", "simulate", "--agent", "org-other/t/a",
                "--action-type", "TOOL_CALL", "--target", "deploy", "--fail-on-deny");
        assertThat(allowedWithFlag.exitCode()).as("the org-scoped document does not apply to org-other: "
                + allowedWithFlag).isZero();
    }

    @Test
    void aDraftFileChangesTheOutcomeWithoutBeingAppliedAndADeveloperMayTryIt() throws IOException {
        Path draft = Files.writeString(home.resolve("draft.yaml"), DRAFT_ALLOWING_SHELL);
        Member developer = tenants.invite(owner, "DEVELOPER");
        String developerKey = apiKey(developer);

        CliRun withDraft = aasm(developerKey, "policy", "simulate", "--agent", "org-sim/research/planner",
                "--action-type", "TOOL_CALL", "--target", "shell", "--draft-file", draft.toString(), "-o", "json",
                "--fail-on-deny");
        assertThat(withDraft.exitCode()).as(withDraft.toString()).isZero();
        assertThat(withDraft.json().path("decision").asText()).isEqualTo("ALLOW");

        CliRun applyRefused = aasm(developerKey, "policy", "apply", "-f", draft.toString());
        assertThat(applyRefused.exitCode()).isEqualTo(ExitCodes.AUTHENTICATION);
        CliRun withoutDraft = aasm(ownerKey, "policy", "simulate", "--agent", "org-sim/research/planner",
                "--action-type", "TOOL_CALL", "--target", "shell", "-o", "json");
        assertThat(withoutDraft.json().path("decision").asText()).as("the draft was not applied").isEqualTo("DENY");
        assertThat(api.get("/api/v1/policies/baseline", owner.accessToken()).body().path("version").asInt())
                .isEqualTo(1);

        Path broken = Files.writeString(home.resolve("broken.yaml"), DRAFT_ALLOWING_SHELL.replace("allow: true",
                "allow: sometimes"));
        CliRun refused = aasm(ownerKey, "policy", "simulate", "--agent", "org-sim/research/planner",
                "--action-type", "TOOL_CALL", "--target", "shell", "--draft-file", broken.toString());
        assertThat(refused.exitCode()).as(refused.toString()).isEqualTo(ExitCodes.API_ERROR);
        assertThat(refused.err()).contains("aasm: 400 VALIDATION_FAILED", "spec.tools.shell.allow");
        assertThat(refused.out()).isEmpty();
    }

    @Test
    void anAgentKeyIsLookedUpInTheKeysWorkspaceOnly() throws IOException {
        Api.Response planner = api.post("/api/v1/agents", owner.accessToken(), json("org_id", "org-sim",
                "team_id", "research", "agent_id", "planner", "name", "Planner"));
        assertThat(planner.status()).as(planner.body().toString()).isEqualTo(201);
        Member other = tenants.signUp("pro");
        Api.Response theirs = api.post("/api/v1/agents", other.accessToken(), json("org_id", "org-sim",
                "team_id", "research", "agent_id", "theirs", "name", "Theirs"));
        assertThat(theirs.status()).as(theirs.body().toString()).isEqualTo(201);

        CliRun own = aasm(ownerKey, "policy", "simulate", "--agent-key", planner.text("agent_key"),
                "--action-type", "TOOL_CALL", "--target", "deploy", "-o", "json");
        assertThat(own.exitCode()).as(own.toString()).isZero();
        assertThat(own.json().path("decision").asText()).as("the registered agent's org is org-sim").isEqualTo("DENY");
        assertThat(own.json().path("policy_rule").asText()).isEqualTo("research-no-deploy/tools.deploy.allow");

        for (String key : new String[]{theirs.text("agent_key"), "agt-does-not-exist"}) {
            CliRun foreign = aasm(ownerKey, "policy", "simulate", "--agent-key", key,
                    "--action-type", "TOOL_CALL", "--target", "deploy");
            assertThat(foreign.exitCode()).as(foreign.toString()).isEqualTo(ExitCodes.NOT_FOUND);
            assertThat(foreign.err()).startsWith("aasm: 404 ").contains("NOT_FOUND");
            assertThat(foreign.out()).isEmpty();
        }
    }

    @Test
    void contextFieldsReachTheRequestAndBadCommandLinesExitWithTwo() {
        CliRun process = aasm(ownerKey, "policy", "simulate", "--agent", "org-sim/research/planner",
                "--action-type", "PROCESS_EXEC", "--target", "rm", "--context", "args=-rf", "--context", "args=/",
                "-o", "json");
        assertThat(process.exitCode()).as(process.toString()).isZero();
        CliRun network = aasm(ownerKey, "policy", "simulate", "--agent", "org-sim/research/planner",
                "--action-type", "NETWORK_CALL", "--target", "example.com", "--context", "port=443",
                "--context", "in_allowlist=true", "-o", "json");
        assertThat(network.exitCode()).as(network.toString()).isZero();
        CliRun unknownField = aasm(ownerKey, "policy", "simulate", "--agent", "org-sim/research/planner",
                "--action-type", "LLM_CALL", "--target", "gpt", "--context", "temperature=1");
        assertThat(unknownField.exitCode()).as(unknownField.toString()).isEqualTo(ExitCodes.API_ERROR);
        assertThat(unknownField.err()).contains("aasm: 400 VALIDATION_FAILED", "temperature");

        String[][] wrong = {
                {"--agent", "org-sim/research/planner", "--action-type", "TELEPORT", "--target", "x"},
                {"--agent", "org-sim/research", "--action-type", "TOOL_CALL", "--target", "x"},
                {"--action-type", "TOOL_CALL", "--target", "x"},
                {"--agent", "o/t/a", "--agent-key", "agt-x", "--action-type", "TOOL_CALL"},
                {"--agent", "o/t/a", "--action-type", "TOOL_CALL", "--context", "no-equals-sign"},
                {"--agent", "o/t/a", "--action-type", "AGENT_SPAWN", "--target", "child"},
                {"--agent", "o/t/a", "--action-type", "LLM_CALL", "--arg", "a=b"},
                {"--agent", "o/t/a", "--action-type", "TOOL_CALL", "--args-json", "[1]"},
                {"--agent", "o/t/a", "--action-type", "TOOL_CALL", "--at", "yesterday"},
                {"--agent", "o/t/a", "--action-type", "TOOL_CALL", "--draft-file", home.resolve("nope.yaml").toString()},
        };
        for (String[] options : wrong) {
            String[] args = new String[options.length + 2];
            args[0] = "policy";
            args[1] = "simulate";
            System.arraycopy(options, 0, args, 2, options.length);
            CliRun run = aasm(ownerKey, args);
            assertThat(run.exitCode()).as(String.join(" ", args) + "\n" + run).isEqualTo(ExitCodes.USAGE);
            assertThat(run.out()).isEmpty();
        }
    }
}
