package io.agentassembly.app;

import io.agentassembly.app.support.Api;
import io.agentassembly.app.support.IntegrationTest;
import io.agentassembly.app.support.Tenants;
import io.agentassembly.app.support.Tenants.Member;
import org.junit.jupiter.api.Test;

import static io.agentassembly.app.support.Api.json;
import static org.assertj.core.api.Assertions.assertThat;

/** Sessions, refresh rotation, sign-out, and changes to a user that apply to their credentials at once. */
class SessionLifecycleTest extends IntegrationTest {

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
}
