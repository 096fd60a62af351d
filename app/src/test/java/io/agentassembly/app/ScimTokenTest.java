package io.agentassembly.app;

import com.fasterxml.jackson.databind.JsonNode;
import io.agentassembly.app.support.Api;
import io.agentassembly.app.support.IntegrationTest;
import io.agentassembly.app.support.Tenants.Member;
import io.agentassembly.identity.token.BearerSecret;
import io.agentassembly.identity.token.SecretTokens;
import org.jooq.DSLContext;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static io.agentassembly.app.support.Api.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * SCIM tokens end to end: an Owner creates, lists, rotates and revokes them over {@code /api/v1/scim/tokens}; only a
 * live SCIM token authenticates {@code /scim/v2}, and a rotated-away or revoked secret fails at once; no secret
 * reaches the event store or the audit log.
 */
class ScimTokenTest extends IntegrationTest {

    private static final String TOKENS = "/api/v1/scim/tokens";
    /** A SCIM discovery endpoint: any answer but 401/403 proves the token authenticated. */
    private static final String SCIM = "/scim/v2/ServiceProviderConfig";

    @Autowired
    DSLContext db;

    @Test
    void theTokenIsShownOnceAndListedWithoutItsSecret() {
        Member owner = tenants.signUp("pro");

        Api.Response created = api.post(TOKENS, owner.accessToken(), json("name", " okta "));

        assertThat(created.status()).as(created.body().toString()).isEqualTo(201);
        String tokenId = created.text("token_id");
        String token = created.text("token");
        assertThat(token).startsWith("aasp_" + tokenId + "_");
        assertThat(BearerSecret.parse(BearerSecret.SCIM_TOKEN, token)).isPresent();
        assertThat(created.text("name")).isEqualTo("okta");
        assertThat(created.text("created_at")).isNotNull();
        assertThat(created.body().path("rotated_at").isNull() || created.body().path("rotated_at").isMissingNode()).isTrue();

        Api.Response list = api.get(TOKENS, owner.accessToken());
        assertThat(list.status()).isEqualTo(200);
        assertThat(list.body()).hasSize(1);
        JsonNode listed = list.body().get(0);
        assertThat(listed.path("token_id").asText()).isEqualTo(tokenId);
        assertThat(listed.path("name").asText()).isEqualTo("okta");
        assertThat(list.body().toString()).doesNotContain(secretOf(token)).doesNotContain("\"token\"")
                .doesNotContain(SecretTokens.sha256Hex(secretOf(token)));

        assertThat(scim(token).status()).isNotIn(401, 403);
    }

    @Test
    void rotationAndRevocationApplyAtOnce() {
        Member owner = tenants.signUp("pro");
        Api.Response created = api.post(TOKENS, owner.accessToken(), json("name", "entra"));
        String tokenId = created.text("token_id");
        String first = created.text("token");
        assertThat(scim(first).status()).isNotIn(401, 403);

        Api.Response rotated = api.post(TOKENS + "/" + tokenId + "/rotate", owner.accessToken(), null);

        assertThat(rotated.status()).as(rotated.body().toString()).isEqualTo(200);
        String second = rotated.text("token");
        assertThat(second).startsWith("aasp_" + tokenId + "_").isNotEqualTo(first);
        assertThat(rotated.text("rotated_at")).isNotNull();
        assertUnauthorizedScim(scim(first));
        assertThat(scim(second).status()).isNotIn(401, 403);
        assertThat(api.get(TOKENS, owner.accessToken()).body().get(0).path("rotated_at").isNull()).isFalse();

        assertThat(api.delete(TOKENS + "/" + tokenId, owner.accessToken()).status()).isEqualTo(204);

        assertUnauthorizedScim(scim(second));
        assertThat(api.get(TOKENS, owner.accessToken()).body().get(0).path("revoked_at").isNull()).isFalse();
        assertThat(api.delete(TOKENS + "/" + tokenId, owner.accessToken()).status()).as("revoking again").isEqualTo(204);
        Api.Response again = api.post(TOKENS + "/" + tokenId + "/rotate", owner.accessToken(), null);
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.text("code")).isEqualTo("SCIM_TOKEN_REVOKED");
        assertUnauthorizedScim(scim(second));
    }

    @Test
    void scimAcceptsOnlyLiveScimTokens() {
        Member owner = tenants.signUp("pro");
        String apiKey = api.post("/api/v1/api-keys", owner.accessToken(), json("name", "ci")).text("token");
        String scimToken = api.post(TOKENS, owner.accessToken(), json("name", "okta")).text("token");
        String forged = "aasp_" + scimToken.substring(5, 37) + "_" + SecretTokens.newSecret();
        String unknown = BearerSecret.issue(BearerSecret.SCIM_TOKEN, SecretTokens.newCompactId()).token();

        Api.Response none = scim(null);
        assertUnauthorizedScim(none);
        assertThat(none.header("WWW-Authenticate")).isEqualTo("Bearer");
        for (String credential : List.of(owner.accessToken(), apiKey, OPERATOR_TOKEN, forged, unknown, "nonsense")) {
            Api.Response refused = scim(credential);
            assertUnauthorizedScim(refused);
            assertThat(refused.header("WWW-Authenticate")).startsWith("Bearer");
        }
        // and a SCIM token is no credential for the REST API
        assertThat(api.get("/api/v1/workspace", scimToken).status()).isEqualTo(401);
    }

    @Test
    void anUnknownScimPathAnswersASCIMError() {
        Member owner = tenants.signUp("pro");
        String token = api.post(TOKENS, owner.accessToken(), json("name", "okta")).text("token");

        Api.Response missing = api.get("/scim/v2/NoSuchResource", token);

        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.contentType()).startsWith("application/scim+json");
        assertThat(missing.body().path("schemas").get(0).asText()).isEqualTo("urn:ietf:params:scim:api:messages:2.0:Error");
        assertThat(missing.text("status")).isEqualTo("404");
    }

    @Test
    void anotherWorkspacesOwnerNeitherSeesNorChangesTheToken() {
        Member ownerA = tenants.signUp("pro");
        Member ownerB = tenants.signUp("pro");
        Api.Response created = api.post(TOKENS, ownerA.accessToken(), json("name", "okta"));
        String tokenId = created.text("token_id");
        String token = created.text("token");

        assertThat(api.get(TOKENS, ownerB.accessToken()).body().toString()).doesNotContain(tokenId);
        Api.Response rotate = api.post(TOKENS + "/" + tokenId + "/rotate", ownerB.accessToken(), null);
        assertThat(rotate.status()).isEqualTo(404);
        assertThat(rotate.text("code")).isEqualTo("SCIM_TOKEN_NOT_FOUND");
        Api.Response revoke = api.delete(TOKENS + "/" + tokenId, ownerB.accessToken());
        assertThat(revoke.status()).isEqualTo(404);
        assertThat(revoke.text("code")).isEqualTo("SCIM_TOKEN_NOT_FOUND");
        assertThat(api.delete(TOKENS + "/" + SecretTokens.newCompactId(), ownerA.accessToken()).status()).isEqualTo(404);

        assertThat(scim(token).status()).isNotIn(401, 403);
    }

    @Test
    void onlyOwnersManageTokens() {
        Member owner = tenants.signUp("pro");
        String tokenId = api.post(TOKENS, owner.accessToken(), json("name", "okta")).text("token_id");
        for (String role : List.of("ADMIN", "DEVELOPER", "VIEWER")) {
            Member member = tenants.invite(owner, role);
            for (Api.Response refused : List.of(api.post(TOKENS, member.accessToken(), json("name", "mine")),
                    api.get(TOKENS, member.accessToken()),
                    api.post(TOKENS + "/" + tokenId + "/rotate", member.accessToken(), null),
                    api.delete(TOKENS + "/" + tokenId, member.accessToken()))) {
                assertThat(refused.status()).as(role + " " + refused.body()).isEqualTo(403);
                assertThat(refused.text("code")).isEqualTo("PERMISSION_DENIED");
            }
        }
    }

    @Test
    void noSecretReachesTheEventStoreOrTheAuditLogWhichNamesTheOwner() {
        Member owner = tenants.signUp("pro");
        Api.Response created = api.post(TOKENS, owner.accessToken(), json("name", "okta"));
        String tokenId = created.text("token_id");
        String rotated = api.post(TOKENS + "/" + tokenId + "/rotate", owner.accessToken(), null).text("token");
        assertThat(api.delete(TOKENS + "/" + tokenId, owner.accessToken()).status()).isEqualTo(204);

        List<String> secrets = new ArrayList<>();
        for (String token : List.of(created.text("token"), rotated)) {
            secrets.add(secretOf(token));
            secrets.add(SecretTokens.sha256Hex(secretOf(token)));
        }
        for (String secret : secrets) {
            assertThat(mentions("select count(*) from domainevententry where position(? in convert_from(payload, 'UTF8')) > 0", secret))
                    .isZero();
        }
        assertThat(mentions("select count(*) from domainevententry where aggregateidentifier = ?", tokenId)).isEqualTo(3);

        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
            for (String type : List.of("ScimTokenCreated", "ScimTokenRotated", "ScimTokenRevoked")) {
                List<JsonNode> entries = auditEntries(owner, "event_type=" + type);
                assertThat(entries).as(type).hasSize(1);
                assertThat(entries.getFirst().path("actor_type").asText()).isEqualTo("USER");
                assertThat(entries.getFirst().path("actor_id").asText()).isEqualTo(owner.userId());
                assertThat(entries.getFirst().path("payload").path("token_id").asText()).isEqualTo(tokenId);
            }
        });
        for (String secret : secrets) {
            assertThat(mentions("select count(*) from audit_entry where position(? in payload::text) > 0", secret))
                    .isZero();
        }
    }

    private int mentions(String sql, String value) {
        return ((Number) db.fetchValue(sql, value)).intValue();
    }

    private Api.Response scim(String token) {
        return api.get(SCIM, token);
    }

    private static void assertUnauthorizedScim(Api.Response response) {
        assertThat(response.status()).as(response.body().toString()).isEqualTo(401);
        assertThat(response.contentType()).startsWith("application/scim+json");
        assertThat(response.body().path("schemas").get(0).asText()).isEqualTo("urn:ietf:params:scim:api:messages:2.0:Error");
        assertThat(response.text("status")).isEqualTo("401");
        assertThat(response.text("detail")).isNotBlank();
        assertThat(response.header("WWW-Authenticate")).startsWith("Bearer");
    }

    private static String secretOf(String token) {
        return BearerSecret.parse(BearerSecret.SCIM_TOKEN, token).orElseThrow().secret();
    }
}
