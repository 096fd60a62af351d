package io.agentassembly.app;

import io.agentassembly.app.support.Api;
import io.agentassembly.app.support.IntegrationTest;
import io.agentassembly.app.support.Tenants;
import io.agentassembly.app.support.Tenants.Member;
import org.junit.jupiter.api.Test;

import static io.agentassembly.app.support.Api.json;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * No public endpoint tells whether an e-mail address has an account: sign-up, login and resend answer alike for
 * known, pending and unknown addresses. A sign-up with a known address is a new workspace like any other.
 */
class AccountEnumerationTest extends IntegrationTest {

    private static final String IN_USE_SUBJECT = "Someone tried to sign up with your address";

    private Api.Response signUp(String email, String slug) {
        return api.post("/api/v1/signup", null, json("email", email, "password", Tenants.PASSWORD,
                "workspace_name", "Copycat", "region", "us-east-1", "tier", "free", "slug", slug));
    }

    private static String slug() {
        return "copy-" + Tenants.uniqueEmail("s").substring(2, 10);
    }

    @Test
    void signUpAnswersAnAddressWithAnAccountExactlyLikeAFreshOneAndLeavesTheAccountAlone() {
        Member existing = tenants.signUp("free");
        String fresh = Tenants.uniqueEmail("fresh");

        Api.Response taken = signUp(existing.email().toUpperCase(), slug());
        Api.Response free = signUp(fresh, slug());

        assertThat(taken.status()).isEqualTo(202);
        assertThat(free.status()).isEqualTo(202);
        assertThat(taken.contentType()).isEqualTo(free.contentType());
        assertThat(taken.body().toString()).isEqualTo(free.body().toString());
        assertThat(taken.body().has("workspace_id")).isFalse();
        assertThat(taken.body().has("user_id")).isFalse();

        // Addresses are unique per workspace (ADR 0016): both sign-ups are new workspaces with a link of their own.
        assertThat(tenants.mailedToken(fresh)).isNotBlank();
        assertThat(tenants.mailedToken(existing.email(), 2)).isNotBlank();
        assertThat(tenants.mailTo(existing.email())).noneMatch(mail -> mail.contains(IN_USE_SUBJECT));

        Api.Response login = api.post("/api/v1/auth/login", null, json("email", existing.email(), "password",
                Tenants.PASSWORD));
        assertThat(login.status()).as("the account is untouched; the new one is not verified").isEqualTo(200);
        assertThat(api.get("/api/v1/auth/me", login.text("access_token")).text("workspace_id"))
                .isEqualTo(existing.workspaceId());
    }

    @Test
    void aSignUpWithATakenAddressHoldsItsSlugLikeAFreshOneSoSlugsRevealNothing() {
        Member existing = tenants.signUp("free");
        String takenSlug = slug();
        String freeSlug = slug();
        assertThat(signUp(existing.email(), takenSlug).status()).isEqualTo(202);
        assertThat(signUp(Tenants.uniqueEmail("fresh"), freeSlug).status()).isEqualTo(202);

        Api.Response afterTaken = signUp(Tenants.uniqueEmail("probe"), takenSlug);
        Api.Response afterFree = signUp(Tenants.uniqueEmail("probe"), freeSlug);

        assertThat(afterTaken.status()).isEqualTo(409);
        assertThat(afterTaken.text("code")).isEqualTo("SLUG_TAKEN");
        assertThat(afterTaken.text("field")).isEqualTo("slug");
        assertThat(afterTaken.body().toString()).isEqualTo(afterFree.body().toString().replace(freeSlug, takenSlug));
    }

    @Test
    void loginAnswersAlikeForAnUnknownAddressAWrongPasswordAndAPendingAccount() {
        Member existing = tenants.signUp("free");
        String pending = Tenants.uniqueEmail("pending");
        assertThat(signUp(pending, slug()).status()).isEqualTo(202);

        Api.Response unknown = api.post("/api/v1/auth/login", null,
                json("email", Tenants.uniqueEmail("nobody"), "password", Tenants.PASSWORD));
        Api.Response wrongPassword = api.post("/api/v1/auth/login", null,
                json("email", existing.email(), "password", Tenants.PASSWORD + "x"));
        Api.Response unverified = api.post("/api/v1/auth/login", null,
                json("email", pending, "password", Tenants.PASSWORD));

        assertThat(unknown.status()).isEqualTo(401);
        for (Api.Response other : new Api.Response[]{wrongPassword, unverified}) {
            assertThat(other.status()).isEqualTo(unknown.status());
            assertThat(other.contentType()).isEqualTo(unknown.contentType());
            assertThat(other.body().toString()).isEqualTo(unknown.body().toString());
        }
    }

    @Test
    void resendGivesAPendingSignUpANewWorkingLinkAndRetiresTheOldOne() {
        String email = Tenants.uniqueEmail("resend");
        assertThat(signUp(email, slug()).status()).isEqualTo(202);
        String first = tenants.mailedToken(email);

        Api.Response resent = api.post("/api/v1/signup/resend", null, json("email", email.toUpperCase()));
        assertThat(resent.status()).isEqualTo(202);
        String second = tenants.mailedToken(email, 2);

        assertThat(second).isNotEqualTo(first);
        Api.Response old = api.post("/api/v1/signup/verify", null, json("token", first));
        assertThat(old.status()).isEqualTo(400);
        assertThat(old.text("code")).isEqualTo("TOKEN_INVALID");
        assertThat(api.post("/api/v1/signup/verify", null, json("token", second)).status()).isEqualTo(200);
        assertThat(api.post("/api/v1/auth/login", null, json("email", email, "password", Tenants.PASSWORD)).status())
                .isEqualTo(200);
    }

    @Test
    void resendAnswersAlikeForUnknownVerifiedAndPendingAddressesAndMailsOnlyThePendingOne() {
        String unknown = Tenants.uniqueEmail("unknown");
        Member verified = tenants.signUp("free");
        String pending = Tenants.uniqueEmail("pending");
        assertThat(signUp(pending, slug()).status()).isEqualTo(202);
        tenants.mailedToken(pending);
        int verifiedMails = tenants.mailTo(verified.email()).size();

        Api.Response forUnknown = api.post("/api/v1/signup/resend", null, json("email", unknown));
        Api.Response forVerified = api.post("/api/v1/signup/resend", null, json("email", verified.email()));
        Api.Response forPending = api.post("/api/v1/signup/resend", null, json("email", pending));

        for (Api.Response response : new Api.Response[]{forUnknown, forVerified, forPending}) {
            assertThat(response.status()).isEqualTo(202);
            assertThat(response.contentType()).isEqualTo(forPending.contentType());
            assertThat(response.body().toString()).isEqualTo(forPending.body().toString());
        }
        // One worker handles resends in order: once the pending address has its link, the others were handled.
        tenants.mailedToken(pending, 2);
        assertThat(tenants.mailTo(unknown)).isEmpty();
        assertThat(tenants.mailTo(verified.email())).hasSize(verifiedMails);
    }

    @Test
    void resendNeedsNoCredentialButAWellFormedAddress() {
        Api.Response malformed = api.deliberatelyInvalid().post("/api/v1/signup/resend", null, json("email", "not-an-address"));
        assertThat(malformed.status()).isEqualTo(400);
        assertThat(malformed.contentType()).startsWith("application/problem+json");
        assertThat(malformed.text("code")).isEqualTo("VALIDATION_FAILED");
        assertThat(malformed.text("field")).isEqualTo("email");

        Api.Response missing = api.deliberatelyInvalid().post("/api/v1/signup/resend", null, json());
        assertThat(missing.status()).isEqualTo(400);
        assertThat(missing.text("field")).isEqualTo("email");
    }
}
