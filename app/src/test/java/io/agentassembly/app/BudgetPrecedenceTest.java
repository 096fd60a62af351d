package io.agentassembly.app;

import com.fasterxml.jackson.databind.JsonNode;
import io.agentassembly.app.support.Api;
import io.agentassembly.app.support.GatewayClient.RegisteredAgent;
import io.agentassembly.app.support.GatewayIntegrationTest;
import io.agentassembly.app.support.Tenants.Member;
import io.agentassembly.gateway.proto.audit.v1.AuditEvent;
import io.agentassembly.gateway.proto.audit.v1.LLMCallDetail;
import io.agentassembly.gateway.proto.audit.v1.ReportEventsRequest;
import io.agentassembly.gateway.proto.common.v1.ActionType;
import io.agentassembly.gateway.proto.common.v1.Decision;
import io.agentassembly.gateway.proto.policy.v1.CheckActionRequest;
import io.agentassembly.gateway.proto.policy.v1.CheckActionResponse;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static io.agentassembly.app.BudgetEnforcementTest.envelope;
import static io.agentassembly.app.BudgetEnforcementTest.llmCall;
import static io.agentassembly.app.ModelPricesTest.price;
import static io.agentassembly.app.ModelPricesTest.table;
import static io.agentassembly.app.support.Api.map;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Team and agent budgets beside the envelopes: every limit that applies is checked in envelope order, reservations
 * are priced with the workspace's price table, usage settles with its priced cost, thresholds are reached once, a
 * reset starts counting anew and an alert budget never denies.
 */
class BudgetPrecedenceTest extends GatewayIntegrationTest {

    /** 100 prompt tokens of house-model-7 at 100 USD per million in and out: an estimate of 0.02 USD. */
    private void priceTheModel() {
        assertThat(api.put("/api/v1/model-prices", owner.accessToken(),
                table(price("house-model-7", 100, 100))).status()).isEqualTo(200);
    }

    private String budget(Object... fields) {
        Api.Response created = api.post("/api/v1/budgets", owner.accessToken(), map(fields));
        assertThat(created.status()).as(created.body().toString()).isEqualTo(201);
        return created.text("budget_id");
    }

    @Test
    void aTeamBudgetDeniesBeforeTheAgentBudgetAndTheOrgEnvelopeStillHolds() {
        priceTheModel();
        applyPolicies(envelope("""
                    org_daily_limit_usd: 1.00
                """));
        RegisteredAgent agent = gateway.register(apiKey, "org-p", "team-a", "analyst");
        RegisteredAgent sibling = gateway.register(apiKey, "org-p", "team-b", "other");
        String team = budget("name", "team a daily", "scope", "team", "org_id", "org-p", "team_id", "team-a",
                "cost_limit_usd", 0.04, "window", "daily", "action", "deny");
        budget("name", "analyst hourly", "scope", "agent", "agent_key", agentKeyOf(owner, "org-p", "analyst"),
                "cost_limit_usd", 0.04, "window", "hourly", "action", "deny");

        assertThat(check(llmCall(agent)).getDecision()).isEqualTo(Decision.ALLOW);
        assertThat(check(llmCall(agent)).getDecision()).isEqualTo(Decision.ALLOW);
        CheckActionResponse denied = check(llmCall(agent));
        assertThat(denied.getDecision()).isEqualTo(Decision.DENY);
        assertThat(denied.getReason()).as("team before agent, and the reason names the budget")
                .startsWith("daily budget exceeded: team org-p/team-a (budget 'team a daily' " + team + ")")
                .contains("daily limit 0.04 USD");
        assertThat(check(llmCall(sibling)).getDecision()).as("another team of the org is not capped by it")
                .isEqualTo(Decision.ALLOW);

        applyPolicies(envelope("""
                    org_daily_limit_usd: 0.06
                """));
        CheckActionResponse org = check(llmCall(sibling));
        assertThat(org.getDecision()).isEqualTo(Decision.DENY);
        assertThat(org.getReason()).as("the org envelope, checked before team budgets, still holds")
                .startsWith("daily budget exceeded: org org-p");
    }

    @Test
    void usageSettlesAtItsPricedCostThresholdsAreReachedOnceAndAResetStartsAnew() {
        priceTheModel();
        applyPolicies(envelope("""
                    monthly_limit_usd: 1000
                """));
        RegisteredAgent agent = gateway.register(apiKey, "org-t", "team-1", "thresholds");
        String id = budget("name", "tokens", "scope", "team", "org_id", "org-t", "team_id", "team-1",
                "token_limit", 1000, "window", "weekly", "action", "deny", "thresholds", List.of(50, 80, 100));

        List<CheckActionRequest> checks = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            CheckActionRequest check = llmCall(agent);
            assertThat(check(check).getDecision()).isEqualTo(Decision.ALLOW);
            checks.add(check);
        }
        report(agent, checks.get(0), 350, 150);
        report(agent, checks.get(1), 350, 150);
        assertThat(thresholds(id)).as("500 then 1000 of 1000 tokens: each threshold reached once")
                .containsExactly(50, 80, 100);
        JsonNode reached = thresholdEntries(id).get(0).path("payload");
        assertThat(reached.path("metric").asText()).isEqualTo("TOKENS");
        assertThat(reached.path("tier").asText()).isEqualTo("TEAM");
        assertThat(reached.path("limit").decimalValue()).isEqualByComparingTo("1000");

        CheckActionResponse surely = check(llmCall(agent));
        assertThat(surely.getDecision()).isEqualTo(Decision.DENY);
        assertThat(surely.getReason()).startsWith("weekly budget exceeded: team org-t/team-1");

        assertThat(api.post("/api/v1/budgets/" + id + "/reset", owner.accessToken(), map("reason", "new quarter"))
                .status()).isEqualTo(200);
        assertThat(check(llmCall(agent)).getDecision()).as("a reset starts counting anew").isEqualTo(Decision.ALLOW);
    }

    @Test
    void anAlertBudgetNeverDenies() {
        priceTheModel();
        applyPolicies(envelope("""
                    monthly_limit_usd: 1000
                """));
        RegisteredAgent agent = gateway.register(apiKey, "org-al", "team-1", "alerted");
        budget("name", "watch", "scope", "team", "org_id", "org-al", "team_id", "team-1",
                "cost_limit_usd", 0.01, "window", "daily", "action", "alert");
        for (int i = 0; i < 4; i++) {
            assertThat(check(llmCall(agent)).getDecision()).isEqualTo(Decision.ALLOW);
        }
    }

    private List<Integer> thresholds(String budgetId) {
        List<Integer> reached = new ArrayList<>();
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
            reached.clear();
            thresholdEntries(budgetId).forEach(e -> reached.add(e.path("payload").path("threshold_percent").asInt()));
            assertThat(reached).hasSizeGreaterThanOrEqualTo(3);
        });
        reached.sort(Integer::compare);
        return reached;
    }

    private List<JsonNode> thresholdEntries(String budgetId) {
        List<JsonNode> entries = new ArrayList<>();
        api.get("/api/v1/logs?event_type=BudgetThresholdReached&per_page=500", owner.accessToken()).body()
                .path("entries").forEach(entry -> {
                    if (budgetId.equals(entry.path("payload").path("budget_id").asText())) {
                        entries.add(entry);
                    }
                });
        return entries;
    }

    private String agentKeyOf(Member member, String org, String agentId) {
        for (JsonNode agent : api.get("/api/v1/agents?org_id=" + org, member.accessToken()).body()) {
            if (agentId.equals(agent.path("agent_id").asText())) {
                return agent.path("agent_key").asText();
            }
        }
        throw new AssertionError("no agent " + agentId + " in " + org);
    }

    private CheckActionResponse check(CheckActionRequest request) {
        return gateway.policy().checkAction(request);
    }

    private void report(RegisteredAgent agent, CheckActionRequest check, int prompt, int completion) {
        gateway.audit(agent.credentialToken()).reportEvents(ReportEventsRequest.newBuilder().addEvents(
                AuditEvent.newBuilder().setEventId(UUID.randomUUID().toString()).setAgentId(agent.id())
                        .setActionType(ActionType.LLM_CALL).setDecision(Decision.ALLOW)
                        .setTraceId(check.getTraceId()).setSpanId(check.getSpanId())
                        .setLlmCall(LLMCallDetail.newBuilder().setModel("house-model-7").setProvider("house")
                                .setPromptTokens(prompt).setCompletionTokens(completion))).build());
    }
}
