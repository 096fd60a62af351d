package io.agentassembly.app;

import com.fasterxml.jackson.databind.JsonNode;
import io.agentassembly.app.support.Api;
import io.agentassembly.app.support.GatewayClient.RegisteredAgent;
import io.agentassembly.app.support.GatewayIntegrationTest;
import io.agentassembly.app.support.Tenants.Member;
import io.agentassembly.gateway.proto.agent.v1.RegisterRequest;
import io.agentassembly.gateway.proto.common.v1.AgentId;
import io.agentassembly.gateway.proto.topology.v1.ReportEdgeRequest;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static io.agentassembly.app.support.Api.json;
import static org.assertj.core.api.Assertions.assertThat;

/** REST topology: overview, tree, team, lineage and stats, each scoped to the caller's workspace and org_id. */
class TopologyRestTest extends GatewayIntegrationTest {

    private RegisteredAgent register(String org, String team, String agent, String parent) {
        AgentId id = AgentId.newBuilder().setOrgId(org).setTeamId(team).setAgentId(agent).build();
        RegisterRequest.Builder request = RegisterRequest.newBuilder().setAgentId(id).setName(agent);
        if (parent != null) {
            request.setParentAgentId(parent).setDelegationReason("delegated").setSpawnedByTool("spawn");
        }
        return new RegisteredAgent(id, gateway.lifecycle(apiKey).register(request.build()).getCredentialToken());
    }

    private String keyOf(Member member, String org, String agent) {
        for (JsonNode node : api.get("/api/v1/agents?org_id=" + org, member.accessToken()).body()) {
            if (agent.equals(node.path("agent_id").asText())) {
                return node.path("agent_key").asText();
            }
        }
        throw new AssertionError("no agent " + agent);
    }

    private static List<String> ids(JsonNode agents) {
        List<String> ids = new ArrayList<>();
        agents.forEach(agent -> ids.add(agent.path("agent_id").asText()));
        return ids;
    }

    @Test
    void treeLineageTeamOverviewAndStatsShowTheDelegationsAndReportedEdges() {
        register("org-r", "team-1", "root", null);
        RegisteredAgent child = register("org-r", "team-1", "child", "root");
        register("org-r", "team-2", "grandchild", "child");
        register("org-s", "team-1", "other-org", null);
        gateway.topology(child.credentialToken()).reportEdge(ReportEdgeRequest.newBuilder()
                .setTargetAgentId("grandchild").setEdgeType("calls").build());
        Member viewer = tenants.invite(owner, "VIEWER");

        Api.Response tree = api.get("/api/v1/topology/tree/root", viewer.accessToken());
        assertThat(tree.status()).as(tree.body().toString()).isEqualTo(200);
        assertThat(tree.body().path("agent").path("agent_id").asText()).isEqualTo("root");
        JsonNode childNode = tree.body().path("children").get(0);
        assertThat(childNode.path("agent").path("agent_id").asText()).isEqualTo("child");
        assertThat(childNode.path("agent").path("delegation_reason").asText()).isEqualTo("delegated");
        assertThat(childNode.path("children").get(0).path("agent").path("depth").asInt()).isEqualTo(2);
        String rootKey = keyOf(owner, "org-r", "root");
        assertThat(api.get("/api/v1/topology/tree/" + rootKey + "?max_depth=1", viewer.accessToken()).body()
                .path("children").get(0).path("children")).isEmpty();

        Api.Response lineage = api.get("/api/v1/topology/lineage/grandchild?org_id=org-r", viewer.accessToken());
        assertThat(lineage.status()).isEqualTo(200);
        assertThat(ids(lineage.body().path("ancestors"))).containsExactly("child", "root");
        assertThat(lineage.body().path("edges").get(0).path("edge_type").asText()).isEqualTo("calls");
        assertThat(lineage.body().path("edges").get(0).path("source_agent_key").asText())
                .isEqualTo(keyOf(owner, "org-r", "child"));

        Api.Response team = api.get("/api/v1/topology/team/team-1", viewer.accessToken());
        assertThat(ids(team.body().path("agents"))).containsExactlyInAnyOrder("root", "child", "other-org");
        assertThat(ids(api.get("/api/v1/topology/team/team-1?org_id=org-r", viewer.accessToken()).body()
                .path("agents"))).containsExactly("root", "child");

        Api.Response overview = api.get("/api/v1/topology/overview?org_id=org-r", viewer.accessToken());
        assertThat(overview.body().path("agent_count").asInt()).isEqualTo(3);
        assertThat(overview.body().path("root_count").asInt()).isEqualTo(1);
        assertThat(overview.body().path("orgs")).hasSize(1);
        assertThat(overview.body().path("orgs").get(0).path("teams")).hasSize(2);
        assertThat(overview.body().path("edges")).hasSize(1);
        assertThat(api.get("/api/v1/topology/overview?org_id=org-s", viewer.accessToken()).body().path("edges")).isEmpty();
        assertThat(api.get("/api/v1/topology/overview", viewer.accessToken()).body().path("agent_count").asInt())
                .isEqualTo(4);

        Api.Response stats = api.get("/api/v1/topology/stats?org_id=org-r", viewer.accessToken());
        assertThat(stats.status()).isEqualTo(200);
        assertThat(stats.body().path("agents_by_status").path("ACTIVE").asInt()).isEqualTo(3);

        gateway.policy().checkAction(io.agentassembly.app.support.GatewayClient.toolCall(child, "wire_money", null,
                null));
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(20)).untilAsserted(() -> {
            JsonNode counted = api.get("/api/v1/topology/stats?org_id=org-r&window=1h", viewer.accessToken()).body();
            assertThat(counted.path("decisions_by_outcome").path("DENY").asInt()).as(counted.toString()).isEqualTo(1);
            assertThat(counted.path("top_denied_targets").get(0).path("name").asText()).contains("wire_money");
        });
        assertThat(api.get("/api/v1/topology/stats?org_id=org-s", viewer.accessToken()).body()
                .path("decisions_by_outcome")).isEmpty();
    }

    @Test
    void anotherWorkspaceOrOrgSeesNoneOfIt() {
        register("org-r", "team-1", "root", null);
        register("org-r", "team-1", "child", "root");
        String rootKey = keyOf(owner, "org-r", "root");
        Member stranger = tenants.signUp("pro");

        for (String path : List.of("/api/v1/topology/tree/root", "/api/v1/topology/tree/" + rootKey,
                "/api/v1/topology/lineage/child", "/api/v1/topology/lineage/" + rootKey,
                "/api/v1/topology/tree/" + rootKey + "?org_id=org-s")) {
            Member who = path.contains("org_id=org-s") ? owner : stranger;
            Api.Response response = api.get(path, who.accessToken());
            assertThat(response.status()).as(path).isEqualTo(404);
            assertThat(response.text("code")).isEqualTo("AGENT_NOT_FOUND");
        }
        assertThat(api.get("/api/v1/topology/team/team-1", stranger.accessToken()).body().path("agents")).isEmpty();
        assertThat(api.get("/api/v1/topology/overview", stranger.accessToken()).body().path("agent_count").asInt())
                .isZero();
        assertThat(api.get("/api/v1/topology/stats", stranger.accessToken()).body().path("agents_by_status")).isEmpty();
        assertThat(api.get("/api/v1/topology/team/team-1?org_id=org-s", owner.accessToken()).body().path("agents"))
                .isEmpty();
    }

    @Test
    void badParametersAreRefusedNamingThem() {
        Api.Response window = api.deliberatelyInvalid().get("/api/v1/topology/stats?window=2y", owner.accessToken());
        assertThat(window.status()).isEqualTo(400);
        assertThat(window.text("field")).isEqualTo("window");
        register("org-r", "team-1", "root", null);
        Api.Response depth = api.deliberatelyInvalid().get("/api/v1/topology/tree/root?max_depth=65", owner.accessToken());
        assertThat(depth.status()).isEqualTo(400);
        assertThat(depth.text("field")).isEqualTo("max_depth");
        assertThat(api.deliberatelyInvalid().get("/api/v1/topology/overview", null).status()).isEqualTo(401);
    }
}
