package io.agentassembly.app;

import io.agentassembly.app.support.Api;
import io.agentassembly.app.support.IntegrationTest;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Health for orchestrators, OpenAPI for API users; both public, nothing else is. */
class OperationalEndpointsTest extends IntegrationTest {

    @Test
    void healthIsUpAndPublic() {
        Api.Response health = api.get("/actuator/health", null);
        assertThat(health.status()).isEqualTo(200);
        assertThat(health.text("status")).isEqualTo("UP");
        assertThat(api.get("/actuator/metrics", null).status()).isEqualTo(401);
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
        Api.Response missing = api.get("/api/v1/no-such-thing", owner.accessToken());
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.contentType()).startsWith("application/problem+json");
    }
}
