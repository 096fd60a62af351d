package io.agentassembly.app;

import io.agentassembly.app.support.Api;
import io.agentassembly.app.support.GatewayClient;
import io.agentassembly.app.support.GatewayClient.RegisteredAgent;
import io.agentassembly.app.support.GatewayIntegrationTest;
import io.agentassembly.app.support.Tenants.Member;
import io.agentassembly.gateway.proto.common.v1.ActionType;
import io.agentassembly.gateway.proto.common.v1.AgentId;
import io.agentassembly.gateway.proto.common.v1.AgentIdentityAssurance;
import io.agentassembly.gateway.proto.common.v1.Decision;
import io.agentassembly.gateway.proto.policy.v1.ActionContext;
import io.agentassembly.gateway.proto.policy.v1.BatchCheckRequest;
import io.agentassembly.gateway.proto.policy.v1.CheckActionRequest;
import io.agentassembly.gateway.proto.policy.v1.CheckActionResponse;
import io.agentassembly.gateway.proto.policy.v1.LLMCallContext;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.UUID;

import static io.agentassembly.app.support.Api.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** CheckAction over real gRPC: authentication, impersonation, fail-closed default, durable decisions. */
class GatewayCheckActionTest extends GatewayIntegrationTest {

    @Test
    void aRegisteredAgentIsDeniedWithNoPolicyInForceAndTheDecisionIsDurable() {
        RegisteredAgent agent = gateway.register(apiKey, "org-a", "team-1", "planner");
        assertThat(agent.credentialToken()).startsWith("aasa_");

        CheckActionRequest request = GatewayClient.toolCall(agent, agent.id(), "search");
        CheckActionResponse response = gateway.policy().checkAction(request);

        assertThat(response.getDecision()).isEqualTo(Decision.DENY);
        assertThat(response.getReason()).isEqualTo("no policy in force");
        assertThat(response.getPolicyRule()).isEqualTo("default_deny");
        assertThat(response.getAgentIdentityAssurance()).isEqualTo(AgentIdentityAssurance.AGENT_IDENTITY_ASSURANCE_ASSERTED);
        assertThat(response.getDecisionLatencyUs()).isPositive();
        String stored = (String) db.fetchValue("select convert_from(payload, 'UTF8') from domainevententry "
                + "where payloadtype like '%AgentActionDecidedEvent' and convert_from(payload, 'UTF8') like ?",
                "%" + request.getTraceId() + "%");
        assertThat(stored).contains("\"decision\":\"DENY\"").contains("\"org_id\":\"org-a\"")
                .contains(request.getSpanId()).doesNotContain(agent.credentialToken().substring(38));
    }

    @Test
    void anUnknownClaimIsUnattributedAndBadRequestsAreRefused() {
        RegisteredAgent agent = gateway.register(apiKey, "org-a", "team-1", "worker");
        CheckActionResponse unattributed = gateway.policy().checkAction(
                GatewayClient.toolCall(agent, AgentId.getDefaultInstance(), "search"));
        assertThat(unattributed.getAgentIdentityAssurance())
                .isEqualTo(AgentIdentityAssurance.AGENT_IDENTITY_ASSURANCE_UNATTRIBUTED);

        assertStatus(() -> gateway.policy().checkAction(GatewayClient.toolCall(
                new RegisteredAgent(agent.id(), "aasa_" + "0".repeat(32) + "_" + "A".repeat(43)), agent.id(), "x")),
                Status.Code.UNAUTHENTICATED);
        assertStatus(() -> gateway.policy().checkAction(GatewayClient.toolCall(agent, agent.id(), "x").toBuilder()
                .setActionType(ActionType.ACTION_UNSPECIFIED).build()), Status.Code.INVALID_ARGUMENT);
        assertStatus(() -> gateway.policy().checkAction(GatewayClient.toolCall(agent, agent.id(), "x").toBuilder()
                .setActionType(ActionType.LLM_CALL).build()), Status.Code.INVALID_ARGUMENT);
    }

    @Test
    void impersonationAcrossOrgsIsDeniedAndAudited() {
        RegisteredAgent attacker = gateway.register(apiKey, "org-a", "team-1", "mallory");
        RegisteredAgent victim = gateway.register(apiKey, "org-b", "team-9", "payments");

        CheckActionResponse response = gateway.policy().checkAction(GatewayClient.toolCall(attacker, victim.id(), "pay"));

        assertThat(response.getDecision()).isEqualTo(Decision.DENY);
        assertThat(response.getReason()).isEqualTo("credential token registered to a different agent");
        assertThat(response.getPolicyRule()).isEqualTo("a2a_identity_verification");
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
            Api.Response logs = api.get("/api/v1/logs?event_type=A2AImpersonationAttempted&org_id=org-b", owner.accessToken());
            assertThat(logs.status()).isEqualTo(200);
            assertThat(logs.body().path("entries")).hasSize(1);
            var payload = logs.body().path("entries").get(0).path("payload");
            assertThat(payload.path("claimed_org_id").asText()).isEqualTo("org-b");
            assertThat(payload.path("owner_org_id").asText()).isEqualTo("org-a");
            assertThat(payload.path("owner_agent_id").asText()).isEqualTo("mallory");
        });
        assertThat(api.get("/api/v1/logs?event_type=A2AImpersonationAttempted&org_id=org-c", owner.accessToken())
                .body().path("entries")).isEmpty();
    }

    @Test
    void suspensionRotationAndRevocationApplyAtOnce() {
        RegisteredAgent agent = gateway.register(apiKey, "org-a", "team-1", "cron");
        String agentKey = api.get("/api/v1/agents?org_id=org-a", owner.accessToken()).body().get(0).path("agent_key").asText();

        api.post("/api/v1/agents/" + agentKey + "/suspend", owner.accessToken(), json("reason", "incident 42"));
        CheckActionResponse suspended = gateway.policy().checkAction(GatewayClient.toolCall(agent, agent.id(), "search"));
        assertThat(suspended.getDecision()).isEqualTo(Decision.DENY);
        assertThat(suspended.getReason()).contains("suspended");

        api.post("/api/v1/agents/" + agentKey + "/resume", owner.accessToken(), null);
        assertThat(gateway.policy().checkAction(GatewayClient.toolCall(agent, agent.id(), "search")).getReason())
                .isEqualTo("no policy in force");

        String rotated = api.post("/api/v1/agents/" + agentKey + "/credential/rotate", owner.accessToken(), null)
                .text("credential_token");
        assertStatus(() -> gateway.policy().checkAction(GatewayClient.toolCall(agent, agent.id(), "search")),
                Status.Code.UNAUTHENTICATED);
        RegisteredAgent renewed = new RegisteredAgent(agent.id(), rotated);
        assertThat(gateway.policy().checkAction(GatewayClient.toolCall(renewed, agent.id(), "search")).getDecision())
                .isEqualTo(Decision.DENY);

        api.post("/api/v1/agents/" + agentKey + "/revoke", owner.accessToken(), null);
        assertStatus(() -> gateway.policy().checkAction(GatewayClient.toolCall(renewed, agent.id(), "search")),
                Status.Code.UNAUTHENTICATED);
    }

    @Test
    void registrationNeedsAnApiKeyThatMayManageAgents() {
        assertStatus(() -> gateway.register(null, "org-a", "t", "anon"), Status.Code.UNAUTHENTICATED);
        assertStatus(() -> gateway.register("aask_" + "0".repeat(32) + "_" + "A".repeat(43), "org-a", "t", "x"),
                Status.Code.UNAUTHENTICATED);
        Member developer = tenants.invite(owner, "DEVELOPER");
        String developerKey = api.post("/api/v1/api-keys", developer.accessToken(), json("name", "dev")).text("token");
        assertStatus(() -> gateway.register(developerKey, "org-a", "t", "x"), Status.Code.PERMISSION_DENIED);
        gateway.register(apiKey, "org-a", "t", "dup");
        assertStatus(() -> gateway.register(apiKey, "org-a", "t", "dup"), Status.Code.ALREADY_EXISTS);
        assertStatus(() -> gateway.register(apiKey, "org a", "t", "bad id"), Status.Code.INVALID_ARGUMENT);
    }

    @Test
    void batchCheckAnswersInRequestOrder() {
        RegisteredAgent agent = gateway.register(apiKey, "org-a", "team-1", "batcher");
        RegisteredAgent other = gateway.register(apiKey, "org-b", "team-1", "other");
        BatchCheckRequest batch = BatchCheckRequest.newBuilder()
                .addRequests(GatewayClient.toolCall(agent, agent.id(), "search"))
                .addRequests(GatewayClient.toolCall(agent, other.id(), "search"))
                .addRequests(CheckActionRequest.newBuilder().setCredentialToken(agent.credentialToken())
                        .setAgentId(agent.id()).setTraceId(UUID.randomUUID().toString()).setActionType(ActionType.LLM_CALL)
                        .setContext(ActionContext.newBuilder().setLlmCall(LLMCallContext.newBuilder().setModel("gpt-x"))))
                .build();
        var responses = gateway.policy().batchCheck(batch).getResponsesList();
        assertThat(responses).extracting(CheckActionResponse::getReason).containsExactly(
                "no policy in force", "credential token registered to a different agent", "no policy in force");
    }

    /** The store refusing writes (a real PostgreSQL error) must never let a decision out unrecorded. */
    @Test
    void whenTheDecisionCannotBeRecordedTheAnswerIsUnavailable() {
        RegisteredAgent agent = gateway.register(apiKey, "org-a", "team-1", "unrecorded");
        CheckActionRequest request = GatewayClient.toolCall(agent, agent.id(), "search");
        db.execute("alter table domainevententry add constraint refuse_writes check (false) not valid");
        try {
            assertStatus(() -> gateway.policy().checkAction(request), Status.Code.UNAVAILABLE);
        } finally {
            db.execute("alter table domainevententry drop constraint refuse_writes");
        }
        assertThat(db.fetchCount(db.selectFrom("audit_entry").where("payload ->> 'trace_id' = ?", request.getTraceId())))
                .isZero();
        assertThat(gateway.policy().checkAction(GatewayClient.toolCall(agent, agent.id(), "search")).getDecision())
                .as("the gateway recovers once the store accepts writes again").isEqualTo(Decision.DENY);
    }

    private static void assertStatus(Runnable call, Status.Code code) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(StatusRuntimeException.class,
                e -> assertThat(e.getStatus().getCode()).as(e.getStatus().toString()).isEqualTo(code));
    }
}
