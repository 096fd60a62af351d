package io.agentassembly.app;

import com.fasterxml.jackson.databind.JsonNode;
import io.agentassembly.app.support.Api;
import io.agentassembly.app.support.GatewayClient;
import io.agentassembly.app.support.GatewayClient.RegisteredAgent;
import io.agentassembly.app.support.GatewayIntegrationTest;
import io.agentassembly.app.support.Tenants.Member;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** {@code GET /api/v1/logs?agent_key=}: the entries about one agent, within the caller's workspace only. */
class AuditAgentFilterTest extends GatewayIntegrationTest {

    @Test
    void theAgentFilterAnswersTheAgentsOwnEntriesOnly() {
        applyPolicies(policy("open", """
                  scope: global
                  tools:
                    "*":
                      allow: true
                """));
        RegisteredAgent watched = gateway.register(apiKey, "org-f", "team-1", "watched");
        RegisteredAgent other = gateway.register(apiKey, "org-f", "team-1", "other");
        String watchedKey = key(owner, "watched");
        for (int i = 0; i < 3; i++) {
            gateway.policy().checkAction(GatewayClient.toolCall(watched, watched.id(), "search"));
            gateway.policy().checkAction(GatewayClient.toolCall(other, other.id(), "search"));
        }

        List<JsonNode> entries = new ArrayList<>();
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
            entries.clear();
            api.get("/api/v1/logs?per_page=500&agent_key=" + watchedKey, owner.accessToken()).body().path("entries")
                    .forEach(entries::add);
            assertThat(entries.stream().filter(e -> e.path("event_type").asText().equals("AgentActionDecided")))
                    .hasSize(3);
        });
        assertThat(entries).allSatisfy(e -> assertThat(e.path("payload").path("agent_key").asText()).isEqualTo(watchedKey));
        assertThat(entries).extracting(e -> e.path("event_type").asText()).contains("AgentRegistered");

        Member stranger = tenants.signUp("pro");
        assertThat(api.get("/api/v1/logs?agent_key=" + watchedKey, stranger.accessToken()).body().path("entries"))
                .as("another workspace sees nothing of the agent").isEmpty();
    }

    @Test
    void entriesOlderThanTheTiersRetentionAreNoLongerServed() {
        gateway.register(apiKey, "org-f", "team-1", "aged");
        String agentKey = key(owner, "aged");
        await().atMost(Duration.ofSeconds(15)).until(() -> db.fetchCount(db.selectFrom("audit_entry")
                .where("workspace_id = ? and payload ->> 'agent_key' = ?", owner.workspaceId(), agentKey)) >= 1);
        long sequence = db.fetchValue("select max(global_sequence) from audit_entry where workspace_id = ? "
                + "and payload ->> 'agent_key' = ?", owner.workspaceId(), agentKey) instanceof Number n ? n.longValue() : -1;
        String path = "/api/v1/logs?per_page=500&agent_key=" + agentKey;

        db.execute("update audit_entry set occurred_at = now() - interval '30 days' + interval '1 minute' "
                + "where global_sequence = ?", sequence);
        assertThat(api.get(path, owner.accessToken()).body().path("entries")).as("just inside 30 days (pro)")
                .anySatisfy(e -> assertThat(e.path("sequence").asLong()).isEqualTo(sequence));

        db.execute("update audit_entry set occurred_at = now() - interval '30 days' - interval '1 minute' "
                + "where global_sequence = ?", sequence);
        assertThat(api.get(path, owner.accessToken()).body().path("entries")).as("just outside")
                .noneSatisfy(e -> assertThat(e.path("sequence").asLong()).isEqualTo(sequence));
        await().atMost(Duration.ofSeconds(30)).until(() -> db.fetchCount(db.selectFrom("audit_chain_head")
                .where("workspace_id = ? and last_sequence >= ?", owner.workspaceId(), sequence)) == 1);
        Api.Response export = api.get("/api/v1/audit/export?agent_key=" + agentKey, owner.accessToken());
        assertThat(export.status()).isEqualTo(200);
        assertThat(export.body().asText().lines()).as("nor exported")
                .noneMatch(line -> line.startsWith("{\"sequence\":" + sequence + ","))
                .last().asString().contains("\"from\":\"");
        assertThat(db.fetchCount(db.selectFrom("domainevententry").where("globalindex = ?", sequence)))
                .as("the event store stays append-only").isEqualTo(1);
    }

    private String key(Member member, String agentId) {
        for (JsonNode agent : api.get("/api/v1/agents?org_id=org-f", member.accessToken()).body()) {
            if (agentId.equals(agent.path("agent_id").asText())) {
                return agent.path("agent_key").asText();
            }
        }
        throw new AssertionError(agentId);
    }
}
