package io.agentassembly.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.agentassembly.app.support.AlertReceiver;
import io.agentassembly.app.support.AlertReceiver.Received;
import io.agentassembly.app.support.Api;
import io.agentassembly.app.support.GatewayClient.RegisteredAgent;
import io.agentassembly.app.support.GatewayIntegrationTest;
import io.agentassembly.gateway.proto.audit.v1.AuditEvent;
import io.agentassembly.gateway.proto.audit.v1.LLMCallDetail;
import io.agentassembly.gateway.proto.audit.v1.ReportEventsRequest;
import io.agentassembly.gateway.proto.common.v1.ActionType;
import io.agentassembly.gateway.proto.common.v1.Decision;
import io.agentassembly.gateway.proto.policy.v1.CheckActionRequest;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static io.agentassembly.app.BudgetEnforcementTest.envelope;
import static io.agentassembly.app.BudgetEnforcementTest.llmCall;
import static io.agentassembly.app.support.Api.json;
import static io.agentassembly.app.support.Api.map;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * End to end: an agent's reported usage crosses a budget's thresholds, the gateway records each threshold once,
 * and the alert outbox delivers each of them once to the workspace's webhook and Slack destinations.
 */
class BudgetAlertsTest extends GatewayIntegrationTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void thresholdsReachedByReportedUsageArriveOnceAtEachDestination() throws Exception {
        try (AlertReceiver receiver = new AlertReceiver()) {
            applyPolicies(envelope("""
                        monthly_limit_usd: 1000
                    """));
            Api.Response webhook = api.post("/api/v1/alert-destinations", owner.accessToken(),
                    json("name", "pager", "kind", "WEBHOOK", "url", receiver.url("/hooks/budget")));
            assertThat(webhook.status()).as(webhook.body().toString()).isEqualTo(201);
            Api.Response slack = api.post("/api/v1/alert-destinations", owner.accessToken(),
                    json("name", "ops", "kind", "SLACK", "url", receiver.url("/services/T9/B9/teamBudgetSecret1"),
                            "org_id", "org-alerts"));
            assertThat(slack.status()).as(slack.body().toString()).isEqualTo(201);
            receiver.failNext("/hooks/budget", 1);

            RegisteredAgent agent = gateway.register(apiKey, "org-alerts", "team-1", "spender");
            Api.Response budget = api.post("/api/v1/budgets", owner.accessToken(), map("name", "team tokens",
                    "scope", "team", "org_id", "org-alerts", "team_id", "team-1", "token_limit", 1000,
                    "window", "weekly", "action", "deny", "thresholds", List.of(50, 100)));
            assertThat(budget.status()).as(budget.body().toString()).isEqualTo(201);
            String budgetId = budget.text("budget_id");

            for (int i = 0; i < 2; i++) {
                CheckActionRequest check = llmCall(agent);
                assertThat(gateway.policy().checkAction(check).getDecision()).isEqualTo(Decision.ALLOW);
                report(agent, check, 350, 150);
            }

            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                assertThat(percents(receiver.at("/hooks/budget"), budgetId, true)).containsExactlyInAnyOrder(50, 100);
                assertThat(receiver.at("/services/T9/B9/teamBudgetSecret1")).hasSize(2);
            });
            Thread.sleep(1000);
            assertThat(percents(receiver.at("/hooks/budget"), budgetId, false)).as("one failed attempt, then each once")
                    .hasSize(3);
            assertThat(receiver.at("/services/T9/B9/teamBudgetSecret1")).extracting(Received::body)
                    .allSatisfy(body -> assertThat(body).contains("team tokens", "tokens"));
        }
    }

    /** The threshold percentages of the budget's alerts received (only those answered 200 if {@code accepted}). */
    private static List<Integer> percents(List<Received> received, String budgetId, boolean accepted) throws Exception {
        List<Integer> percents = new ArrayList<>();
        for (Received request : received) {
            JsonNode alert = JSON.readTree(request.body());
            if (budgetId.equals(alert.path("budget_id").asText()) && (!accepted || request.answered() == 200)) {
                percents.add(alert.path("threshold_percent").asInt());
            }
        }
        return percents;
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
