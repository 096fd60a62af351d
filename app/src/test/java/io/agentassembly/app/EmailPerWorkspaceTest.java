package io.agentassembly.app;

import com.fasterxml.jackson.databind.JsonNode;
import io.agentassembly.app.support.Api;
import io.agentassembly.app.support.IntegrationTest;
import io.agentassembly.app.support.Tenants;
import io.agentassembly.app.support.Tenants.Member;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static io.agentassembly.app.support.Api.json;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * An e-mail address is unique within a workspace, not across them (ADR 0016): the same person signs up for a second
 * workspace, or is invited into one, as a user of its own, and names the workspace at sign-in when the password
 * fits more than one.
 */
class EmailPerWorkspaceTest extends IntegrationTest {

    private static final String OTHER_PASSWORD = "Another-Horse-7-Stapler";

    private Api.Response login(String email, String password, String workspace) {
        return api.post("/api/v1/auth/login", null, workspace == null
                ? json("email", email, "password", password)
                : json("email", email, "password", password, "workspace", workspace));
    }

    private Api.Response invalidLogin(String email, String password, String workspace) {
        return api.deliberatelyInvalid().post("/api/v1/auth/login", null,
                json("email", email, "password", password, "workspace", workspace));
    }

    private JsonNode workspaceOf(Api.Response login) {
        assertThat(login.status()).as(login.body().toString()).isEqualTo(200);
        Api.Response workspace = api.get("/api/v1/workspace", login.text("access_token"));
        assertThat(workspace.status()).as(workspace.body().toString()).isEqualTo(200);
        return workspace.body();
    }

    private String userOf(Api.Response login) {
        return api.get("/api/v1/auth/me", login.text("access_token")).text("user_id");
    }

    /** Signs up a second workspace with the member's address and the given password, and verifies it. */
    private String signUpAgain(Member member, String password, int mailsSoFar) {
        String slug = "again-" + Tenants.uniqueEmail("s").substring(2, 10);
        Api.Response signUp = api.post("/api/v1/signup", null, json("email", member.email().toUpperCase(),
                "password", password, "workspace_name", "Second of " + member.email(), "region", "us-east-1",
                "tier", "free", "slug", slug));
        assertThat(signUp.status()).as(signUp.body().toString()).isEqualTo(202);
        Api.Response verified = api.post("/api/v1/signup/verify", null,
                json("token", tenants.mailedToken(member.email(), mailsSoFar + 1)));
        assertThat(verified.status()).as(verified.body().toString()).isEqualTo(200);
        return slug;
    }

    @Test
    void anAddressWithAnAccountSignsUpASecondWorkspaceAsANewOwnerWithItsOwnPassword() {
        Member first = tenants.signUp("free");
        String secondSlug = signUpAgain(first, OTHER_PASSWORD, 1);

        JsonNode second = workspaceOf(login(first.email(), OTHER_PASSWORD, null));
        assertThat(second.path("slug").asText()).isEqualTo(secondSlug);
        assertThat(second.path("workspace_id").asText()).isNotEqualTo(first.workspaceId());
        assertThat(userOf(login(first.email(), OTHER_PASSWORD, null))).isNotEqualTo(first.userId());

        assertThat(workspaceOf(login(first.email(), Tenants.PASSWORD, null)).path("workspace_id").asText())
                .as("each password signs in to its own workspace only").isEqualTo(first.workspaceId());
        Api.Response users = api.get("/api/v1/users", first.accessToken());
        assertThat(users.body().findValuesAsText("email")).containsOnlyOnce(first.email());
    }

    @Test
    void anAddressThatIsAUserOfAnotherWorkspaceCanBeInvitedAndJoinsAsAnotherUser() {
        Member elsewhere = tenants.signUp("free");
        Member owner = tenants.signUp("pro");

        Api.Response invited = api.post("/api/v1/invitations", owner.accessToken(),
                json("email", elsewhere.email(), "role", "DEVELOPER"));
        assertThat(invited.status()).as(invited.body().toString()).isEqualTo(201);
        Api.Response accepted = api.post("/api/v1/invitations/accept", null,
                json("token", tenants.mailedToken(elsewhere.email(), 2), "password", OTHER_PASSWORD));
        assertThat(accepted.status()).as(accepted.body().toString()).isEqualTo(201);
        assertThat(accepted.text("user_id")).isNotEqualTo(elsewhere.userId());

        Api.Response again = api.post("/api/v1/invitations", owner.accessToken(),
                json("email", elsewhere.email(), "role", "ADMIN"));
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.text("code")).as("unique within the workspace").isEqualTo("EMAIL_TAKEN");

        assertThat(workspaceOf(login(elsewhere.email(), OTHER_PASSWORD, null)).path("workspace_id").asText())
                .isEqualTo(owner.workspaceId());
        assertThat(workspaceOf(login(elsewhere.email(), Tenants.PASSWORD, null)).path("workspace_id").asText())
                .isEqualTo(elsewhere.workspaceId());
    }

    @Test
    void aPasswordThatFitsSeveralWorkspacesGetsAChoiceOfThoseOnlyAndTheSlugPicksOne() {
        Member first = tenants.signUp("free");
        String firstSlug = workspaceOf(login(first.email(), Tenants.PASSWORD, null)).path("slug").asText();
        String secondSlug = signUpAgain(first, Tenants.PASSWORD, 1);
        String otherPasswordSlug = signUpAgain(first, OTHER_PASSWORD, 2);

        Api.Response choice = login(first.email(), Tenants.PASSWORD, null);
        assertThat(choice.status()).isEqualTo(409);
        assertThat(choice.contentType()).startsWith("application/problem+json");
        assertThat(choice.text("code")).isEqualTo("WORKSPACE_CHOICE_REQUIRED");
        assertThat(choice.text("field")).isEqualTo("workspace");
        assertThat(choice.body().has("access_token")).isFalse();
        List<String> offered = new ArrayList<>();
        choice.body().path("workspaces").forEach(w -> offered.add(w.path("slug").asText()));
        assertThat(offered).as("only the workspaces the password proved").containsExactly(firstSlug, secondSlug);
        assertThat(choice.body().path("workspaces").get(0).path("name").asText()).isNotBlank();

        assertThat(workspaceOf(login(first.email(), Tenants.PASSWORD, " " + secondSlug.toUpperCase())).path("slug").asText())
                .isEqualTo(secondSlug);
        assertThat(workspaceOf(login(first.email(), Tenants.PASSWORD, firstSlug)).path("workspace_id").asText())
                .isEqualTo(first.workspaceId());
        assertThat(workspaceOf(login(first.email(), OTHER_PASSWORD, null)).path("slug").asText())
                .isEqualTo(otherPasswordSlug);

        Api.Response unknownAddress = login(Tenants.uniqueEmail("nobody"), Tenants.PASSWORD, null);
        Api.Response wrongSlugPassword = login(first.email(), Tenants.PASSWORD, otherPasswordSlug);
        Api.Response noSuchSlug = login(first.email(), Tenants.PASSWORD, "no-such-workspace-slug");
        assertThat(unknownAddress.status()).isEqualTo(401);
        for (Api.Response refused : List.of(wrongSlugPassword, noSuchSlug)) {
            assertThat(refused.status()).isEqualTo(401);
            assertThat(refused.body().toString()).isEqualTo(unknownAddress.body().toString());
        }
    }

    @Test
    void anAddressCanBeSignedUpOnlySoOftenAnHourSinceEachSignUpMailsIt() {
        String email = Tenants.uniqueEmail("flooded");
        for (int i = 0; i < 5; i++) {
            assertThat(api.post("/api/v1/signup", null, json("email", email, "password", Tenants.PASSWORD,
                    "workspace_name", "Flood " + i, "region", "eu-west-1", "tier", "free")).status()).isEqualTo(202);
        }
        Api.Response sixth = api.post("/api/v1/signup", null, json("email", email.toUpperCase(), "password",
                Tenants.PASSWORD, "workspace_name", "Flood 6", "region", "eu-west-1", "tier", "free"));
        assertThat(sixth.status()).isEqualTo(429);
        assertThat(sixth.text("code")).isEqualTo("RATE_LIMITED");
        assertThat(sixth.header("Retry-After")).isNotBlank();
        assertThat(api.post("/api/v1/signup", null, json("email", Tenants.uniqueEmail("other"), "password",
                Tenants.PASSWORD, "workspace_name", "Other", "region", "eu-west-1", "tier", "free")).status())
                .isEqualTo(202);
    }

    @Test
    void aWorkspaceChoiceIsTooLongToBeASlug() {
        Api.Response tooLong = invalidLogin(Tenants.uniqueEmail("x"), Tenants.PASSWORD, "w".repeat(65));
        assertThat(tooLong.status()).isEqualTo(400);
        assertThat(tooLong.text("field")).isEqualTo("workspace");
    }
}
