package io.agentassembly.app;

import com.fasterxml.jackson.databind.JsonNode;
import io.agentassembly.app.support.Api;
import io.agentassembly.app.support.IntegrationTest;
import io.agentassembly.app.support.Tenants;
import io.agentassembly.app.support.Tenants.Member;
import org.jooq.DSLContext;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

import static io.agentassembly.app.support.Api.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The README walkthrough, over real HTTP and SMTP: every step lands in the audit log with its actor. */
class ConsoleWalkthroughTest extends IntegrationTest {

    @Autowired
    DSLContext db;

    @Test
    void signUpVerifyLoginCreateKeyInviteAndReadTheAuditLog() {
        Member owner = tenants.signUp("pro");

        Api.Response workspace = api.get("/api/v1/workspace", owner.accessToken());
        assertThat(workspace.status()).isEqualTo(200);
        assertThat(workspace.text("status")).isEqualTo("ACTIVE");
        assertThat(workspace.text("region")).isEqualTo("eu-west-1");
        assertThat(workspace.body().path("quotas").path("max_agents").asInt()).isEqualTo(10);

        Api.Response key = api.post("/api/v1/api-keys", owner.accessToken(), json("name", "ci pipeline"));
        assertThat(key.status()).as(key.body().toString()).isEqualTo(201);
        String apiKey = key.text("token");
        assertThat(apiKey).startsWith("aask_");

        Api.Response viaKey = api.get("/api/v1/auth/me", apiKey);
        assertThat(viaKey.status()).isEqualTo(200);
        assertThat(viaKey.text("actor_type")).isEqualTo("API_KEY");
        assertThat(viaKey.text("user_id")).isEqualTo(owner.userId());
        assertThat(api.get("/api/v1/api-keys", owner.accessToken()).body().toString()).doesNotContain(apiKey);

        Member developer = tenants.invite(owner, "DEVELOPER");

        List<JsonNode> entries = awaitAudit(owner, 10);
        assertThat(entries).extracting(e -> e.path("event_type").asText()).containsSubsequence(
                "WorkspaceCreated", "UserJoinedWorkspace", "EmailVerificationRequested", "WorkspaceActivated",
                "UserSignedIn", "ApiKeyCreated", "UserInvited", "InvitationAccepted", "UserJoinedWorkspace",
                "UserSignedIn");
        assertThat(actorOf(entries, "WorkspaceCreated")).isEqualTo("USER:" + owner.userId());
        assertThat(actorOf(entries, "WorkspaceActivated")).isEqualTo("USER:" + owner.userId());
        assertThat(actorOf(entries, "ApiKeyCreated")).isEqualTo("USER:" + owner.userId());
        assertThat(actorOf(entries, "UserInvited")).isEqualTo("USER:" + owner.userId());
        assertThat(actorOf(entries, "InvitationAccepted")).isEqualTo("USER:" + developer.userId());
        assertThat(entries).allSatisfy(e -> assertThat(e.path("workspace_id").asText()).isEqualTo(owner.workspaceId()));

        String storedEvents = db.fetch("select convert_from(payload, 'UTF8') || convert_from(metadata, 'UTF8') as e "
                + "from domainevententry").getValues(0, String.class).toString();
        assertThat(storedEvents)
                .contains(owner.workspaceId())
                .doesNotContain(Tenants.PASSWORD)
                .doesNotContain(apiKey)
                .doesNotContain(apiKey.substring(38))
                .doesNotContain(owner.refreshToken().substring(38))
                .doesNotContain(owner.accessToken())
                .doesNotContain("$argon2");
        String auditTable = db.fetch("select payload::text from audit_entry").getValues(0, String.class).toString();
        assertThat(auditTable).doesNotContain(Tenants.PASSWORD).doesNotContain(apiKey.substring(38));
    }

    @Test
    void anApiKeyActsAsItsOwnerInTheAuditLogAndStopsWorkingWhenRevoked() {
        Member owner = tenants.signUp("free");
        Api.Response key = api.post("/api/v1/api-keys", owner.accessToken(), json("name", "automation"));
        String apiKey = key.text("token");

        Api.Response invited = api.post("/api/v1/invitations", apiKey, json("email", Tenants.uniqueEmail("x"), "role", "VIEWER"));
        assertThat(invited.status()).isEqualTo(201);
        List<JsonNode> entries = awaitAudit(owner, 7);
        assertThat(actorOf(entries, "UserInvited")).isEqualTo("API_KEY:" + key.text("key_id"));

        assertThat(api.post("/api/v1/api-keys", apiKey, json("name", "nested")).status()).isEqualTo(403);
        assertThat(api.delete("/api/v1/api-keys/" + key.text("key_id"), owner.accessToken()).status()).isEqualTo(204);
        assertThat(api.get("/api/v1/auth/me", apiKey).status()).isEqualTo(401);
    }

    private List<JsonNode> awaitAudit(Member owner, int atLeast) {
        Supplier<List<JsonNode>> read = () -> {
            Api.Response logs = api.get("/api/v1/logs?per_page=500", owner.accessToken());
            assertThat(logs.status()).isEqualTo(200);
            List<JsonNode> newestFirst = new ArrayList<>();
            logs.body().path("entries").forEach(newestFirst::add);
            return newestFirst.reversed();
        };
        await().atMost(Duration.ofSeconds(15)).until(() -> read.get().size() >= atLeast);
        return read.get();
    }

    private static String actorOf(List<JsonNode> entries, String eventType) {
        return entries.stream().filter(e -> e.path("event_type").asText().equals(eventType)).findFirst()
                .map(e -> e.path("actor_type").asText() + ":" + e.path("actor_id").asText())
                .orElseThrow(() -> new AssertionError("no " + eventType + " in " + entries));
    }
}
