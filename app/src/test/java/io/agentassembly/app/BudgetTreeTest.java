package io.agentassembly.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.agentassembly.app.support.CliRun;
import io.agentassembly.app.support.Api;
import io.agentassembly.app.support.GatewayClient.RegisteredAgent;
import io.agentassembly.app.support.GatewayIntegrationTest;
import io.agentassembly.app.support.Tenants.Member;
import io.agentassembly.command.api.common.Role;
import io.agentassembly.gateway.proto.common.v1.Decision;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;

import static io.agentassembly.app.BudgetEnforcementTest.envelope;
import static io.agentassembly.app.BudgetEnforcementTest.llmCall;
import static io.agentassembly.app.support.Api.map;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code GET /api/v1/costs/budget-tree}: org → team → agent with every limit and its use, scoped to the caller's
 * workspace and readable by every role; and {@code aasm budget status --org} printing it against the running product.
 */
class BudgetTreeTest extends GatewayIntegrationTest {

    @TempDir
    Path home;

    @Test
    void theTreeShowsEveryLimitWithItsUseAndTheCliPrintsItAsATableAndAsJson() throws Exception {
        applyPolicies(envelope("""
                    org_daily_limit_usd: 0.50
                """));
        RegisteredAgent agent = gateway.register(apiKey, "org-tree", "team-a", "leaf");
        gateway.register(apiKey, "org-other", "team-z", "elsewhere");
        String agentKey = api.get("/api/v1/agents?org_id=org-tree", owner.accessToken()).body().get(0)
                .path("agent_key").asText();
        Api.Response team = api.post("/api/v1/budgets", owner.accessToken(), map("name", "team a", "scope", "team",
                "org_id", "org-tree", "team_id", "team-a", "cost_limit_usd", 0.10, "window", "daily", "action", "deny"));
        assertThat(team.status()).isEqualTo(201);
        assertThat(api.post("/api/v1/budgets", owner.accessToken(), map("name", "leaf tokens", "scope", "agent",
                "agent_key", agentKey, "token_limit", 5000, "window", "monthly", "action", "alert")).status())
                .isEqualTo(201);
        assertThat(gateway.policy().checkAction(llmCall(agent)).getDecision()).isEqualTo(Decision.ALLOW);

        Api.Response tree = api.get("/api/v1/costs/budget-tree?org_id=org-tree", owner.accessToken());
        assertThat(tree.status()).as(tree.body().toString()).isEqualTo(200);
        JsonNode nodes = tree.body().path("nodes");
        assertThat(nodes).hasSize(1);
        JsonNode org = nodes.get(0);
        assertThat(org.path("kind").asText()).isEqualTo("org");
        assertThat(org.path("id").asText()).isEqualTo("org-tree");
        assertThat(org.path("limits").get(0).path("limit_key").asText()).isEqualTo("envelope:org:org-tree:daily");
        assertThat(org.path("limits").get(0).path("reserved_usd").decimalValue()).isEqualByComparingTo("0.01");
        assertThat(org.path("limits").get(0).path("percent").decimalValue()).isEqualByComparingTo("2.0");
        JsonNode teamNode = org.path("children").get(0);
        assertThat(teamNode.path("id").asText()).isEqualTo("org-tree/team-a");
        assertThat(teamNode.path("limits").get(0).path("budget_id").asText()).isEqualTo(team.text("budget_id"));
        assertThat(teamNode.path("limits").get(0).path("percent").decimalValue()).isEqualByComparingTo("10.0");
        JsonNode leaf = teamNode.path("children").get(0);
        assertThat(leaf.path("id").asText()).isEqualTo(agentKey);
        assertThat(leaf.path("limits").get(0).path("reserved_tokens").asLong()).isEqualTo(200);
        assertThat(leaf.path("limits").get(0).path("action").asText()).isEqualTo("alert");

        String key = apiKeyOf(owner);
        CliRun table = aasm(key, "budget", "status", "--org", "org-tree");
        assertThat(table.exitCode()).as(table.err()).isZero();
        assertThat(table.out()).contains("org-tree", "team-a", "leaf", team.text("budget_id"), "$0.10", "5000 tokens", "10%",
                "deny", "alert");
        CliRun json = aasm(key, "budget", "status", "--org", "org-tree", "--output", "json");
        assertThat(json.exitCode()).isZero();
        assertThat(new ObjectMapper().readTree(json.out()).path("nodes").get(0).path("id").asText()).isEqualTo("org-tree");
    }

    @Test
    void everyRoleReadsItAndNoWorkspaceSeesAnothersTree() {
        applyPolicies(envelope("""
                    org_daily_limit_usd: 0.50
                """));
        gateway.register(apiKey, "org-secret", "team-1", "hidden");
        Member viewer = tenants.invite(owner, Role.VIEWER.name());
        assertThat(api.get("/api/v1/costs/budget-tree", viewer.accessToken()).body().path("nodes").get(0)
                .path("id").asText()).isEqualTo("org-secret");

        Member stranger = tenants.signUp("pro");
        Api.Response foreign = api.get("/api/v1/costs/budget-tree?org_id=org-secret", stranger.accessToken());
        assertThat(foreign.status()).isEqualTo(200);
        assertThat(foreign.body().path("nodes")).as("another workspace's org is not there").isEmpty();
        assertThat(api.get("/api/v1/costs/budget-tree", null).status()).isEqualTo(401);
        assertThat(api.deliberatelyInvalid().get("/api/v1/costs/budget-tree?window=fortnightly", owner.accessToken())
                .text("field"))
                .isEqualTo("window");
    }

    private CliRun aasm(String key, String... args) {
        return CliRun.aasm(Map.of("AASM_API_URL", "http://127.0.0.1:" + port, "AASM_API_KEY", key), home, args);
    }
}
