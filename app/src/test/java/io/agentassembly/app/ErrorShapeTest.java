package io.agentassembly.app;

import io.agentassembly.app.support.Api;
import io.agentassembly.app.support.IntegrationTest;
import io.agentassembly.app.support.Tenants;
import io.agentassembly.app.support.Tenants.Member;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.util.List;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import static io.agentassembly.app.support.Api.json;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * One error shape everywhere: whatever refuses a request (no route, the wrong method or media type, an unreadable
 * body, a missing query parameter, a domain rule), the answer is problem+json with a {@code code} and, where an
 * input is at fault, its {@code field} as the client sends it.
 */
class ErrorShapeTest extends IntegrationTest {

    private Member owner;

    @BeforeEach
    void owner() {
        owner = tenants.signUp("pro");
    }

    @Test
    void anUnknownRouteIsAProblem404() {
        Api.Response response = api.deliberatelyInvalid().get("/api/v1/no-such-thing", owner.accessToken());

        assertProblem(response, 404, "NOT_FOUND", null);
        assertThat(response.text("detail")).doesNotContain("static resource").contains("/v3/api-docs");
    }

    @Test
    void aWrongMethodIsAProblem405NamingTheAllowedOnes() {
        Api.Response response = api.deliberatelyInvalid().delete("/api/v1/logs", owner.accessToken());

        assertProblem(response, 405, "METHOD_NOT_ALLOWED", null);
        assertThat(response.header("Allow")).contains("GET");
        assertThat(response.text("detail")).contains("GET");
    }

    @Test
    void anUnsupportedMediaTypeIsAProblem415NamingContentType() {
        Api.Response response = api.deliberatelyInvalid().send("POST", "/api/v1/api-keys", owner.accessToken(), "text/plain", "name=ci");

        assertProblem(response, 415, "UNSUPPORTED_MEDIA_TYPE", "Content-Type");
    }

    @Test
    void anUnacceptableAcceptHeaderIsAProblem406NamingAccept() throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + "/api/v1/api-keys"))
                .header("Authorization", "Bearer " + owner.accessToken())
                .header("Accept", "text/csv").GET().build(), HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).as(response.body()).isEqualTo(406);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(response.body()).contains("\"code\":\"NOT_ACCEPTABLE\"").contains("\"field\":\"Accept\"");
    }

    @Test
    void malformedJsonAndWrongTypesAre400sNamingTheField() {
        assertProblem(api.deliberatelyInvalid().send("POST", "/api/v1/api-keys", owner.accessToken(), "application/json", "{\"name\":"),
                400, "VALIDATION_FAILED", "body");
        assertProblem(api.deliberatelyInvalid().post("/api/v1/api-keys", owner.accessToken(), json("name", new String[]{"a"})),
                400, "VALIDATION_FAILED", "name");
        assertProblem(api.deliberatelyInvalid().post("/api/v1/agents", owner.accessToken(), json("org_id", "acme", "team_id", "t",
                "agent_id", "a", "name", "Bot", "tool_names", "shell")), 400, "VALIDATION_FAILED", "tool_names");
        assertProblem(api.deliberatelyInvalid().post("/api/v1/agents", owner.accessToken(), json("org_id", "acme", "team_id", "t",
                "agent_id", "a", "name", "Bot", "tool_names", List.of("shell", List.of("nested")))),
                400, "VALIDATION_FAILED", "tool_names[1]");
    }

    @Test
    void aMissingOrMalformedQueryParameterIsNamed() {
        Api.Response missing = api.deliberatelyInvalid().get("/api/v1/policies/any/diff?to=2", owner.accessToken());
        assertProblem(missing, 400, "VALIDATION_FAILED", "from");
        assertThat(missing.text("detail")).contains("from").contains("required");

        assertProblem(api.deliberatelyInvalid().get("/api/v1/logs?per_page=many", owner.accessToken()), 400, "VALIDATION_FAILED", "per_page");
        assertProblem(api.deliberatelyInvalid().get("/api/v1/policies/any/diff?from=x&to=2", owner.accessToken()),
                400, "VALIDATION_FAILED", "from");
    }

    @Test
    void domainRulesNameFieldsByTheirWireNames() {
        Api.Response parent = api.deliberatelyInvalid().post("/api/v1/agents", owner.accessToken(), json("org_id", "acme", "team_id", "t",
                "agent_id", "a", "name", "Bot", "parent_agent_key", "not a key"));
        assertProblem(parent, 400, "VALIDATION_FAILED", "parent_agent_key");
        assertThat(parent.text("detail")).doesNotContain("parentAgentKey");
    }

    @Test
    void aSupersededVerificationLinkNamesTheTokenItCameIn() {
        String email = Tenants.uniqueEmail("relinked");
        assertThat(api.deliberatelyInvalid().post("/api/v1/signup", null, json("email", email, "password",
                Tenants.PASSWORD, "workspace_name", "Relinked " + email,
                "region", "eu-west-1", "tier", "pro")).status()).isEqualTo(202);
        String first = tenants.mailedToken(email, 1);
        assertThat(api.deliberatelyInvalid().post("/api/v1/signup/resend", null, json("email", email)).status()).isEqualTo(202);
        tenants.mailedToken(email, 2);

        Api.Response response = api.deliberatelyInvalid().post("/api/v1/signup/verify", null, json("token", first));

        assertProblem(response, 400, "TOKEN_INVALID", "token");
    }

    @Test
    void errorsRaisedBeforeSpringMvcOrByTomcatHaveTheSameShape() {
        assertProblem(api.deliberatelyInvalid().get("/api/v1/agents/a;b", owner.accessToken()), 400, "VALIDATION_FAILED", null);
        assertProblem(api.deliberatelyInvalid().get("/api/v1/agents/a%00b", owner.accessToken()), 400, "VALIDATION_FAILED", null);
    }

    private static void assertProblem(Api.Response response, int status, String code, String field) {
        assertThat(response.status()).as(response.body().toString()).isEqualTo(status);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.text("code")).as(response.body().toString()).isEqualTo(code);
        assertThat(response.text("field")).as(response.body().toString()).isEqualTo(field);
        assertThat(response.text("title")).isNotBlank();
        assertThat(response.text("type")).startsWith("https://docs.agentassembly.io/problems/");
    }
}
