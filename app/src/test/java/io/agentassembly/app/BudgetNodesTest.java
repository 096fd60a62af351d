package io.agentassembly.app;

import io.agentassembly.app.support.Api;
import io.agentassembly.app.support.AppInstances;
import io.agentassembly.app.support.GatewayClient;
import io.agentassembly.app.support.GatewayClient.RegisteredAgent;
import io.agentassembly.app.support.IntegrationTest;
import io.agentassembly.app.support.TestDatabase;
import io.agentassembly.app.support.Tenants;
import io.agentassembly.app.support.Tenants.Member;
import io.agentassembly.gateway.budget.BudgetBook;
import io.agentassembly.gateway.budget.SpendCounters;
import io.agentassembly.gateway.budget.SpendLimit;
import io.agentassembly.gateway.proto.common.v1.Decision;
import org.jooq.DSLContext;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

import io.agentassembly.gateway.proto.audit.v1.AuditEvent;
import io.agentassembly.gateway.proto.audit.v1.LLMCallDetail;
import io.agentassembly.gateway.proto.audit.v1.ReportEventsRequest;
import io.agentassembly.gateway.proto.common.v1.ActionType;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.UUID;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import static io.agentassembly.app.BudgetEnforcementTest.llmCall;
import static io.agentassembly.app.support.Api.json;
import static io.agentassembly.app.support.AppInstances.grpcPort;
import static io.agentassembly.app.support.AppInstances.port;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Budgets across app nodes and restarts: two instances on one database share each limit (the database arbitrates
 * every claim), and the counters survive a restart and are rebuilt identically from the events.
 */
class BudgetNodesTest {

    private static final String POLICY = """
            apiVersion: agent-assembly/v1
            kind: Policy
            metadata:
              name: spend
            spec:
              scope: global
              tools:
                "*":
                  allow: true
              budget:
                org_daily_limit_usd: %s
            """;

    @Test
    void twoNodesRacingOnOneLimitOverspendByAtMostOneReservationPerAgent() throws Exception {
        TestDatabase.Connection3 database = TestDatabase.create("budget_nodes");
        try (ConfigurableApplicationContext first = AppInstances.start(database);
             ConfigurableApplicationContext second = AppInstances.start(database);
             GatewayClient one = new GatewayClient(grpcPort(first));
             GatewayClient two = new GatewayClient(grpcPort(second))) {
            Api api = new Api(port(first));
            Member owner = new Tenants(api, IntegrationTest.MAIL).signUp("business");
            String apiKey = api.post("/api/v1/api-keys", owner.accessToken(), json("name", "agents")).text("token");
            assertThat(api.send("POST", "/api/v1/policies", owner.accessToken(), "application/yaml",
                    POLICY.formatted("0.20")).status()).isEqualTo(200);

            List<RegisteredAgent> agents = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                agents.add((i % 2 == 0 ? one : two).register(apiKey, "org-shared", "team-" + (i % 4), "node-racer-" + i));
            }
            AtomicInteger allowed = new AtomicInteger();
            ExecutorService pool = Executors.newFixedThreadPool(16);
            try {
                List<Future<?>> racing = new ArrayList<>();
                for (int i = 0; i < agents.size(); i++) {
                    RegisteredAgent agent = agents.get(i);
                    GatewayClient node = i % 2 == 0 ? one : two;
                    racing.add(pool.submit((Callable<Void>) () -> {
                        for (int call = 0; call < 6; call++) {
                            if (node.policy().checkAction(llmCall(agent)).getDecision() == Decision.ALLOW) {
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
            BigDecimal reserved = first.getBean(DSLContext.class).fetchOne(
                    "select sum(reserved_usd) from spend_counter where workspace_id = ? and limit_key = ?",
                    owner.workspaceId(), "envelope:org:org-shared:daily").get(0, BigDecimal.class);
            assertThat(reserved).isEqualByComparingTo(new BigDecimal("0.01").multiply(BigDecimal.valueOf(allowed.get())));
            assertThat(allowed.get()).as("20 reservations fill the limit, and the nodes do not each get 20")
                    .isBetween(20, 20 + 16);
            assertThat(one.policy().checkAction(llmCall(agents.get(0))).getDecision()).isEqualTo(Decision.DENY);
            assertThat(two.policy().checkAction(llmCall(agents.get(1))).getDecision()).isEqualTo(Decision.DENY);
        }
    }

    @Test
    void spendAndDecisionsAreTheSameAfterARestartAndAfterTheCountersAreRebuiltFromTheEvents() throws Exception {
        TestDatabase.Connection3 database = TestDatabase.create("budget_restart");
        Member owner;
        String apiKey;
        RegisteredAgent agent;
        try (ConfigurableApplicationContext node = AppInstances.start(database);
             GatewayClient gateway = new GatewayClient(grpcPort(node))) {
            Api api = new Api(port(node));
            owner = new Tenants(api, IntegrationTest.MAIL).signUp("pro");
            apiKey = api.post("/api/v1/api-keys", owner.accessToken(), json("name", "agents")).text("token");
            assertThat(api.send("POST", "/api/v1/policies", owner.accessToken(), "application/yaml",
                    POLICY.formatted("0.05")).status()).isEqualTo(200);
            agent = gateway.register(apiKey, "org-r", "team-1", "restarter");
            for (int i = 0; i < 3; i++) {
                var check = llmCall(agent);
                assertThat(gateway.policy().checkAction(check).getDecision()).isEqualTo(Decision.ALLOW);
                if (i == 0) {
                    gateway.audit(agent.credentialToken()).reportEvents(ReportEventsRequest.newBuilder().addEvents(
                            AuditEvent.newBuilder().setEventId(UUID.randomUUID().toString()).setAgentId(agent.id())
                                    .setActionType(ActionType.LLM_CALL).setDecision(Decision.ALLOW)
                                    .setTraceId(check.getTraceId()).setSpanId(check.getSpanId())
                                    .setLlmCall(LLMCallDetail.newBuilder().setModel("house-model-7")
                                            .setPromptTokens(100).setCompletionTokens(50))).build());
                }
            }
        }

        try (ConfigurableApplicationContext node = AppInstances.start(database);
             GatewayClient gateway = new GatewayClient(grpcPort(node))) {
            DSLContext db = node.getBean(DSLContext.class);
            assertThat(reserved(db, owner)).as("after the restart: two open reservations, one settled")
                    .isEqualByComparingTo("0.02");
            assertThat(gateway.policy().checkAction(llmCall(agent)).getDecision()).isEqualTo(Decision.ALLOW);
            assertThat(gateway.policy().checkAction(llmCall(agent)).getDecision()).isEqualTo(Decision.ALLOW);
            String before = counters(db, owner);
            assertThat(before).contains(",150,");
            await().atMost(Duration.ofSeconds(15)).until(() -> db.fetchCount(db.selectFrom("audit_entry")
                    .where("workspace_id = ? and event_type = 'AgentUsageRecorded'", owner.workspaceId())) == 1);

            SpendCounters counters = node.getBean(SpendCounters.class);
            List<SpendLimit> limits = node.getBean(BudgetBook.class).current(owner.workspaceId())
                    .forAgent(agentKey(db, owner), "org-r", "team-1");
            assertThat(counters.rebuild(owner.workspaceId(), limits)).isEqualTo(1);
            assertThat(counters(db, owner)).as("rebuilt from the events").isEqualTo(before);
            assertThat(gateway.policy().checkAction(llmCall(agent)).getDecision()).isEqualTo(Decision.ALLOW);
            assertThat(gateway.policy().checkAction(llmCall(agent)).getDecision()).isEqualTo(Decision.DENY);
        }
    }

    private static BigDecimal reserved(DSLContext db, Member owner) {
        return db.fetchOne("select sum(reserved_usd) from spend_counter where workspace_id = ? and limit_key = ?",
                owner.workspaceId(), "envelope:org:org-r:daily").get(0, BigDecimal.class);
    }

    private static String counters(DSLContext db, Member owner) {
        return db.fetch("""
                select limit_key, epoch_start, sum(used_usd)::text, sum(used_tokens), sum(reserved_usd)::text,
                       sum(reserved_tokens)
                from spend_counter where workspace_id = ? group by limit_key, epoch_start
                order by limit_key, epoch_start""", owner.workspaceId())
                .formatCSV();
    }

    private static String agentKey(DSLContext db, Member owner) {
        return db.fetchValue("select agent_key from agent_view where workspace_id = ?", owner.workspaceId()).toString();
    }
}
