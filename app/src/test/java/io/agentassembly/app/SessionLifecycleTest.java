package io.agentassembly.app;

import io.agentassembly.app.support.Api;
import io.agentassembly.app.support.IntegrationTest;
import io.agentassembly.app.support.Tenants;
import io.agentassembly.app.support.Tenants.Member;
import org.jooq.DSLContext;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;

import static io.agentassembly.app.support.Api.json;
import static io.agentassembly.schema.jooq.Tables.USER_SESSION;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Sessions, refresh rotation, sign-out, and changes to a user that apply to their credentials at once. */
class SessionLifecycleTest extends IntegrationTest {

    @Autowired
    DSLContext db;

    @Test
    void logoutRevokesTheAccessAndRefreshTokensAtOnce() {
        Member owner = tenants.signUp("free");
        assertThat(api.post("/api/v1/auth/logout", owner.accessToken(), null).status()).isEqualTo(204);
        assertThat(api.get("/api/v1/workspace", owner.accessToken()).status()).isEqualTo(401);
        assertThat(api.post("/api/v1/auth/refresh", null, json("refresh_token", owner.refreshToken())).status())
                .isEqualTo(401);
    }

    @Test
    void refreshRotatesAndReusingAnOldRefreshTokenEndsTheSession() {
        Member owner = tenants.signUp("free");
        Api.Response first = api.post("/api/v1/auth/refresh", null, json("refresh_token", owner.refreshToken()));
        assertThat(first.status()).isEqualTo(200);
        assertThat(api.get("/api/v1/workspace", first.text("access_token")).status()).isEqualTo(200);

        Api.Response replayed = api.post("/api/v1/auth/refresh", null, json("refresh_token", owner.refreshToken()));
        assertThat(replayed.status()).isEqualTo(401);
        assertThat(api.get("/api/v1/workspace", first.text("access_token")).status()).isEqualTo(401);
        assertThat(api.post("/api/v1/auth/refresh", null, json("refresh_token", first.text("refresh_token"))).status())
                .isEqualTo(401);
    }

    @Test
    void aForgedRefreshTokenNamingARealSessionIsRefusedAndTheSessionLivesOn() {
        Member owner = tenants.signUp("free");
        String forged = "aasr_" + sessionIdOf(owner) + "_" + "A".repeat(43);

        Api.Response refused = api.post("/api/v1/auth/refresh", null, json("refresh_token", forged));

        assertThat(refused.status()).isEqualTo(401);
        assertThat(refused.text("code")).isEqualTo("AUTHENTICATION_FAILED");
        assertThat(refused.text("field")).isEqualTo("refresh_token");
        assertThat(api.get("/api/v1/workspace", owner.accessToken()).status()).isEqualTo(200);
        Api.Response rotated = api.post("/api/v1/auth/refresh", null, json("refresh_token", owner.refreshToken()));
        assertThat(rotated.status()).isEqualTo(200);
        assertThat(api.post("/api/v1/auth/refresh", null, json("refresh_token", forged)).status()).isEqualTo(401);
        assertThat(api.get("/api/v1/workspace", rotated.text("access_token")).status()).isEqualTo(200);
    }

    @Test
    void deactivationEndsEverySessionOfTheUserForGood() {
        Member owner = tenants.signUp("pro");
        Member developer = tenants.invite(owner, "DEVELOPER");
        Member secondSession = tenants.login(developer.workspaceId(), developer.userId(), developer.email());

        assertThat(api.post("/api/v1/users/" + developer.userId() + "/deactivate", owner.accessToken(), null).status())
                .isEqualTo(200);
        assertThat(api.post("/api/v1/auth/refresh", null, json("refresh_token", developer.refreshToken())).status())
                .isEqualTo(401);
        assertThat(api.post("/api/v1/users/" + developer.userId() + "/reactivate", owner.accessToken(), null).status())
                .isEqualTo(200);

        for (Member session : List.of(developer, secondSession)) {
            assertThat(api.get("/api/v1/workspace", session.accessToken()).status()).isEqualTo(401);
            assertThat(api.post("/api/v1/auth/refresh", null, json("refresh_token", session.refreshToken())).status())
                    .isEqualTo(401);
        }
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertThat(
                auditEntries(owner, "event_type=UserSessionEnded"))
                .hasSize(2)
                .allSatisfy(entry -> {
                    assertThat(entry.path("payload").path("reason").asText()).isEqualTo("USER_DEACTIVATED");
                    assertThat(entry.path("payload").path("user_id").asText()).isEqualTo(developer.userId());
                    assertThat(entry.path("actor_id").asText()).isEqualTo(owner.userId());
                })
                .extracting(entry -> entry.path("payload").path("session_id").asText())
                .containsExactlyInAnyOrder(sessionIdOf(developer), sessionIdOf(secondSession)));
        Member again = tenants.login(developer.workspaceId(), developer.userId(), developer.email());
        assertThat(api.get("/api/v1/workspace", again.accessToken()).status()).isEqualTo(200);
    }

    @Test
    void anAccessTokenIsRefusedOnceItsSessionIsOlderThanTheMaximumLifetime() {
        Member owner = tenants.signUp("free");
        assertThat(api.get("/api/v1/workspace", owner.accessToken()).status()).isEqualTo(200);

        db.update(USER_SESSION)
                .set(USER_SESSION.CREATED_AT, OffsetDateTime.now(ZoneOffset.UTC).minusDays(30).minusMinutes(1))
                .where(USER_SESSION.SESSION_ID.eq(sessionIdOf(owner)))
                .execute();

        assertThat(api.get("/api/v1/workspace", owner.accessToken()).status()).isEqualTo(401);
    }

    @Test
    void wrongPasswordsAndUnknownUsersGetTheSameAnswer() {
        Member owner = tenants.signUp("free");
        Api.Response wrong = api.post("/api/v1/auth/login", null, json("email", owner.email(), "password", "Wrong-Password-123"));
        Api.Response unknown = api.post("/api/v1/auth/login", null, json("email", Tenants.uniqueEmail("nobody"), "password", Tenants.PASSWORD));
        assertThat(wrong.status()).isEqualTo(401);
        assertThat(unknown.status()).isEqualTo(401);
        assertThat(wrong.text("detail")).isEqualTo(unknown.text("detail"));
    }

    @Test
    void roleChangesAndDeactivationApplyToExistingTokensAtOnce() {
        Member owner = tenants.signUp("pro");
        Member admin = tenants.invite(owner, "ADMIN");
        String adminKey = api.post("/api/v1/api-keys", admin.accessToken(), json("name", "admin key")).text("token");
        assertThat(api.get("/api/v1/users", admin.accessToken()).status()).isEqualTo(200);

        assertThat(api.put("/api/v1/users/" + admin.userId() + "/role", owner.accessToken(), json("role", "VIEWER")).status())
                .isEqualTo(200);
        assertThat(api.get("/api/v1/users", admin.accessToken()).status()).isEqualTo(403);
        assertThat(api.get("/api/v1/users", adminKey).status()).isEqualTo(403);

        assertThat(api.post("/api/v1/users/" + admin.userId() + "/deactivate", owner.accessToken(), null).text("status"))
                .isEqualTo("INACTIVE");
        assertThat(api.get("/api/v1/workspace", admin.accessToken()).status()).isEqualTo(401);
        assertThat(api.get("/api/v1/workspace", adminKey).status()).isEqualTo(401);
        assertThat(api.post("/api/v1/auth/login", null, json("email", admin.email(), "password", Tenants.PASSWORD)).status())
                .isEqualTo(401);
        assertThat(api.get("/api/v1/users/" + admin.userId(), owner.accessToken()).text("status")).isEqualTo("INACTIVE");
    }

    @Test
    void theLastOwnerCanNeitherBeDemotedNorDeactivated() {
        Member owner = tenants.signUp("pro");
        Api.Response demote = api.put("/api/v1/users/" + owner.userId() + "/role", owner.accessToken(), json("role", "ADMIN"));
        assertThat(demote.status()).isEqualTo(409);
        assertThat(demote.text("code")).isEqualTo("LAST_OWNER");
        Api.Response deactivate = api.post("/api/v1/users/" + owner.userId() + "/deactivate", owner.accessToken(), null);
        assertThat(deactivate.status()).isEqualTo(409);
        assertThat(deactivate.text("code")).isEqualTo("LAST_OWNER");

        Member second = tenants.invite(owner, "OWNER");
        assertThat(api.put("/api/v1/users/" + owner.userId() + "/role", second.accessToken(), json("role", "ADMIN")).status())
                .isEqualTo(200);
    }

    @Test
    void anInvitationWorksOnceAndADuplicateInviteeIsRefused() {
        Member owner = tenants.signUp("pro");
        String email = Tenants.uniqueEmail("twice");
        assertThat(api.post("/api/v1/invitations", owner.accessToken(), json("email", email, "role", "VIEWER")).status()).isEqualTo(201);
        Api.Response duplicate = api.post("/api/v1/invitations", owner.accessToken(), json("email", email, "role", "ADMIN"));
        assertThat(duplicate.status()).isEqualTo(409);
        assertThat(duplicate.text("code")).isEqualTo("INVITATION_PENDING");

        String token = tenants.mailedToken(email);
        assertThat(api.post("/api/v1/invitations/accept", null, json("token", token, "password", Tenants.PASSWORD)).status())
                .isEqualTo(201);
        Api.Response reused = api.post("/api/v1/invitations/accept", null, json("token", token, "password", Tenants.PASSWORD));
        assertThat(reused.status()).isIn(404, 409);
        Api.Response existingMember = api.post("/api/v1/invitations", owner.accessToken(), json("email", email, "role", "ADMIN"));
        assertThat(existingMember.status()).isEqualTo(409);
        assertThat(existingMember.text("code")).isEqualTo("EMAIL_TAKEN");
    }

    /** The session id is the middle part of the refresh token {@code aasr_<session>_<secret>}. */
    private static String sessionIdOf(Member member) {
        return member.refreshToken().split("_")[1];
    }
}
