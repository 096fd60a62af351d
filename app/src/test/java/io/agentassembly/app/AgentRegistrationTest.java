package io.agentassembly.app;

import com.fasterxml.jackson.databind.JsonNode;
import io.agentassembly.app.support.Api;
import io.agentassembly.app.support.IntegrationTest;
import io.agentassembly.app.support.Tenants.Member;
import io.agentassembly.command.api.agent.AgentKeys;
import io.agentassembly.identity.token.SecretTokens;
import org.jooq.DSLContext;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static io.agentassembly.app.support.Api.json;
import static io.agentassembly.schema.jooq.Tables.AGENT_REGISTRY;
import static io.agentassembly.schema.jooq.Tables.CREDENTIAL_DIGEST;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Agents over real HTTP: credentials shown once and never stored, quotas under concurrency, the triple, the lifecycle. */
class AgentRegistrationTest extends IntegrationTest {

    private static final String QUOTA_MESSAGE = "the free tier allows 3 agents; deregister one or upgrade";

    @Autowired
    DSLContext db;

    private Api.Response register(Member member, String orgId, String teamId, String agentId) {
        return api.post("/api/v1/agents", member.accessToken(),
                json("org_id", orgId, "team_id", teamId, "agent_id", agentId, "name", "Agent " + agentId));
    }

    private String registered(Member member, String orgId, String teamId, String agentId) {
        Api.Response response = register(member, orgId, teamId, agentId);
        assertThat(response.status()).as(response.body().toString()).isEqualTo(201);
        return response.text("agent_key");
    }

    private static String secretOf(String token) {
        return token.substring(token.length() - 43);
    }

    @Test
    void registrationShowsTheCredentialTokenOnceAndKeepsItOutOfEventsAndViews() {
        Member owner = tenants.signUp("pro");

        Api.Response created = api.post("/api/v1/agents", owner.accessToken(), json("org_id", "org-acme",
                "team_id", "team-support", "agent_id", "did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK",
                "name", "Support bot", "framework", "langchain", "version", "1.2.0", "risk_tier", "high",
                "tool_names", List.of("search", "send_email"), "metadata", Map.of("owner", "support-team")));

        assertThat(created.status()).as(created.body().toString()).isEqualTo(201);
        String agentKey = created.text("agent_key");
        String token = created.text("credential_token");
        assertThat(agentKey).matches("agt-[0-9a-f-]{36}");
        assertThat(token).startsWith("aasa_" + AgentKeys.credentialIdOf(agentKey) + "_");
        assertThat(created.text("notice")).contains("not shown again");
        assertThat(created.text("status")).isEqualTo("ACTIVE");
        assertThat(created.text("assurance")).isEqualTo("ASSERTED");
        assertThat(created.text("org_id")).isEqualTo("org-acme");
        assertThat(created.text("agent_id")).isEqualTo("did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK");
        assertThat(created.body().path("tool_names").toString()).isEqualTo("[\"search\",\"send_email\"]");
        assertThat(created.body().path("metadata").path("owner").asText()).isEqualTo("support-team");

        String secret = secretOf(token);
        Api.Response read = api.get("/api/v1/agents/" + agentKey, owner.accessToken());
        assertThat(read.status()).isEqualTo(200);
        assertThat(read.body().has("credential_token")).isFalse();
        assertThat(read.body().toString()).doesNotContain(secret).doesNotContain(SecretTokens.sha256Hex(secret));
        Api.Response list = api.get("/api/v1/agents", owner.accessToken());
        assertThat(list.body().toString()).contains(agentKey).doesNotContain(secret);

        String digest = db.select(CREDENTIAL_DIGEST.DIGEST).from(CREDENTIAL_DIGEST)
                .where(CREDENTIAL_DIGEST.CREDENTIAL_ID.eq(agentKey).and(CREDENTIAL_DIGEST.KIND.eq("AGENT_CREDENTIAL")))
                .fetchOne(CREDENTIAL_DIGEST.DIGEST);
        assertThat(digest).isEqualTo(SecretTokens.sha256Hex(secret));

        String storedEvents = db.fetch("select convert_from(payload, 'UTF8') || convert_from(metadata, 'UTF8') as e "
                + "from domainevententry").getValues(0, String.class).toString();
        assertThat(storedEvents).contains(agentKey).doesNotContain(secret).doesNotContain(digest);
        await().atMost(Duration.ofSeconds(15)).until(() -> !auditEntries(owner, "event_type=AgentRegistered").isEmpty());
        String auditTable = db.fetch("select payload::text from audit_entry").getValues(0, String.class).toString();
        assertThat(auditTable).contains(agentKey).doesNotContain(secret).doesNotContain(digest);

        assertThat(api.get("/api/v1/auth/me", token).status()).as("an agent credential is no console credential")
                .isEqualTo(401);
    }

    @Test
    void fiftyParallelRegistrationsIntoAFreeWorkspaceCreateExactlyThreeAgents() throws Exception {
        Member owner = tenants.signUp("free");
        int attempts = 50;
        ExecutorService pool = Executors.newFixedThreadPool(attempts);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Api.Response>> futures = new ArrayList<>();
        try {
            for (int i = 0; i < attempts; i++) {
                String agentId = "bot-" + i;
                futures.add(pool.submit(() -> {
                    start.await();
                    return register(owner, "org-race", "team-race", agentId);
                }));
            }
            start.countDown();
            List<Api.Response> responses = new ArrayList<>();
            for (Future<Api.Response> future : futures) {
                responses.add(future.get(60, TimeUnit.SECONDS));
            }

            assertThat(responses).filteredOn(r -> r.status() == 201).hasSize(3);
            assertThat(responses).filteredOn(r -> r.status() != 201).hasSize(attempts - 3).allSatisfy(r -> {
                assertThat(r.status()).as(r.body().toString()).isEqualTo(409);
                assertThat(r.contentType()).startsWith("application/problem+json");
                assertThat(r.text("code")).isEqualTo("QUOTA_EXCEEDED");
                assertThat(r.text("detail")).isEqualTo(QUOTA_MESSAGE);
            });
        } finally {
            pool.shutdownNow();
        }

        assertThat(api.get("/api/v1/agents", owner.accessToken()).body().size()).isEqualTo(3);
        assertThat(db.fetchCount(AGENT_REGISTRY, AGENT_REGISTRY.WORKSPACE_ID.eq(owner.workspaceId()))).isEqualTo(3);
        assertThat(db.fetchCount(db.selectFrom(CREDENTIAL_DIGEST).where(CREDENTIAL_DIGEST.CREDENTIAL_ID.in(
                db.select(AGENT_REGISTRY.AGENT_KEY).from(AGENT_REGISTRY)
                        .where(AGENT_REGISTRY.WORKSPACE_ID.eq(owner.workspaceId())))))).isEqualTo(3);
    }

    @Test
    void aDuplicateTripleIsRefusedAndDeregistrationFreesBothTheTripleAndTheSlot() {
        Member owner = tenants.signUp("free");
        String first = registered(owner, "org-a", "team-1", "bot");

        Api.Response duplicate = register(owner, "org-a", "team-1", "bot");
        assertThat(duplicate.status()).as(duplicate.body().toString()).isEqualTo(409);
        assertThat(duplicate.text("code")).isEqualTo("AGENT_ALREADY_REGISTERED");
        assertThat(duplicate.text("detail")).contains("org-a", "team-1", "bot", "already registered");

        registered(owner, "org-a", "team-2", "bot");
        registered(owner, "org-b", "team-1", "bot");
        Api.Response overQuota = register(owner, "org-a", "team-3", "bot");
        assertThat(overQuota.status()).isEqualTo(409);
        assertThat(overQuota.text("code")).isEqualTo("QUOTA_EXCEEDED");
        assertThat(overQuota.text("detail")).isEqualTo(QUOTA_MESSAGE);

        assertThat(api.delete("/api/v1/agents/" + first + "?reason=retired", owner.accessToken()).status()).isEqualTo(204);
        assertThat(db.fetchCount(CREDENTIAL_DIGEST, CREDENTIAL_DIGEST.CREDENTIAL_ID.eq(first))).isZero();

        List<String> again = new ArrayList<>();
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            Api.Response response = register(owner, "org-a", "team-1", "bot");
            assertThat(response.status()).as(response.body().toString()).isEqualTo(201);
            again.add(response.text("agent_key"));
        });
        assertThat(again.getFirst()).isNotEqualTo(first);

        Api.Response old = api.get("/api/v1/agents/" + first, owner.accessToken());
        assertThat(old.text("status")).isEqualTo("DEREGISTERED");
        assertThat(old.text("status_reason")).isEqualTo("retired");
        assertThat(old.body().has("credential_issued_at")).isFalse();
        assertThat(api.get("/api/v1/agents", owner.accessToken()).body().toString()).doesNotContain(first)
                .contains(again.getFirst());
        assertThat(api.get("/api/v1/agents?include_deregistered=true", owner.accessToken()).body().toString())
                .contains(first);
        assertThat(register(owner, "org-a", "team-3", "bot").text("code")).isEqualTo("QUOTA_EXCEEDED");
        assertThat(api.delete("/api/v1/agents/" + first, owner.accessToken()).status())
                .as("deregistering twice changes nothing").isEqualTo(204);
        assertThat(register(owner, "org-a", "team-3", "bot").text("code")).isEqualTo("QUOTA_EXCEEDED");
    }

    @Test
    void theLifecycleShowsInTheViewAndInTheAuditLogUnderTheAgentsOrg() {
        Member owner = tenants.signUp("pro");
        String agentKey = registered(owner, "org-alpha", "team-1", "planner");
        String other = registered(owner, "org-beta", "team-1", "planner");
        String base = "/api/v1/agents/" + agentKey;

        Api.Response suspended = api.post(base + "/suspend", owner.accessToken(), json("reason", "unusual tool use"));
        assertThat(suspended.status()).as(suspended.body().toString()).isEqualTo(200);
        assertThat(suspended.text("status")).isEqualTo("SUSPENDED");
        assertThat(suspended.text("status_reason")).isEqualTo("unusual tool use");
        assertThat(api.get(base, owner.accessToken()).text("status")).isEqualTo("SUSPENDED");

        Api.Response resumed = api.post(base + "/resume", owner.accessToken(), null);
        assertThat(resumed.status()).isEqualTo(200);
        assertThat(resumed.text("status")).isEqualTo("ACTIVE");

        String before = db.select(CREDENTIAL_DIGEST.DIGEST).from(CREDENTIAL_DIGEST)
                .where(CREDENTIAL_DIGEST.CREDENTIAL_ID.eq(agentKey)).fetchOne(CREDENTIAL_DIGEST.DIGEST);
        Api.Response rotated = api.post(base + "/credential/rotate", owner.accessToken(), null);
        assertThat(rotated.status()).as(rotated.body().toString()).isEqualTo(200);
        String newToken = rotated.text("credential_token");
        assertThat(newToken).startsWith("aasa_" + AgentKeys.credentialIdOf(agentKey) + "_");
        String after = db.select(CREDENTIAL_DIGEST.DIGEST).from(CREDENTIAL_DIGEST)
                .where(CREDENTIAL_DIGEST.CREDENTIAL_ID.eq(agentKey)).fetchOne(CREDENTIAL_DIGEST.DIGEST);
        assertThat(after).isNotEqualTo(before).isEqualTo(SecretTokens.sha256Hex(secretOf(newToken)));
        assertThat(api.get(base, owner.accessToken()).body().has("credential_token")).isFalse();

        Api.Response revoked = api.post(base + "/revoke", owner.accessToken(), null);
        assertThat(revoked.status()).isEqualTo(200);
        assertThat(revoked.text("status")).isEqualTo("REVOKED");
        assertThat(db.fetchCount(CREDENTIAL_DIGEST, CREDENTIAL_DIGEST.CREDENTIAL_ID.eq(agentKey))).isZero();
        Api.Response rotateRevoked = api.post(base + "/credential/rotate", owner.accessToken(), null);
        assertThat(rotateRevoked.status()).isEqualTo(409);
        assertThat(rotateRevoked.text("code")).isEqualTo("AGENT_NOT_ACTIVE");
        assertThat(api.post(base + "/resume", owner.accessToken(), null).text("code")).isEqualTo("AGENT_NOT_ACTIVE");

        assertThat(api.delete(base, owner.accessToken()).status()).isEqualTo(204);
        assertThat(api.get(base, owner.accessToken()).text("status")).isEqualTo("DEREGISTERED");

        List<String> lifecycle = List.of("AgentAdmitted", "AgentRegistered", "AgentSuspended", "AgentResumed",
                "AgentCredentialRotated", "AgentCredentialRevoked", "AgentDeregistered", "AgentReleased");
        await().atMost(Duration.ofSeconds(15)).until(() -> auditEntries(owner, "org_id=org-alpha").size() >= lifecycle.size());
        List<JsonNode> alpha = auditEntries(owner, "org_id=org-alpha").reversed();
        assertThat(alpha).extracting(e -> e.path("event_type").asText()).containsExactlyElementsOf(lifecycle);
        assertThat(alpha).allSatisfy(e -> {
            assertThat(e.path("org_id").asText()).isEqualTo("org-alpha");
            assertThat(e.path("actor_type").asText() + ":" + e.path("actor_id").asText())
                    .isEqualTo("USER:" + owner.userId());
        });
        assertThat(alpha).allSatisfy(e -> assertThat(e.path("aggregate_id").asText()).isEqualTo(
                e.path("event_type").asText().matches("AgentAdmitted|AgentReleased") ? owner.workspaceId() : agentKey));

        List<JsonNode> beta = auditEntries(owner, "org_id=org-beta");
        assertThat(beta).extracting(e -> e.path("event_type").asText())
                .containsExactlyInAnyOrder("AgentAdmitted", "AgentRegistered");
        assertThat(beta.toString()).doesNotContain(agentKey).contains(other);
        assertThat(auditEntries(owner, "event_type=AgentRegistered")).hasSize(2);
        assertThat(auditEntries(owner, "org_id=org-gamma")).isEmpty();
    }

    @Test
    void listsByOrgAndTeam() {
        Member owner = tenants.signUp("pro");
        String a1 = registered(owner, "org-a", "team-1", "x");
        String a2 = registered(owner, "org-a", "team-2", "x");
        String b1 = registered(owner, "org-b", "team-1", "x");

        assertThat(keys(api.get("/api/v1/agents", owner.accessToken()))).containsExactly(a1, a2, b1);
        assertThat(keys(api.get("/api/v1/agents?org_id=org-a", owner.accessToken()))).containsExactly(a1, a2);
        assertThat(keys(api.get("/api/v1/agents?org_id=org-a&team_id=team-2", owner.accessToken()))).containsExactly(a2);
        assertThat(keys(api.get("/api/v1/agents?team_id=team-1", owner.accessToken()))).containsExactly(a1, b1);
        assertThat(keys(api.get("/api/v1/agents?org_id=org-c", owner.accessToken()))).isEmpty();
    }

    @Test
    void recordsTheParentOfADelegatedAgent() {
        Member owner = tenants.signUp("pro");
        String parent = registered(owner, "org-a", "team-1", "orchestrator");
        Api.Response child = api.post("/api/v1/agents", owner.accessToken(), json("org_id", "org-a", "team_id", "team-1",
                "agent_id", "worker", "name", "Worker", "parent_agent_key", parent));
        assertThat(child.status()).as(child.body().toString()).isEqualTo(201);
        assertThat(child.text("parent_agent_key")).isEqualTo(parent);

        Api.Response orphan = api.post("/api/v1/agents", owner.accessToken(), json("org_id", "org-a", "team_id", "team-1",
                "agent_id", "worker-2", "name", "Worker", "parent_agent_key", AgentKeys.newKey()));
        assertThat(orphan.status()).as("a parent the workspace does not have").isEqualTo(404);
        assertThat(orphan.text("code")).isEqualTo("AGENT_NOT_FOUND");
        assertThat(orphan.text("field")).as("the wire name").isEqualTo("parent_agent_key");
    }

    @Test
    void rejectsMalformedRegistrationsWithA400NamingTheField() {
        Member owner = tenants.signUp("pro");
        assertInvalid(owner, json("org_id", "org a", "team_id", "t", "agent_id", "a", "name", "n"), "org_id");
        assertInvalid(owner, json("org_id", "o", "team_id", "t/1", "agent_id", "a", "name", "n"), "team_id");
        assertInvalid(owner, json("org_id", "o", "team_id", "t", "agent_id", "a".repeat(129), "name", "n"), "agent_id");
        assertInvalid(owner, json("org_id", "o", "team_id", "t", "agent_id", "", "name", "n"), "agent_id");
        assertInvalid(owner, json("team_id", "t", "agent_id", "a", "name", "n"), "org_id");
        assertInvalid(owner, json("org_id", "o", "team_id", "t", "agent_id", "a", "name", " "), "name");
        assertInvalid(owner, json("org_id", "o", "team_id", "t", "agent_id", "a", "name", "n".repeat(201)), "name");
        assertInvalid(owner, json("org_id", "o", "team_id", "t", "agent_id", "a", "name", "n", "colour", "red"), "colour");
        assertInvalid(owner, json("org_id", "o", "team_id", "t", "agent_id", "a", "name", "n", "tool_names", "search"),
                "tool_names");
        assertThat(api.get("/api/v1/agents", owner.accessToken()).body().size()).isZero();
        assertThat(registered(owner, "o", "t", "a".repeat(128))).startsWith("agt-");
    }

    private void assertInvalid(Member owner, Object body, String field) {
        Api.Response response = api.deliberatelyInvalid().post("/api/v1/agents", owner.accessToken(), body);
        assertThat(response.status()).as(response.body().toString()).isEqualTo(400);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.body().toString()).contains(field);
    }

    private static List<String> keys(Api.Response response) {
        assertThat(response.status()).isEqualTo(200);
        List<String> keys = new ArrayList<>();
        response.body().forEach(agent -> keys.add(agent.path("agent_key").asText()));
        return keys;
    }
}
