package io.agentassembly.app;

import io.agentassembly.app.support.Api;
import io.agentassembly.app.support.IntegrationTest;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Health for orchestrators, OpenAPI for API users; both public. The other management endpoints show figures of
 * every tenant: operators only.
 */
class OperationalEndpointsTest extends IntegrationTest {

    private static final List<String> MANAGEMENT = List.of("/actuator/metrics", "/actuator/metrics/jvm.memory.used",
            "/actuator/info", "/actuator");

    @Test
    void healthIsUpAndPublic() {
        Api.Response health = api.get("/actuator/health", null);
        assertThat(health.status()).isEqualTo(200);
        assertThat(health.text("status")).isEqualTo("UP");
        assertThat(api.get("/actuator/health/liveness", null).status()).isEqualTo(200);
        assertThat(api.get("/actuator/health/readiness", null).status()).isEqualTo(200);
    }

    @Test
    void otherManagementEndpointsNeedTheOperatorCredential() {
        var owner = tenants.signUp("business");
        String ownerKey = api.post("/api/v1/api-keys", owner.accessToken(), Api.json("name", "ops")).text("token");
        for (String path : MANAGEMENT) {
            Api.Response anonymous = api.get(path, null);
            assertThat(anonymous.status()).as(path).isEqualTo(401);
            assertThat(anonymous.contentType()).as(path).startsWith("application/problem+json");
            Api.Response tenantOwner = api.get(path, owner.accessToken());
            assertThat(tenantOwner.status()).as(path).isEqualTo(403);
            assertThat(tenantOwner.contentType()).as(path).startsWith("application/problem+json");
            assertThat(api.get(path, ownerKey).status()).as(path).isEqualTo(403);
            assertThat(api.get(path, OPERATOR_TOKEN).status()).as(path).isEqualTo(200);
        }
        assertThat(api.get("/actuator/metrics", OPERATOR_TOKEN).body().path("names").toString())
                .contains("aasm.limits.refused");
    }

    @Test
    void theOpenApiDocumentDescribesTheRestApi() {
        Api.Response docs = api.get("/v3/api-docs", null);
        assertThat(docs.status()).isEqualTo(200);
        assertThat(docs.body().path("paths").has("/api/v1/signup")).isTrue();
        assertThat(docs.body().path("paths").has("/api/v1/logs")).isTrue();
        assertThat(docs.body().path("paths").has("/api/v1/operator/workspaces")).isTrue();
    }

    @Test
    void unknownPathsAnswer404ProblemsToSignedInCallers() {
        var owner = tenants.signUp("free");
        Api.Response missing = api.deliberatelyInvalid().get("/api/v1/no-such-thing", owner.accessToken());
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.contentType()).startsWith("application/problem+json");
    }
}
