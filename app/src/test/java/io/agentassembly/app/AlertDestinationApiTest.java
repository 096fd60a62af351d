package io.agentassembly.app;

import com.fasterxml.jackson.databind.JsonNode;
import io.agentassembly.app.support.Api;
import io.agentassembly.app.support.IntegrationTest;
import io.agentassembly.app.support.Tenants.Member;
import org.jooq.DSLContext;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.util.ArrayList;
import java.util.List;

import static io.agentassembly.app.support.Api.json;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * /api/v1/alert-destinations: create, read, change, rotate and delete; a Slack URL and a signing secret never
 * appear in an answer (but the secret's one), an event, the audit log or the read table; validation; roles (Owner
 * and Admin only) and isolation (another workspace's destination answers 404).
 */
class AlertDestinationApiTest extends IntegrationTest {

    private static final String BASE = "/api/v1/alert-destinations";
    private static final String SLACK_SECRET_PATH = "T0AAA/B0BBB/zq9SecretTokenPart77";
    private static final String SLACK_URL = "https://hooks.slack.com/services/" + SLACK_SECRET_PATH;

    @Autowired
    DSLContext db;

    private Api.Response create(Member member, Object... fields) {
        return api.post(BASE, member.accessToken(), json(fields));
    }

    @Test
    void managesADestinationWithoutEverShowingTheSlackUrlOrStoringASecretInTheClear() {
        Member owner = tenants.signUp("pro");
        Api.Response slack = create(owner, "name", "ops channel", "kind", "SLACK", "url", SLACK_URL, "org_id", "org-a");
        assertThat(slack.status()).as(slack.body().toString()).isEqualTo(201);
        String slackId = slack.text("destination_id");
        assertThat(slackId).startsWith("dst-");
        assertThat(slack.text("kind")).isEqualTo("SLACK");
        assertThat(slack.text("target")).isEqualTo("hooks.slack.com/…/rt77");
        assertThat(slack.text("org_id")).isEqualTo("org-a");
        assertThat(slack.body().path("enabled").asBoolean()).isTrue();
        assertThat(slack.body().has("signing_secret")).isFalse();
        assertThat(slack.body().toString()).doesNotContain("zq9SecretTokenPart77");

        Api.Response webhook = create(owner, "name", "pager", "kind", "WEBHOOK", "url",
                "https://alerts.example.com/aasm/hook?token=abc123query");
        assertThat(webhook.status()).as(webhook.body().toString()).isEqualTo(201);
        String webhookId = webhook.text("destination_id");
        String signingSecret = webhook.text("signing_secret");
        assertThat(signingSecret).startsWith("aasw_").hasSizeGreaterThan(40);
        assertThat(webhook.text("notice")).contains("not shown again");
        assertThat(webhook.text("target")).isEqualTo("https://alerts.example.com/aasm/hook?…");

        Api.Response got = api.get(BASE + "/" + slackId, owner.accessToken());
        assertThat(got.status()).isEqualTo(200);
        assertThat(got.text("name")).isEqualTo("ops channel");
        Api.Response list = api.get(BASE, owner.accessToken());
        assertThat(list.status()).isEqualTo(200);
        assertThat(ids(list.body())).containsExactly(slackId, webhookId);
        assertThat(list.body().toString()).doesNotContain(signingSecret, "zq9SecretTokenPart77", "abc123query");
        assertThat(ids(api.get(BASE + "?org_id=org-a", owner.accessToken()).body())).containsExactly(slackId);

        Api.Response changed = api.put(BASE + "/" + slackId, owner.accessToken(),
                json("name", "ops 2", "enabled", false));
        assertThat(changed.status()).as(changed.body().toString()).isEqualTo(200);
        assertThat(changed.text("name")).isEqualTo("ops 2");
        assertThat(changed.body().path("enabled").asBoolean()).isFalse();
        assertThat(changed.body().has("org_id")).as("absent org_id: every org").isFalse();
        assertThat(changed.text("target")).as("no url keeps the URL").isEqualTo("hooks.slack.com/…/rt77");
        Api.Response newUrl = api.put(BASE + "/" + slackId, owner.accessToken(),
                json("name", "ops 2", "enabled", true, "url", "https://hooks.slack.com/services/T1/B2/anotherTokenQ4w"));
        assertThat(newUrl.text("target")).isEqualTo("hooks.slack.com/…/nQ4w");

        Api.Response rotated = api.post(BASE + "/" + webhookId + "/rotate-secret", owner.accessToken(), null);
        assertThat(rotated.status()).as(rotated.body().toString()).isEqualTo(200);
        String newSecret = rotated.text("signing_secret");
        assertThat(newSecret).startsWith("aasw_").isNotEqualTo(signingSecret);
        assertThat(rotated.text("secret_rotated_at")).isNotBlank();
        Api.Response slackRotate = api.post(BASE + "/" + slackId + "/rotate-secret", owner.accessToken(), null);
        assertThat(slackRotate.status()).isEqualTo(409);
        assertThat(slackRotate.text("code")).isEqualTo("CONFLICT");

        String stored = db.fetch("select convert_from(payload, 'UTF8') || convert_from(metadata, 'UTF8') as e "
                + "from domainevententry").getValues(0, String.class).toString();
        String audit = db.fetch("select payload::text from audit_entry where workspace_id = ?", owner.workspaceId())
                .getValues(0, String.class).toString();
        String sealed = db.fetch("select url_sealed || coalesce(signing_secret_sealed, '') from alert_destination_secret")
                .getValues(0, String.class).toString();
        for (String secret : List.of("zq9SecretTokenPart77", "anotherTokenQ4w", "abc123query", signingSecret, newSecret)) {
            assertThat(stored).as("events").doesNotContain(secret);
            assertThat(audit).as("audit log").doesNotContain(secret);
            assertThat(sealed).as("sealed at rest").doesNotContain(secret);
        }
        assertThat(auditEntries(owner, "event_type=AlertDestinationCreated")).hasSize(2);
        assertThat(auditEntries(owner, "event_type=AlertDestinationSecretRotated")).hasSize(1);

        assertThat(api.delete(BASE + "/" + slackId, owner.accessToken()).status()).isEqualTo(204);
        assertThat(api.get(BASE + "/" + slackId, owner.accessToken()).status()).isEqualTo(404);
        assertThat(api.delete(BASE + "/" + slackId, owner.accessToken()).status()).isEqualTo(404);
        assertThat(db.fetchCount(db.selectFrom("alert_destination_secret").where("destination_id = ?", slackId)))
                .as("the sealed URL is erased").isZero();
        assertThat(ids(api.get(BASE, owner.accessToken()).body())).containsExactly(webhookId);
    }

    @Test
    void refusesBadInputNamingTheFieldAndStoresNothing() {
        Member owner = tenants.signUp("pro");
        assertRefused(owner, "url", "name", "x", "kind", "WEBHOOK", "url", "ftp://example.com/hook");
        assertRefused(owner, "url", "name", "x", "kind", "WEBHOOK", "url", "not a url");
        assertRefused(owner, "url", "name", "x", "kind", "WEBHOOK", "url", "https://user:pw@example.com/hook");
        assertRefused(owner, "url", "name", "x", "kind", "WEBHOOK", "url", "https:///nohost");
        assertRefused(owner, "url", "name", "x", "kind", "WEBHOOK", "url", "https://example.com/" + "a".repeat(2001));
        assertRefused(owner, "kind", "name", "x", "kind", "EMAIL", "url", "https://example.com/hook");
        assertRefused(owner, "kind", "name", "x", "url", "https://example.com/hook");
        assertRefused(owner, "name", "name", " ", "kind", "SLACK", "url", SLACK_URL);
        assertRefused(owner, "org_id", "name", "x", "kind", "SLACK", "url", SLACK_URL, "org_id", "org a");
        assertThat(ids(api.get(BASE, owner.accessToken()).body())).isEmpty();

        String id = create(owner, "name", "ok", "kind", "SLACK", "url", SLACK_URL).text("destination_id");
        Api.Response badChange = api.put(BASE + "/" + id, owner.accessToken(), json("name", "ok", "enabled", true, "url", "http//x"));
        assertThat(badChange.status()).isEqualTo(400);
        assertThat(badChange.text("field")).isEqualTo("url");
        Api.Response noEnabled = api.deliberatelyInvalid().put(BASE + "/" + id, owner.accessToken(), json("name", "ok"));
        assertThat(noEnabled.status()).isEqualTo(400);
        assertThat(noEnabled.text("field")).isEqualTo("enabled");
        Api.Response badPage = api.get(BASE + "/" + id + "/deliveries?per_page=0", owner.accessToken());
        assertThat(badPage.status()).isEqualTo(400);
        assertThat(badPage.text("field")).isEqualTo("per_page");
        Api.Response badCursor = api.get(BASE + "/" + id + "/deliveries?cursor=nope", owner.accessToken());
        assertThat(badCursor.status()).isEqualTo(400);
        assertThat(badCursor.text("field")).isEqualTo("cursor");
    }

    @Test
    void onlyOwnersAndAdminsReadOrManageDestinations() {
        Member owner = tenants.signUp("pro");
        Member admin = tenants.invite(owner, "ADMIN");
        Member developer = tenants.invite(owner, "DEVELOPER");
        Member viewer = tenants.invite(owner, "VIEWER");

        Api.Response byAdmin = create(admin, "name", "admin's", "kind", "WEBHOOK", "url", "https://example.com/a");
        assertThat(byAdmin.status()).as(byAdmin.body().toString()).isEqualTo(201);
        String id = byAdmin.text("destination_id");
        assertThat(api.post(BASE + "/" + id + "/rotate-secret", admin.accessToken(), null).status()).isEqualTo(200);
        assertThat(api.post(BASE + "/" + id + "/test", admin.accessToken(), null).status()).isEqualTo(202);

        for (Member refused : List.of(developer, viewer)) {
            for (Api.Response response : everyCall(refused, id)) {
                assertThat(response.status()).as(response.toString()).isEqualTo(403);
                assertThat(response.text("code")).isEqualTo("PERMISSION_DENIED");
            }
        }
        assertThat(api.get(BASE + "/" + id, owner.accessToken()).status()).isEqualTo(200);
        assertThat(api.delete(BASE + "/" + id, admin.accessToken()).status()).isEqualTo(204);
    }

    @Test
    void anotherWorkspacesDestinationAnswers404AndNeverShowsInItsLists() {
        Member ownerA = tenants.signUp("pro");
        Member ownerB = tenants.signUp("pro");
        String idA = create(ownerA, "name", "a", "kind", "WEBHOOK", "url", "https://example.com/a").text("destination_id");
        String idB = create(ownerB, "name", "b", "kind", "SLACK", "url", SLACK_URL).text("destination_id");

        for (Api.Response response : everyCall(ownerB, idA)) {
            if (response.status() == 201) {
                continue; // the create call makes B's own destination
            }
            if (response.status() == 200 && response.body().has("entries")) {
                assertThat(response.body().toString()).doesNotContain(idA);
                continue;
            }
            assertThat(response.status()).as(response.toString()).isEqualTo(404);
            assertThat(response.text("code")).isEqualTo("ALERT_DESTINATION_NOT_FOUND");
        }
        assertThat(ids(api.get(BASE, ownerA.accessToken()).body())).containsExactly(idA);
        assertThat(api.get(BASE + "/" + idA, ownerA.accessToken()).text("name")).isEqualTo("a");
        assertThat(api.get(BASE + "/" + idB, ownerA.accessToken()).status()).isEqualTo(404);
    }

    /** Every operation, by {@code member}, on destination {@code id}. */
    private List<Api.Response> everyCall(Member member, String id) {
        String token = member.accessToken();
        List<Api.Response> responses = new ArrayList<>();
        responses.add(create(member, "name", "x", "kind", "SLACK", "url", SLACK_URL));
        responses.add(api.get(BASE, token));
        responses.add(api.get(BASE + "/" + id, token));
        responses.add(api.put(BASE + "/" + id, token, json("name", "y", "enabled", false)));
        responses.add(api.post(BASE + "/" + id + "/rotate-secret", token, null));
        responses.add(api.post(BASE + "/" + id + "/test", token, null));
        responses.add(api.get(BASE + "/" + id + "/deliveries", token));
        responses.add(api.delete(BASE + "/" + id, token));
        return responses;
    }

    private void assertRefused(Member owner, String field, Object... body) {
        Api.Response response = api.deliberatelyInvalid().post(BASE, owner.accessToken(), json(body));
        assertThat(response.status()).as(response.body().toString()).isEqualTo(400);
        assertThat(response.text("field")).as(response.body().toString()).isEqualTo(field);
    }

    private static List<String> ids(JsonNode list) {
        List<String> ids = new ArrayList<>();
        list.path("entries").forEach(entry -> ids.add(entry.path("destination_id").asText()));
        return ids;
    }
}
