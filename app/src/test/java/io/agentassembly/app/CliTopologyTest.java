package io.agentassembly.app;

import io.agentassembly.app.support.CliRun;
import io.agentassembly.app.support.Api;
import io.agentassembly.app.support.IntegrationTest;
import io.agentassembly.app.support.Tenants.Member;
import io.agentassembly.cli.ExitCodes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

import static io.agentassembly.app.support.Api.json;
import static org.assertj.core.api.Assertions.assertThat;

/** {@code aasm topology …} run in-process against the running product with a workspace API key. */
class CliTopologyTest extends IntegrationTest {

    @TempDir
    Path home;

    private CliRun aasm(String key, String... args) {
        return CliRun.aasm(Map.of("AASM_API_URL", "http://127.0.0.1:" + port, "AASM_API_KEY", key), home, args);
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

        CliRun tree = aasm(key, "topology", "tree", "planner");
        assertThat(tree.exitCode()).as(tree.toString()).isZero();
        assertThat(tree.out().lines().toList()).hasSize(4)
                .anySatisfy(line -> assertThat(line).startsWith(root).contains(" planner "))
                .anySatisfy(line -> assertThat(line).startsWith(child).contains("   worker "))
                .anySatisfy(line -> assertThat(line).startsWith(grandchild).contains("     runner "));
        CliRun shallow = aasm(key, "topology", "tree", root, "--max-depth", "1", "-o", "json");
        assertThat(shallow.json().path("children").get(0).path("children")).isEmpty();

        CliRun lineage = aasm(key, "topology", "lineage", "runner", "--org-id", "org-cli", "-o", "json");
        assertThat(lineage.exitCode()).as(lineage.toString()).isZero();
        assertThat(lineage.json().path("ancestors")).extracting(a -> a.path("agent_key").asText())
                .containsExactly(child, root);

        CliRun team = aasm(key, "topology", "team", "research", "-o", "json");
        assertThat(team.json().path("agents")).extracting(a -> a.path("agent_id").asText())
                .containsExactly("planner", "worker");

        CliRun overview = aasm(key, "topology", "overview", "--org-id", "org-cli");
        assertThat(overview.exitCode()).as(overview.toString()).isZero();
        assertThat(overview.out()).contains(root, child, grandchild, "SOURCE");

        CliRun stats = aasm(key, "topology", "stats", "--window", "7d");
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
            CliRun run = aasm(key, args);
            assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCodes.NOT_FOUND);
            assertThat(run.err()).contains("AGENT_NOT_FOUND");
        }
        CliRun window = aasm(key, "topology", "stats", "--window", "2y");
        assertThat(window.exitCode()).as(window.toString()).isEqualTo(1);
        assertThat(window.err()).contains("window");
    }
}
