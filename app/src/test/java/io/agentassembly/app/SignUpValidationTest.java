package io.agentassembly.app;

import io.agentassembly.app.support.Api;
import io.agentassembly.app.support.IntegrationTest;
import io.agentassembly.app.support.Tenants;
import io.agentassembly.app.support.Tenants.Member;
import org.jooq.DSLContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;

import java.util.stream.Stream;

import static io.agentassembly.app.support.Api.json;
import static org.assertj.core.api.Assertions.assertThat;

/** Bad sign-ups are refused with problem+json naming the field, and leave nothing behind. */
class SignUpValidationTest extends IntegrationTest {

    @Autowired
    DSLContext db;

    static Stream<Arguments> badSignUps() {
        return Stream.of(
                Arguments.of("bad e-mail", "not-an-email", Tenants.PASSWORD, "us-east-1", "pro", 400, "email"),
                Arguments.of("short password", null, "Sh0rt!pass", "us-east-1", "pro", 400, "password"),
                Arguments.of("one-class password", null, "alllowercaseletters", "us-east-1", "pro", 400, "password"),
                Arguments.of("unknown region", null, Tenants.PASSWORD, "mars-north-1", "pro", 400, "region"),
                Arguments.of("unknown tier", null, Tenants.PASSWORD, "us-east-1", "platinum", 400, "tier"),
                Arguments.of("enterprise is not self-serve", null, Tenants.PASSWORD, "us-east-1", "enterprise", 400, "tier"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badSignUps")
    void refusesBadSignUpsWithoutWritingAnything(String why, String email, String password, String region, String tier,
                                                 int status, String field) {
        String address = email == null ? Tenants.uniqueEmail("bad") : email;
        long eventsBefore = eventCount();

        Api.Response response = api.deliberatelyInvalid().post("/api/v1/signup", null, json("email", address, "password", password,
                "workspace_name", "Bad Co", "region", region, "tier", tier));

        assertThat(response.status()).isEqualTo(status);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.text("code")).isEqualTo("VALIDATION_FAILED");
        assertThat(response.text("field")).isEqualTo(field);
        assertThat(response.text("detail")).isNotBlank();
        assertThat(eventCount()).isEqualTo(eventsBefore);
        assertThat(db.fetchCount(db.selectFrom("user_account").where("email = ?", address.toLowerCase()))).isZero();
        assertThat(db.fetchCount(db.selectFrom("email_registry").where("email = ?", address.toLowerCase()))).isZero();
    }

    /** ADR 0003: the read models security and e-mail depend on are written with the command, or nothing is. */
    @ParameterizedTest
    @ValueSource(strings = {"workspace_view", "notification_outbox"})
    void aConsistentProjectionThatCannotWriteFailsTheCommandAndLeavesNothing(String table) {
        String address = Tenants.uniqueEmail("halfway");
        long eventsBefore = eventCount();
        db.execute("alter table " + table + " add constraint refuse_writes check (false) not valid");
        Api.Response response;
        try {
            response = api.post("/api/v1/signup", null, json("email", address, "password", Tenants.PASSWORD,
                    "workspace_name", "Halfway Co", "region", "us-east-1", "tier", "free"));
        } finally {
            db.execute("alter table " + table + " drop constraint refuse_writes");
        }

        assertThat(response.status()).isGreaterThanOrEqualTo(500);
        assertThat(eventCount()).isEqualTo(eventsBefore);
        assertThat(db.fetchCount(db.selectFrom("email_registry").where("email = ?", address))).isZero();
        assertThat(db.fetchCount(db.selectFrom("user_account").where("email = ?", address))).isZero();
    }

    @Test
    void refusesUnknownFieldsAndMalformedJson() {
        Api.Response unknown = api.deliberatelyInvalid().post("/api/v1/signup", null, json("email", Tenants.uniqueEmail("u"),
                "password", Tenants.PASSWORD, "workspace_name", "X", "region", "us-east-1", "tier", "free",
                "is_admin", true));
        assertThat(unknown.status()).isEqualTo(400);
        assertThat(unknown.text("field")).isEqualTo("is_admin");

        Api.Response malformed = api.deliberatelyInvalid().post("/api/v1/signup", null, "{\"email\": ");
        assertThat(malformed.status()).isEqualTo(400);
        assertThat(malformed.contentType()).startsWith("application/problem+json");

        Api.Response missing = api.deliberatelyInvalid().post("/api/v1/signup", null, json("email", Tenants.uniqueEmail("m")));
        assertThat(missing.status()).isEqualTo(400);
        assertThat(missing.body().path("errors").size()).isGreaterThanOrEqualTo(4);
    }

    @Test
    void aWorkspaceStaysPendingAndUnusableUntilItsEmailIsVerified() {
        String email = Tenants.uniqueEmail("pending");
        Api.Response signUp = api.post("/api/v1/signup", null, json("email", email, "password", Tenants.PASSWORD,
                "workspace_name", "Pending Co", "region", "ap-northeast-1", "tier", "business"));
        assertThat(signUp.status()).isEqualTo(202);
        assertThat(api.post("/api/v1/auth/login", null, json("email", email, "password", Tenants.PASSWORD)).status())
                .isEqualTo(401);

        String token = tenants.mailedToken(email);
        Api.Response forged = api.post("/api/v1/signup/verify", null, json("token", token.substring(0, token.length() - 2) + "xx"));
        assertThat(forged.status()).isEqualTo(400);
        assertThat(forged.text("code")).isEqualTo("TOKEN_INVALID");

        assertThat(api.post("/api/v1/signup/verify", null, json("token", token)).status()).isEqualTo(200);
        Api.Response again = api.post("/api/v1/signup/verify", null, json("token", token));
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.text("code")).isEqualTo("WORKSPACE_ALREADY_VERIFIED");
        assertThat(api.post("/api/v1/auth/login", null, json("email", email, "password", Tenants.PASSWORD)).status())
                .isEqualTo(200);
    }

    @Test
    void theRegionIsPermanent() {
        Member owner = tenants.signUp("pro");
        Api.Response moved = api.patch("/api/v1/workspaces/" + owner.workspaceId(), owner.accessToken(),
                json("region", "us-east-1"));
        assertThat(moved.status()).isEqualTo(422);
        assertThat(moved.text("code")).isEqualTo("REGION_IMMUTABLE");
        assertThat(moved.text("field")).isEqualTo("region");
        assertThat(api.get("/api/v1/workspace", owner.accessToken()).text("region")).isEqualTo("eu-west-1");

        Api.Response renamed = api.patch("/api/v1/workspaces/" + owner.workspaceId(), owner.accessToken(),
                json("name", "Renamed Co", "region", "eu-west-1"));
        assertThat(renamed.status()).isEqualTo(200);
        assertThat(renamed.text("name")).isEqualTo("Renamed Co");
    }

    private long eventCount() {
        return db.fetchCount(db.selectFrom("domainevententry"));
    }
}
