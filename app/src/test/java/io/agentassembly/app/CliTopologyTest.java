package io.agentassembly.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.agentassembly.app.support.Api;
import io.agentassembly.app.support.IntegrationTest;
import io.agentassembly.app.support.Tenants.Member;
import io.agentassembly.cli.AasmCli;
import io.agentassembly.cli.ExitCodes;
import io.agentassembly.cli.Settings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Map;

import static io.agentassembly.app.support.Api.json;
import static org.assertj.core.api.Assertions.assertThat;

/** {@code aasm topology …} run in-process against the running product with a workspace API key. */
class CliTopologyTest extends IntegrationTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    record Run(int exitCode, String out, String err) {
        JsonNode json() throws IOException {
            return JSON.readTree(out);
        }

        @Override
        public String toString() {
            return "exit " + exitCode + "\n--- out\n" + out + "--- err\n" + err;
        }
    }

    @TempDir
    Path home;

    private Run aasm(String key, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exitCode = AasmCli.execute(args, new PrintWriter(out), new PrintWriter(err),
                new Settings(Map.of("AASM_API_URL", "http://127.0.0.1:" + port, "AASM_API_KEY", key), home));
        return new Run(exitCode, out.toString(), err.toString());
    }

    private String register(Member owner, String team, String agentId, String parentKey) {
        Api.Response created = api.post("/api/v1/agents", owner.accessToken(), parentKey == null
                ? json("org_id", "org-cli", "team_id", team, "agent_id", agentId, "name", agentId)
                : json("org_id", "org-cli", "team_id", team, "agent_id", agentId, "name", agentId,
                "parent_agent_key", parentKey));
        assertThat(created.status()).as(created.body().toString()).isEqualTo(201);
        return created.text("agent_key");
    }

    @Test
    void treeLineageTeamOverviewAndStatsAsTablesAndJson() throws IOException {
        Member owner = tenants.signUp("pro");
        String key = api.post("/api/v1/api-keys", owner.accessToken(), json("name", "cli")).text("token");
        String root = register(owner, "research", "planner", null);
        String child = register(owner, "research", "worker", root);
        String grandchild = register(owner, "ops", "runner", child);

        Run tree = aasm(key, "topology", "tree", "planner");
        assertThat(tree.exitCode()).as(tree.toString()).isZero();
        assertThat(tree.out().lines().toList()).hasSize(4)
                .anySatisfy(line -> assertThat(line).startsWith(root).contains(" planner "))
                .anySatisfy(line -> assertThat(line).startsWith(child).contains("   worker "))
                .anySatisfy(line -> assertThat(line).startsWith(grandchild).contains("     runner "));
        Run shallow = aasm(key, "topology", "tree", root, "--max-depth", "1", "-o", "json");
        assertThat(shallow.json().path("children").get(0).path("children")).isEmpty();

        Run lineage = aasm(key, "topology", "lineage", "runner", "--org-id", "org-cli", "-o", "json");
        assertThat(lineage.exitCode()).as(lineage.toString()).isZero();
        assertThat(lineage.json().path("ancestors")).extracting(a -> a.path("agent_key").asText())
                .containsExactly(child, root);

        Run team = aasm(key, "topology", "team", "research", "-o", "json");
        assertThat(team.json().path("agents")).extracting(a -> a.path("agent_id").asText())
                .containsExactly("planner", "worker");

        Run overview = aasm(key, "topology", "overview", "--org-id", "org-cli");
        assertThat(overview.exitCode()).as(overview.toString()).isZero();
        assertThat(overview.out()).contains(root, child, grandchild, "SOURCE");

        Run stats = aasm(key, "topology", "stats", "--window", "7d");
        assertThat(stats.exitCode()).as(stats.toString()).isZero();
        assertThat(stats.out()).contains("agents", "ACTIVE", "3");
    }

    @Test
    void anotherWorkspacesAgentExitsWithFourAndABadWindowWithOne() {
        Member owner = tenants.signUp("pro");
        String key = api.post("/api/v1/api-keys", owner.accessToken(), json("name", "cli")).text("token");
        Member other = tenants.signUp("pro");
        String theirs = register(other, "t", "theirs", null);
        for (String[] args : new String[][]{{"topology", "tree", theirs}, {"topology", "lineage", "theirs"}}) {
            Run run = aasm(key, args);
            assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCodes.NOT_FOUND);
            assertThat(run.err()).contains("AGENT_NOT_FOUND");
        }
        Run window = aasm(key, "topology", "stats", "--window", "2y");
        assertThat(window.exitCode()).as(window.toString()).isEqualTo(1);
        assertThat(window.err()).contains("window");
    }
}
