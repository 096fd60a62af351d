package io.agentassembly.app;

import io.agentassembly.app.support.GatewayClient;
import io.agentassembly.app.support.GatewayClient.RegisteredAgent;
import io.agentassembly.app.support.GatewayIntegrationTest;
import io.agentassembly.gateway.budget.ReservationSweeper;
import io.agentassembly.gateway.proto.audit.v1.AuditEvent;
import io.agentassembly.gateway.proto.audit.v1.LLMCallDetail;
import io.agentassembly.gateway.proto.audit.v1.ReportEventsRequest;
import io.agentassembly.gateway.proto.common.v1.ActionType;
import io.agentassembly.gateway.proto.common.v1.Decision;
import io.agentassembly.gateway.proto.policy.v1.ActionContext;
import io.agentassembly.gateway.proto.policy.v1.CheckActionRequest;
import io.agentassembly.gateway.proto.policy.v1.CheckActionResponse;
import io.agentassembly.gateway.proto.policy.v1.LLMCallContext;
import org.jooq.Record;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Budget enforcement in CheckAction over real gRPC, with the limits of a global policy's {@code budget:} envelope:
 * each allowed LLM call reserves its estimate (here the default reservation, 0.01 USD: the test workspace has no
 * price for the model), and once a limit's reservations and settled use reach it the next call is denied by the
 * store that records it.
 */
class BudgetEnforcementTest extends GatewayIntegrationTest {

    static final BigDecimal RESERVATION = new BigDecimal("0.01");

    @Autowired
    ReservationSweeper sweeper;

    static String envelope(String budget) {
        return policy("spend", """
                  scope: global
                  tools:
                    "*":
                      allow: true
                    shell:
                      allow: false
                  budget:
                """ + budget);
    }

    @Test
    void anUsedUpOrgEnvelopeDeniesThatOrgOnlyWithTheUpstreamWordsAndTheLimitNamed() {
        applyPolicies(envelope("""
                    org_daily_limit_usd: 0.03
                    org_monthly_limit_usd: 100
                """));
        RegisteredAgent a = gateway.register(apiKey, "org-a", "team-1", "writer");
        RegisteredAgent b = gateway.register(apiKey, "org-b", "team-1", "writer");

        for (int i = 0; i < 3; i++) {
            assertThat(check(llmCall(a)).getDecision()).isEqualTo(Decision.ALLOW);
        }
        CheckActionRequest fourth = llmCall(a);
        CheckActionResponse denied = check(fourth);
        assertThat(denied.getDecision()).isEqualTo(Decision.DENY);
        assertThat(denied.getPolicyRule()).isEqualTo("BUDGET_EXCEEDED");
        assertThat(denied.getReason()).startsWith("daily budget exceeded: org org-a")
                .contains("daily limit 0.03 USD").contains("(UTC)");
        assertThat(check(GatewayClient.toolCall(a, a.id(), "search")).getDecision())
                .as("every action of the org is refused once its envelope is used up").isEqualTo(Decision.DENY);
        CheckActionResponse shell = check(GatewayClient.toolCall(a, a.id(), "shell"));
        assertThat(shell.getPolicyRule()).as("a policy DENY wins over any budget").isEqualTo("spend/tools.shell.allow");

        for (int i = 0; i < 3; i++) {
            assertThat(check(llmCall(b)).getDecision()).as("org-b has its own envelope").isEqualTo(Decision.ALLOW);
        }

        var audit = decisionAudit(owner, fourth.getTraceId()).path("payload");
        assertThat(audit.path("decision").asText()).isEqualTo("DENY");
        assertThat(audit.path("policy_rule").asText()).isEqualTo("BUDGET_EXCEEDED");
        assertThat(audit.path("budget_limit").asText()).isEqualTo("envelope:org:org-a:daily");
        assertThat(audit.path("reserved_usd").isNull()).isTrue();
        assertThat(counter("envelope:org:org-a:daily").get("reserved_usd", BigDecimal.class))
                .isEqualByComparingTo("0.03");
        assertThat(counter("envelope:org:org-b:daily").get("reserved_usd", BigDecimal.class))
                .isEqualByComparingTo("0.03");
    }

    @Test
    void sixteenAgentsRacingAtALimitOverspendByAtMostOneReservationEach() throws Exception {
        owner = tenants.signUp("business");
        String businessKey = apiKeyOf(owner);
        applyPolicies(envelope("""
                    org_daily_limit_usd: 0.10
                """));
        List<RegisteredAgent> agents = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            agents.add(gateway.register(businessKey, "org-race", "team-" + (i % 4), "racer-" + i));
        }
        AtomicInteger allowed = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(16);
        try {
            List<Future<?>> racing = new ArrayList<>();
            for (RegisteredAgent agent : agents) {
                racing.add(pool.submit((Callable<Void>) () -> {
                    for (int call = 0; call < 5; call++) {
                        if (check(llmCall(agent)).getDecision() == Decision.ALLOW) {
                            allowed.incrementAndGet();
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> future : racing) {
                future.get();
            }
        } finally {
            pool.shutdownNow();
        }
        BigDecimal reserved = counter("envelope:org:org-race:daily").get("reserved_usd", BigDecimal.class);
        assertThat(reserved).isEqualByComparingTo(RESERVATION.multiply(BigDecimal.valueOf(allowed.get())));
        assertThat(allowed.get()).as("the limit is reached").isGreaterThanOrEqualTo(10)
                .as("overspend is at most one in-flight reservation per agent").isLessThanOrEqualTo(10 + 16);
        assertThat(check(llmCall(agents.get(0))).getDecision()).isEqualTo(Decision.DENY);
    }

    @Test
    void usageSettlesItsReservationAndAnExpiredReservationIsReleased() {
        applyPolicies(envelope("""
                    daily_limit_usd: 0.02
                """));
        RegisteredAgent agent = gateway.register(apiKey, "org-s", "team-1", "settler");

        CheckActionRequest first = llmCall(agent);
        assertThat(check(first).getDecision()).isEqualTo(Decision.ALLOW);
        assertThat(check(llmCall(agent)).getDecision()).isEqualTo(Decision.ALLOW);
        assertThat(check(llmCall(agent)).getDecision()).as("two reservations fill the limit").isEqualTo(Decision.DENY);

        report(agent, first, 120, 30);
        Record global = counter("envelope:global:daily");
        assertThat(global.get("reserved_usd", BigDecimal.class)).as("the first reservation is settled")
                .isEqualByComparingTo("0.01");
        assertThat(global.get("used_tokens", Long.class)).isEqualTo(150L);
        assertThat(db.fetchCount(db.selectFrom("budget_reservation").where("agent_key = ?", agentKey(agent))))
                .isEqualTo(1);

        db.execute("update budget_reservation set expires_at = now() - interval '1 second' where agent_key = ?",
                agentKey(agent));
        assertThat(sweeper.releaseExpired()).isEqualTo(1);
        assertThat(counter("envelope:global:daily").get("reserved_usd", BigDecimal.class)).isEqualByComparingTo("0");
        assertThat(check(llmCall(agent)).getDecision()).as("released: the limit has room again")
                .isEqualTo(Decision.ALLOW);
    }

    @Test
    void aSuspendEnvelopeDeniesAndSuspendsTheAgent() {
        applyPolicies(envelope("""
                    org_daily_limit_usd: 0.01
                    action_on_exceed: suspend
                """));
        RegisteredAgent agent = gateway.register(apiKey, "org-x", "team-1", "spender");
        assertThat(check(llmCall(agent)).getDecision()).isEqualTo(Decision.ALLOW);
        CheckActionResponse denied = check(llmCall(agent));
        assertThat(denied.getDecision()).isEqualTo(Decision.DENY);
        assertThat(denied.getPolicyRule()).isEqualTo("BUDGET_EXCEEDED");
        String key = agentKeyOf(owner, "org-x");
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(api.get("/api/v1/agents/" + key, owner.accessToken()).text("status")).isEqualTo("SUSPENDED"));
    }

    private CheckActionResponse check(CheckActionRequest request) {
        return gateway.policy().checkAction(request);
    }

    private Record counter(String limitKey) {
        return db.fetchOne("""
                select sum(used_usd) as used_usd, sum(used_tokens) as used_tokens, sum(reserved_usd) as reserved_usd,
                       sum(reserved_tokens) as reserved_tokens
                from spend_counter where workspace_id = ? and limit_key = ?""", owner.workspaceId(), limitKey);
    }

    private String agentKey(RegisteredAgent agent) {
        return db.fetchValue("select agent_key from agent_view where workspace_id = ? and agent_id = ? and org_id = ?",
                owner.workspaceId(), agent.id().getAgentId(), agent.id().getOrgId()).toString();
    }

    static CheckActionRequest llmCall(RegisteredAgent agent) {
        return CheckActionRequest.newBuilder()
                .setAgentId(agent.id())
                .setCredentialToken(agent.credentialToken())
                .setTraceId(UUID.randomUUID().toString())
                .setSpanId(UUID.randomUUID().toString().substring(0, 16))
                .setActionType(ActionType.LLM_CALL)
                .setContext(ActionContext.newBuilder().setLlmCall(LLMCallContext.newBuilder()
                        .setModel("house-model-7").setPromptTokens(100)))
                .build();
    }

    private void report(RegisteredAgent agent, CheckActionRequest check, int prompt, int completion) {
        AuditEvent usage = AuditEvent.newBuilder()
                .setEventId(UUID.randomUUID().toString())
                .setAgentId(agent.id())
                .setActionType(ActionType.LLM_CALL)
                .setDecision(Decision.ALLOW)
                .setTraceId(check.getTraceId())
                .setSpanId(check.getSpanId())
                .setLlmCall(LLMCallDetail.newBuilder().setModel("house-model-7").setProvider("house")
                        .setPromptTokens(prompt).setCompletionTokens(completion))
                .build();
        gateway.audit(agent.credentialToken()).reportEvents(ReportEventsRequest.newBuilder().addEvents(usage).build());
    }
}
