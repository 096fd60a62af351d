package io.agentassembly.app;

import com.fasterxml.jackson.databind.JsonNode;
import io.agentassembly.app.support.Api;
import io.agentassembly.app.support.IntegrationTest;
import io.agentassembly.app.support.Tenants.Member;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static io.agentassembly.app.support.Api.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** GET /api/v1/logs: filters, cursor pagination and input checks. */
class AuditLogQueryTest extends IntegrationTest {

    @Test
    void filtersByEventTypeActorOrgAndTime() {
        Member owner = tenants.signUp("pro");
        Member admin = tenants.invite(owner, "ADMIN");
        api.post("/api/v1/api-keys", admin.accessToken(), json("name", "admin's"));
        awaitEntries(owner, 10);

        List<JsonNode> signIns = entries(owner, "event_type=UserSignedIn");
        assertThat(signIns).hasSize(2).allSatisfy(e -> assertThat(e.path("event_type").asText()).isEqualTo("UserSignedIn"));

        List<JsonNode> byAdmin = entries(owner, "actor=" + admin.userId());
        assertThat(byAdmin).extracting(e -> e.path("event_type").asText())
                .containsExactly("ApiKeyCreated", "UserSignedIn", "UserJoinedWorkspace", "InvitationAccepted");

        assertThat(entries(owner, "org_id=org-a")).isEmpty();

        Instant signedUpAt = Instant.parse(entries(owner, "event_type=WorkspaceCreated").getFirst().path("occurred_at").asText());
        assertThat(entries(owner, "to=" + signedUpAt)).isEmpty();
        assertThat(entries(owner, "from=" + signedUpAt)).hasSize(10);
        assertThat(entries(owner, "from=" + signedUpAt.plusSeconds(3600))).isEmpty();
    }

    @Test
    void pagesWithACursorNewestFirstWithoutGapsOrRepeats() {
        Member owner = tenants.signUp("pro");
        tenants.invite(owner, "VIEWER");
        awaitEntries(owner, 9);
        List<JsonNode> all = entries(owner, "per_page=500");

        List<Long> paged = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            Api.Response page = api.get("/api/v1/logs?per_page=3" + (cursor == null ? "" : "&cursor=" + cursor), owner.accessToken());
            assertThat(page.status()).isEqualTo(200);
            assertThat(page.body().path("entries").size()).isLessThanOrEqualTo(3);
            page.body().path("entries").forEach(e -> paged.add(e.path("sequence").asLong()));
            cursor = page.text("next_cursor");
            pages++;
        } while (cursor != null);

        assertThat(pages).isEqualTo((all.size() + 2) / 3);
        assertThat(paged).isEqualTo(all.stream().map(e -> e.path("sequence").asLong()).toList());
        assertThat(paged).isSortedAccordingTo((a, b) -> Long.compare(b, a));
    }

    @Test
    void sessionIdsAreShownOnlyToRolesThatManageUsers() {
        Member owner = tenants.signUp("pro");
        Member admin = tenants.invite(owner, "ADMIN");
        Member developer = tenants.invite(owner, "DEVELOPER");
        Member viewer = tenants.invite(owner, "VIEWER");
        Member loggedOut = tenants.login(admin.workspaceId(), admin.userId(), admin.email());
        assertThat(api.post("/api/v1/auth/logout", loggedOut.accessToken(), null).status()).isEqualTo(204);
        assertThat(api.post("/api/v1/auth/refresh", null, json("refresh_token", viewer.refreshToken())).status())
                .isEqualTo(200);
        List<String> sessionIds = Stream.of(owner, admin, developer, viewer, loggedOut)
                .map(member -> member.refreshToken().split("_")[1]).toList();
        await().atMost(Duration.ofSeconds(15)).until(() -> entries(owner, "event_type=UserSessionRefreshed").size() == 1
                && entries(owner, "event_type=UserSessionEnded").size() == 1);

        Api.Response ownersView = api.get("/api/v1/logs?per_page=500", owner.accessToken());
        assertThat(sessionIds).allSatisfy(id -> assertThat(ownersView.body().toString()).contains(id));
        assertThat(entries(owner, "event_type=UserSignedIn")).hasSize(5).allSatisfy(entry -> assertThat(
                entry.path("aggregate_id").asText()).isEqualTo(entry.path("payload").path("session_id").asText()));

        for (Member reader : List.of(admin, developer, viewer)) {
            Api.Response view = api.get("/api/v1/logs?per_page=500", reader.accessToken());
            assertThat(view.status()).isEqualTo(200);
            assertThat(sessionIds).allSatisfy(id -> assertThat(view.body().toString()).doesNotContain(id));
            List<JsonNode> sessionEntries = new ArrayList<>();
            view.body().path("entries").forEach(entry -> {
                if (entry.path("event_type").asText().matches("UserSignedIn|UserSessionRefreshed|UserSessionEnded")) {
                    sessionEntries.add(entry);
                }
            });
            assertThat(sessionEntries).hasSize(7).allSatisfy(entry -> {
                assertThat(entry.has("aggregate_id")).isFalse();
                assertThat(entry.path("payload").has("session_id")).isFalse();
                assertThat(entry.path("payload").path("user_id").asText()).isNotBlank();
            });
        }
    }

    @Test
    void refusesBadParametersWithTheFieldToFix() {
        Member owner = tenants.signUp("free");
        assertField(api.deliberatelyInvalid().get("/api/v1/logs?per_page=501", owner.accessToken()), "per_page");
        assertField(api.deliberatelyInvalid().get("/api/v1/logs?per_page=0", owner.accessToken()), "per_page");
        assertField(api.deliberatelyInvalid().get("/api/v1/logs?per_page=abc", owner.accessToken()), "per_page");
        assertField(api.get("/api/v1/logs?cursor=bm90LWEtY3Vyc29y", owner.accessToken()), "cursor");
        assertField(api.deliberatelyInvalid().get("/api/v1/logs?from=yesterday", owner.accessToken()), "from");
        assertField(api.get("/api/v1/logs?from=2026-01-02T00:00:00Z&to=2026-01-01T00:00:00Z", owner.accessToken()), "from");
        assertField(api.get("/api/v1/logs?event_type=NoSuchThing", owner.accessToken()), "event_type");
    }

    private void assertField(Api.Response response, String field) {
        assertThat(response.status()).as(response.body().toString()).isEqualTo(400);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.text("field")).isEqualTo(field);
    }

    private void awaitEntries(Member owner, int count) {
        await().atMost(Duration.ofSeconds(15)).until(() -> entries(owner, "per_page=500").size() >= count);
    }

    private List<JsonNode> entries(Member owner, String query) {
        Api.Response response = api.get("/api/v1/logs?" + query, owner.accessToken());
        assertThat(response.status()).as(response.body().toString()).isEqualTo(200);
        List<JsonNode> entries = new ArrayList<>();
        response.body().path("entries").forEach(entries::add);
        return entries;
    }
}
