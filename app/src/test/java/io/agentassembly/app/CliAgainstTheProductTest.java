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
import java.time.Duration;
import java.util.Map;

import static io.agentassembly.app.support.Api.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The {@code aasm} command-line client, run in-process against the running product with a workspace API key:
 * tables and JSON as a person and a script read them, and the exit codes scripts branch on (401 → 3, 403 → 3,
 * 404 → 4, a refused request → 1).
 */
class CliAgainstTheProductTest extends IntegrationTest {

    private static final String BASELINE = """
            apiVersion: agent-assembly/v1
            kind: Policy
            metadata: { name: cli-baseline }
            spec:
              scope: global
              tools: { shell: { allow: false } }
            """;

    @TempDir
    Path home;

    private Member owner;
    private String ownerKey;

    @BeforeEach
    void ownerWithApiKey() {
        owner = tenants.signUp("pro");
        ownerKey = apiKey(owner);
    }

    private String apiKey(Member member) {
        Api.Response created = api.post("/api/v1/api-keys", member.accessToken(), json("name", "cli"));
        assertThat(created.status()).as(created.body().toString()).isEqualTo(201);
        return created.text("token");
    }

    /** {@code aasm ARGS} with only AASM_API_URL and AASM_API_KEY set, and an empty home (no configuration file). */
    private CliRun aasm(String key, String... args) {
        return CliRun.aasm(Map.of("AASM_API_URL", "http://127.0.0.1:" + port, "AASM_API_KEY", key), home, args);
    }

    private String registerAgent(String team, String agentId) {
        Api.Response created = api.post("/api/v1/agents", owner.accessToken(), json("org_id", "org-cli",
                "team_id", team, "agent_id", agentId, "name", "Agent " + agentId));
        assertThat(created.status()).as(created.body().toString()).isEqualTo(201);
        return created.text("agent_key");
    }

    @Test
    void agentsAreListedAsATableAndAsJsonFilteredByOrgTeamAndStatus() throws IOException {
        String planner = registerAgent("research", "planner");
        String runner = registerAgent("ops", "runner");
        assertThat(api.post("/api/v1/agents/" + runner + "/suspend", owner.accessToken(), null).status()).isEqualTo(200);

        CliRun table = aasm(ownerKey, "agents", "list");
        assertThat(table.exitCode()).as(table.toString()).isZero();
        assertThat(table.lines().getFirst()).startsWith("AGENT_KEY").contains("ORG", "TEAM", "AGENT", "NAME", "STATUS");
        assertThat(table.lines()).hasSize(3)
                .anySatisfy(line -> assertThat(line).startsWith(planner).contains("org-cli", "research", "planner",
                        "Agent planner", "ACTIVE"))
                .anySatisfy(line -> assertThat(line).startsWith(runner).contains("ops", "SUSPENDED"));

        CliRun team = aasm(ownerKey, "agents", "list", "--org", "org-cli", "--team", "research", "--output", "json");
        assertThat(team.exitCode()).as(team.toString()).isZero();
        assertThat(team.json()).hasSize(1);
        assertThat(team.json().get(0).path("agent_key").asText()).isEqualTo(planner);
        assertThat(team.json().get(0).path("workspace_id").asText()).isEqualTo(owner.workspaceId());

        CliRun suspended = aasm(ownerKey, "agents", "list", "--status", "suspended", "-o", "json");
        assertThat(suspended.json()).extracting(agent -> agent.path("agent_key").asText()).containsExactly(runner);
        assertThat(aasm(ownerKey, "agents", "list", "--org", "org-elsewhere", "-o", "json").json()).isEmpty();

        CliRun one = aasm(ownerKey, "agents", "get", planner);
        assertThat(one.exitCode()).as(one.toString()).isZero();
        assertThat(one.out()).contains("agent_key", planner, "Agent planner").doesNotContain("aasa_");
    }

    @Test
    void anUnknownOrForeignAgentExitsWithFour() {
        Member other = tenants.signUp("pro");
        Api.Response foreign = api.post("/api/v1/agents", other.accessToken(), json("org_id", "org-cli",
                "team_id", "t", "agent_id", "theirs", "name", "Theirs"));
        assertThat(foreign.status()).isEqualTo(201);

        for (String key : new String[]{"agt-does-not-exist", foreign.text("agent_key")}) {
            CliRun run = aasm(ownerKey, "agents", "get", key);
            assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCodes.NOT_FOUND);
            assertThat(run.err()).startsWith("aasm: 404 ").contains("NOT_FOUND");
            assertThat(run.out()).isEmpty();
        }
        assertThat(aasm(ownerKey, "agents", "list", "-o", "json").out()).doesNotContain(foreign.text("agent_key"));
    }

    @Test
    void aPolicyFileIsAppliedOnceAndItsViolationsAreListed() throws IOException {
        Path file = Files.writeString(home.resolve("baseline.yaml"), BASELINE);

        CliRun created = aasm(ownerKey, "policy", "apply", "-f", file.toString());
        assertThat(created.exitCode()).as(created.toString()).isZero();
        assertThat(created.lines()).hasSize(2);
        assertThat(created.lines().getFirst()).startsWith("NAME").contains("VERSION", "STATUS", "ACTIVE", "DIGEST");
        assertThat(created.lines().get(1)).matches("cli-baseline +1 +created +true +sha256:[0-9a-f]{64}");

        CliRun again = aasm(ownerKey, "policy", "apply", "-f", file.toString(), "-o", "json");
        assertThat(again.exitCode()).as(again.toString()).isZero();
        assertThat(again.json().path("policies").get(0).path("status").asText()).isEqualTo("unchanged");
        assertThat(again.json().path("policies").get(0).path("version").asInt()).isEqualTo(1);

        Path json = Files.writeString(home.resolve("baseline.json"), "{\"apiVersion\":\"agent-assembly/v1\",\"kind\":"
                + "\"Policy\",\"metadata\":{\"name\":\"cli-baseline\"},\"spec\":{\"scope\":\"global\",\"tools\":"
                + "{\"shell\":{\"allow\":true}}}}");
        CliRun changed = aasm(ownerKey, "policy", "apply", "--file", json.toString(), "-o", "json");
        assertThat(changed.exitCode()).as(changed.toString()).isZero();
        assertThat(changed.json().path("policies").get(0).path("version").asInt()).isEqualTo(2);

        Path broken = Files.writeString(home.resolve("broken.yaml"), BASELINE.replace("allow: false", "limit_per_hour: -3"));
        CliRun refused = aasm(ownerKey, "policy", "apply", "-f", broken.toString());
        assertThat(refused.exitCode()).as(refused.toString()).isEqualTo(ExitCodes.API_ERROR);
        assertThat(refused.err()).contains("aasm: 400 VALIDATION_FAILED", "(field spec.tools.shell.limit_per_hour)",
                "  - document 1, line 6, column ");
        assertThat(refused.out()).isEmpty();
        assertThat(api.get("/api/v1/policies/cli-baseline", owner.accessToken()).body().path("version").asInt())
                .isEqualTo(2);
    }

    @Test
    void theAuditLogIsListedNewestFirstUpToTheLimitAcrossPages() throws IOException {
        for (int i = 1; i <= 3; i++) {
            registerAgent("audit", "a" + i);
        }
        await().atMost(Duration.ofSeconds(15)).until(() ->
                aasm(ownerKey, "audit", "list", "--event-type", "AgentRegistered", "-o", "json")
                        .json().path("entries").size() == 3);

        CliRun two = aasm(ownerKey, "audit", "list", "--event-type", "AgentRegistered", "--org-id", "org-cli",
                "--limit", "2", "-o", "json");
        assertThat(two.exitCode()).as(two.toString()).isZero();
        assertThat(two.json().path("entries")).hasSize(2)
                .allSatisfy(entry -> assertThat(entry.path("event_type").asText()).isEqualTo("AgentRegistered"));
        String cursor = two.json().path("next_cursor").asText();
        assertThat(cursor).isNotBlank();
        CliRun rest = aasm(ownerKey, "audit", "list", "--event-type", "AgentRegistered", "--cursor", cursor, "-o", "json");
        assertThat(rest.json().path("entries")).hasSize(1);
        assertThat(rest.json().path("next_cursor").isNull()).isTrue();
        assertThat(rest.json().path("entries").get(0).path("sequence").asLong())
                .isLessThan(two.json().path("entries").get(1).path("sequence").asLong());

        CliRun table = aasm(ownerKey, "audit", "list", "--event-type", "AgentRegistered", "--limit", "3");
        assertThat(table.exitCode()).as(table.toString()).isZero();
        assertThat(table.lines().getFirst()).startsWith("OCCURRED_AT").contains("EVENT_TYPE", "ACTOR", "ORG");
        assertThat(table.lines()).hasSize(4);
        assertThat(table.lines().subList(1, 4)).allSatisfy(line -> assertThat(line).contains("AgentRegistered", "org-cli"));

        CliRun unknownType = aasm(ownerKey, "audit", "list", "--event-type", "NoSuchEvent");
        assertThat(unknownType.exitCode()).isEqualTo(ExitCodes.API_ERROR);
        assertThat(unknownType.err()).contains("400 VALIDATION_FAILED", "(field event_type)");
    }

    @Test
    void aRefusedKeyOrAMissingPermissionExitsWithThree() {
        CliRun bogus = aasm("aask_not_a_real_key", "agents", "list");
        assertThat(bogus.exitCode()).as(bogus.toString()).isEqualTo(ExitCodes.AUTHENTICATION);
        assertThat(bogus.err()).contains("aasm: 401 AUTHENTICATION_FAILED", "check the API key")
                .doesNotContain("aask_not_a_real_key");

        Api.Response revoked = api.post("/api/v1/api-keys", owner.accessToken(), json("name", "revoked"));
        assertThat(api.delete("/api/v1/api-keys/" + revoked.text("key_id"), owner.accessToken()).status()).isEqualTo(204);
        assertThat(aasm(revoked.text("token"), "agents", "list").exitCode()).isEqualTo(ExitCodes.AUTHENTICATION);

        Member developer = tenants.invite(owner, "DEVELOPER");
        String developerKey = apiKey(developer);
        assertThat(aasm(developerKey, "agents", "list").exitCode()).isZero();
        Path file;
        try {
            file = Files.writeString(home.resolve("policy.yaml"), BASELINE);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        CliRun denied = aasm(developerKey, "policy", "apply", "-f", file.toString());
        assertThat(denied.exitCode()).as(denied.toString()).isEqualTo(ExitCodes.AUTHENTICATION);
        assertThat(denied.err()).contains("aasm: 403 PERMISSION_DENIED");
        assertThat(api.get("/api/v1/policies/cli-baseline", owner.accessToken()).status()).isEqualTo(404);
    }
}
