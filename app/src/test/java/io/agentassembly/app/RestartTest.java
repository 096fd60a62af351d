package io.agentassembly.app;

import io.agentassembly.app.support.Api;
import io.agentassembly.app.support.AppInstances;
import io.agentassembly.app.support.IntegrationTest;
import io.agentassembly.app.support.TestDatabase;
import io.agentassembly.app.support.Tenants;
import io.agentassembly.app.support.Tenants.Member;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

import java.time.Duration;

import static io.agentassembly.app.support.Api.json;
import static io.agentassembly.app.support.AppInstances.port;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Stops the whole app and starts it again on the same database: everything is back. */
class RestartTest {

    @Test
    void allStateIsBackAfterARestart() {
        TestDatabase.Connection3 database = TestDatabase.create("restart");

        Member owner;
        String apiKey;
        String logsBefore;
        try (ConfigurableApplicationContext first = AppInstances.start(database)) {
            Api api = new Api(port(first));
            Tenants tenants = new Tenants(api, IntegrationTest.MAIL);
            owner = tenants.signUp("pro");
            apiKey = api.post("/api/v1/api-keys", owner.accessToken(), json("name", "survivor")).text("token");
            tenants.invite(owner, "VIEWER");
            await().atMost(Duration.ofSeconds(15))
                    .until(() -> api.get("/api/v1/logs?per_page=500", owner.accessToken()).body().path("entries").size() >= 10);
            logsBefore = api.get("/api/v1/logs?per_page=500", owner.accessToken()).body().path("entries").toString();
        }

        try (ConfigurableApplicationContext second = AppInstances.start(database)) {
            Api api = new Api(port(second));
            assertThat(api.get("/api/v1/workspace", owner.accessToken()).text("status")).isEqualTo("ACTIVE");
            assertThat(api.get("/api/v1/auth/me", apiKey).text("user_id")).isEqualTo(owner.userId());
            assertThat(api.get("/api/v1/users", owner.accessToken()).body().size()).isEqualTo(2);
            assertThat(api.post("/api/v1/auth/login", null, json("email", owner.email(), "password", Tenants.PASSWORD))
                    .status()).isEqualTo(200);
            assertThat(api.get("/api/v1/logs?per_page=500", owner.accessToken()).body().path("entries").toString())
                    .contains(logsBefore.substring(logsBefore.indexOf("UserInvited")))
                    .contains("UserSignedIn");
            assertThat(api.post("/api/v1/signup", null, json("email", owner.email(), "password", Tenants.PASSWORD,
                    "workspace_name", "Again", "region", "us-east-1", "tier", "free")).status()).isEqualTo(202);
            assertThat(api.post("/api/v1/auth/login", null, json("email", owner.email(), "password", Tenants.PASSWORD))
                    .status()).as("a second sign-up with the address leaves the account alone").isEqualTo(200);
        }
    }
}
