package io.agentassembly.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.agentassembly.app.support.Api;
import io.agentassembly.app.support.IntegrationTest;
import io.agentassembly.app.support.Tenants;
import io.agentassembly.app.support.Tenants.Member;
import org.jooq.DSLContext;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static io.agentassembly.app.support.Api.json;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The REST edge against hostile input: control characters in JSON strings, map keys, query parameters and
 * paths, oversize passwords and bodies. Every refusal is problem+json naming the field, and nothing is written.
 */
class RestHostileInputTest extends IntegrationTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Autowired
    private DSLContext db;

    private Member owner;

    @BeforeEach
    void owner() {
        owner = tenants.signUp("pro");
    }

    @Test
    void aNulInAnApiKeyNameIsA400NamingTheFieldAndNoKeyIsCreated() {
        int events = eventsOf(owner.workspaceId());

        Api.Response response = api.post("/api/v1/api-keys", owner.accessToken(), json("name", "ci\u0000key"));

        assertProblem(response, 400, "VALIDATION_FAILED", "name",
                "name contains a control character (U+0000) at position 2; remove it");
        assertThat(api.get("/api/v1/api-keys", owner.accessToken()).body()).isEmpty();
        assertThat(eventsOf(owner.workspaceId())).isEqualTo(events);
        assertThat(api.post("/api/v1/api-keys", owner.accessToken(), json("name", "ci key")).status()).isEqualTo(201);
    }

    @Test
    void controlCharactersInNestedFieldsListsAndMapKeysAreNamedByTheirPath() {
        Map<String, Object> agent = Map.of("org_id", "org-a", "team_id", "team-1", "agent_id", "bot",
                "name", "Bot", "tool_names", List.of("search", "sh\u001bell"));
        assertProblem(api.post("/api/v1/agents", owner.accessToken(), agent), 400, "VALIDATION_FAILED",
                "tool_names[1]", "tool_names[1] contains a control character (U+001B) at position 2; remove it");

        Map<String, Object> metadata = Map.of("org_id", "org-a", "team_id", "team-1", "agent_id", "bot",
                "name", "Bot", "metadata", Map.of("own\u0000er", "ops"));
        assertProblem(api.post("/api/v1/agents", owner.accessToken(), metadata), 400, "VALIDATION_FAILED",
                "metadata", "metadata key \"own\\u0000er\" contains a control character (U+0000) at position 3; "
                        + "remove it");

        Api.Response simulated = api.post("/api/v1/policies/simulate", owner.accessToken(), Map.of("request", Map.of(
                "agent_id", Map.of("org_id", "o", "agent_id", "a"), "action_type", "TOOL_CALL",
                "context", Map.of("tool_call", Map.of("tool_name", "fetch", "x-\u0085", "v")))));
        assertProblem(simulated, 400, "VALIDATION_FAILED", "request.context.tool_call",
                "request.context.tool_call key \"x-\\u0085\" contains a control character (U+0085) at position 2; "
                        + "remove it");
        assertThat(api.get("/api/v1/agents", owner.accessToken()).body()).isEmpty();
    }

    @Test
    void onlyFieldsMarkedForSeveralLinesTakeLineBreaks() {
        String draft = "apiVersion: agent-assembly/v1\nkind: Policy\nmetadata: { name: d }\nspec:\n\tscope: global\n";
        Map<String, Object> request = Map.of("agent_id", Map.of("org_id", "o", "team_id", "t", "agent_id", "a"),
                "action_type", "TOOL_CALL", "context", Map.of("tool_call", Map.of("tool_name", "search")));
        Api.Response multiLineDraft = api.post("/api/v1/policies/simulate", owner.accessToken(),
                Map.of("request", request, "draft", draft.replace("\t", "  ")));
        assertThat(multiLineDraft.status()).as(multiLineDraft.body().toString()).isEqualTo(200);

        assertProblem(api.post("/api/v1/policies/simulate", owner.accessToken(),
                Map.of("request", request, "draft", draft + "\u0000")), 400, "VALIDATION_FAILED", "draft",
                "draft contains a control character (U+0000) at position " + draft.length()
                        + " (only tab, line feed and carriage return are allowed); remove it");
        assertProblem(api.post("/api/v1/api-keys", owner.accessToken(), json("name", "two\nlines")), 400,
                "VALIDATION_FAILED", "name", "name contains a control character (U+000A) at position 3; remove it");
        assertProblem(api.deliberatelyInvalid().post("/api/v1/policies/simulate", owner.accessToken(), Map.of("request",
                        Map.of("agent_id", Map.of("org_id", "o", "team_id", "t", "agent_id", "a"), "action_type", "TOOL_CALL",
                                "context", Map.of("tool_call", Map.of("tool_name", "t".repeat(257)))))), 400,
                "VALIDATION_FAILED", "request.context.tool_call.tool_name",
                "request.context.tool_call.tool_name has 257 characters; at most 256 are allowed");
    }

    @Test
    void aPolicyFileWithAControlCharacterIsRefusedAndNothingIsStored() {
        int events = eventsOf(owner.workspaceId());
        Api.Response response = api.send("POST", "/api/v1/policies", owner.accessToken(), "application/yaml",
                "apiVersion: agent-assembly/v1\nkind: Policy\nmetadata: { name: p }\nspec: { scope: global }\n# \u0000\n");

        assertProblem(response, 400, "VALIDATION_FAILED", "body",
                "body contains a control character (U+0000) at position 91");
        assertThat(eventsOf(owner.workspaceId())).isEqualTo(events);
    }

    @Test
    void controlCharactersInQueryParametersAndPathsAreA400NamingThem() {
        assertProblem(api.get("/api/v1/logs?per_page=5&actor=%00admin", owner.accessToken()), 400,
                "VALIDATION_FAILED", "actor", "actor contains a control character (U+0000) at position 0; remove it");
        assertProblem(api.get("/api/v1/agents?org_id=org%0Aa", owner.accessToken()), 400, "VALIDATION_FAILED",
                "org_id", "org_id contains a control character (U+000A) at position 3");
        assertProblem(api.get("/api/v1/agents/agt%01x", owner.accessToken()), 400, "VALIDATION_FAILED", "path",
                "the request path contains a control character (U+0001)");
        assertThat(api.get("/api/v1/logs?actor=ad%20min", owner.accessToken()).status()).isEqualTo(200);
    }

    @Test
    void aPasswordLongerThanThePolicyAllowsIsA400BeforeAnyHashingAndIsNeverEchoed() {
        String longPassword = "Aa1!" + "x".repeat(2000);
        String email = Tenants.uniqueEmail("long");
        Map<String, Object> signUp = Map.of("email", email, "password", longPassword, "workspace_name", "W",
                "region", "eu-west-1", "tier", "pro");
        Map<String, Object> login = Map.of("email", owner.email(), "password", longPassword);
        for (Map.Entry<String, Map<String, Object>> attempt
                : Map.of("/api/v1/auth/login", login, "/api/v1/signup", signUp).entrySet()) {
            long started = System.nanoTime();
            Api.Response response = api.deliberatelyInvalid().post(attempt.getKey(), null, attempt.getValue());
            assertProblem(response, 400, "VALIDATION_FAILED", "password", "'password' must have at most 128 characters");
            assertThat(response.body().toString()).doesNotContain("xxxxxxxxxx");
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
        }
    }

    @Test
    void anEightMegabytePasswordIsRefusedAt413Quickly() throws Exception {
        String body = JSON.writeValueAsString(Map.of("email", owner.email(), "password", "x".repeat(8 * 1024 * 1024)));
        long started = System.nanoTime();

        HttpResponse<String> response = send(HttpRequest.BodyPublishers.ofString(body), "/api/v1/auth/login");

        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
        JsonNode problem = JSON.readTree(response.body());
        assertThat(problem.path("code").asText()).isEqualTo("PAYLOAD_TOO_LARGE");
        assertThat(problem.path("detail").asText()).isEqualTo("the request body may have at most 1048576 bytes");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void aBodyOverTheLimitWithoutALengthIsA413AndNothingIsWritten() throws Exception {
        int events = eventsOf(owner.workspaceId());
        byte[] body = JSON.writeValueAsBytes(Map.of("name", "n".repeat(1024 * 1024 + 10)));

        HttpResponse<String> response = send(HttpRequest.BodyPublishers.ofInputStream(
                () -> new ByteArrayInputStream(body)), "/api/v1/api-keys");

        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(JSON.readTree(response.body()).path("code").asText()).isEqualTo("PAYLOAD_TOO_LARGE");
        assertThat(eventsOf(owner.workspaceId())).isEqualTo(events);
        assertProblem(api.deliberatelyInvalid().post("/api/v1/api-keys", owner.accessToken(), json("name", "n".repeat(101))), 400,
                "VALIDATION_FAILED", "name", "'name' size must be between");
    }

    private HttpResponse<String> send(HttpRequest.BodyPublisher body, String path) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .POST(body).header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + owner.accessToken())
                .timeout(Duration.ofSeconds(20)).build();
        try (HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()) {
            return client.send(request, HttpResponse.BodyHandlers.ofString());
        }
    }

    private int eventsOf(String workspaceId) {
        return db.fetchCount(db.selectFrom("domainevententry")
                .where("position(? in convert_from(payload, 'UTF8')) > 0", workspaceId));
    }

    private static void assertProblem(Api.Response response, int status, String code, String field, String detail) {
        assertThat(response.status()).as(response.body().toString()).isEqualTo(status);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.body().path("code").asText()).isEqualTo(code);
        assertThat(response.body().path("field").asText()).isEqualTo(field);
        assertThat(response.body().path("detail").asText()).startsWith(detail);
    }
}
