package io.agentassembly.app;

import com.fasterxml.jackson.databind.JsonNode;
import io.agentassembly.app.support.Api;
import io.agentassembly.app.support.IntegrationTest;
import io.agentassembly.command.api.common.Region;
import io.agentassembly.command.api.common.Tier;
import io.agentassembly.identity.password.PasswordPolicy;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.util.AntPathMatcher;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Facts about the served OpenAPI document as a whole; {@code ApiContract} holds every exchange of the REST tests
 * to it.
 */
class OpenApiDocumentTest extends IntegrationTest {

    private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "patch");
    private static final String PROBLEM_REF = "#/components/schemas/Problem";

    private JsonNode document;

    @BeforeEach
    void read() throws IOException {
        Api.Response served = api.get("/v3/api-docs", null);
        assertThat(served.status()).isEqualTo(200);
        document = served.body();
        Files.writeString(Path.of("target", "openapi.json"), document.toPrettyString()); // to read after a run
    }

    @Test
    void describesTheProductWithTheProjectVersion() {
        assertThat(document.path("openapi").asText()).startsWith("3.0");
        assertThat(document.at("/info/title").asText()).isEqualTo("Agent Assembly Control Plane API");
        assertThat(document.at("/info/description").asText()).contains("snake_case", "application/problem+json");
        assertThat(document.at("/info/version").asText()).matches("\\d+\\.\\d+\\.\\d+.*");
    }

    @Test
    void namesEveryPropertyAndQueryParameterAsJacksonDoesInSnakeCase() {
        List<String> names = new ArrayList<>();
        document.at("/components/schemas").properties().forEach(schema ->
                schema.getValue().path("properties").fieldNames().forEachRemaining(name ->
                        names.add(schema.getKey() + "." + name)));
        operations().forEach(operation -> operation.node().path("parameters").forEach(parameter -> {
            if (parameter.path("in").asText().equals("query")) {
                names.add(operation.id() + "?" + parameter.path("name").asText());
            }
        }));
        assertThat(names).hasSizeGreaterThan(100)
                .allSatisfy(name -> assertThat(name.substring(name.lastIndexOf(name.contains("?") ? '?' : '.') + 1))
                        .as(name).matches("[a-z][a-z0-9_]*"));
        assertThat(names).contains("SignUpRequest.workspace_name", "TokenResponse.access_token",
                "AuditLogResponse.next_cursor");
    }

    @Test
    void statesTheConstraintsTheApiEnforces() {
        JsonNode signUp = schema("SignUpRequest");
        assertThat(texts(signUp.at("/properties/region/enum")))
                .containsExactlyElementsOf(Arrays.stream(Region.values()).map(Region::code).toList());
        assertThat(texts(signUp.at("/properties/tier/enum")))
                .containsExactlyElementsOf(Arrays.stream(Tier.values()).filter(Tier::selfServe).map(Tier::code).toList());
        assertThat(texts(schema("ChangeTierRequest").at("/properties/tier/enum"))).containsExactly("free", "pro", "business");
        assertThat(texts(schema("OperatorTierRequest").at("/properties/tier/enum")))
                .containsExactlyElementsOf(Arrays.stream(Tier.values()).map(Tier::code).toList());
        assertThat(signUp.at("/properties/password/minLength").asInt()).isEqualTo(PasswordPolicy.MIN_LENGTH);
        assertThat(signUp.at("/properties/password/maxLength").asInt()).isEqualTo(PasswordPolicy.MAX_LENGTH);
        assertThat(schema("AcceptRequest").at("/properties/password/minLength").asInt()).isEqualTo(PasswordPolicy.MIN_LENGTH);
        assertThat(signUp.at("/properties/workspace_name/minLength").asInt()).isEqualTo(1);
        JsonNode keyName = schema("CreateApiKeyRequest").at("/properties/name");
        assertThat(keyName.path("minLength").asInt()).isEqualTo(1);
        assertThat(keyName.path("pattern").asText()).isEqualTo("\\S");
        assertThat(keyName.path("maxLength").asInt()).isEqualTo(100);
        assertThat(schema("RegisterAgentRequest").at("/properties/metadata/maxProperties").asInt()).isEqualTo(64);
        assertThat(texts(signUp.path("required"))).contains("email", "password", "workspace_name", "region", "tier");
    }

    @Test
    void closesEveryObjectSchemaOfTheApi() {
        document.at("/components/schemas").properties().forEach(schema -> {
            if (schema.getValue().has("properties") && !schema.getKey().startsWith("assembly.")) {
                assertThat(schema.getValue().path("additionalProperties").isBoolean()
                        && !schema.getValue().path("additionalProperties").asBoolean()).as(schema.getKey()).isTrue();
            }
        });
    }

    @Test
    void hasStableHumanOperationIds() {
        List<String> ids = operations().stream().map(Operation::id).toList();
        assertThat(ids).hasSizeGreaterThan(50).doesNotHaveDuplicates()
                .allSatisfy(id -> assertThat(id).matches("[a-z][a-zA-Z]+"));
        assertThat(ids).contains("signUp", "login", "listPolicies", "applyPolicies", "listAuditLog", "simulatePolicies");
    }

    /** Operations that stream a file instead of answering JSON, and the types they declare. */
    private static final Map<String, List<String>> STREAMED = Map.of(
            "exportAuditLog", List.of("application/x-ndjson", "text/csv"));

    @Test
    void answersJsonAndDocumentsClientErrorsAsProblemJson() {
        assertThat(schema("Problem").path("properties").size()).isGreaterThanOrEqualTo(8);
        assertThat(texts(schema("Problem").path("required"))).contains("code", "status");
        for (Operation operation : operations()) {
            JsonNode responses = operation.node().path("responses");
            List<String> clientErrors = new ArrayList<>();
            responses.properties().forEach(response -> {
                JsonNode content = response.getValue().path("content");
                if (response.getKey().startsWith("2")) {
                    content.fieldNames().forEachRemaining(type -> assertThat(type).as(operation.id())
                            .isIn(STREAMED.getOrDefault(operation.id(), List.of("application/json"))));
                } else {
                    clientErrors.add(response.getKey());
                    assertThat(texts(fieldNames(content))).as(operation.id() + " " + response.getKey())
                            .containsExactly("application/problem+json");
                    assertThat(content.at("/application~1problem+json/schema/$ref").asText()).isEqualTo(PROBLEM_REF);
                }
            });
            assertThat(clientErrors).as(operation.id()).contains("4XX", "429");
            if (operation.node().has("requestBody")) {
                assertThat(clientErrors).as(operation.id()).contains("400", "413", "415");
            }
        }
    }

    @Test
    void securesEveryOperationWithTheBearerSchemeButThePublicOnes() {
        assertThat(document.at("/components/securitySchemes/bearer/type").asText()).isEqualTo("http");
        assertThat(document.at("/components/securitySchemes/bearer/scheme").asText()).isEqualTo("bearer");
        assertThat(document.at("/security/0").has("bearer")).isTrue();
        Set<String> open = new HashSet<>();
        for (Operation operation : operations()) {
            JsonNode security = operation.node().path("security");
            if (security.isArray() && security.isEmpty()) {
                open.add(operation.id());
                assertThat(operation.node().path("responses").has("401")).as(operation.id()).isFalse();
            } else {
                assertThat(security.isMissingNode()).as(operation.id()).isTrue();
                assertThat(operation.node().path("responses").has("401")).as(operation.id()).isTrue();
            }
        }
        assertThat(open).containsExactlyInAnyOrder("signUp", "verifySignUp", "resendSignUpLink", "login",
                "refreshTokens", "acceptInvitation");
        AntPathMatcher paths = new AntPathMatcher();
        operations().stream().filter(operation -> open.contains(operation.id())).forEach(operation ->
                assertThat(Arrays.stream(io.agentassembly.identity.IdentityConfiguration.PUBLIC_ENDPOINTS)
                        .anyMatch(pattern -> paths.match(pattern, operation.path()))).isTrue());
    }

    @Test
    void takesPolicyFilesAsYamlOrJsonAndSimulationsAsProtobufJson() {
        JsonNode apply = document.at("/paths/~1api~1v1~1policies/post/requestBody");
        assertThat(apply.path("required").asBoolean()).isTrue();
        assertThat(texts(fieldNames(apply.path("content"))))
                .containsExactlyInAnyOrder("application/yaml", "application/x-yaml", "text/yaml", "application/json");

        assertThat(schema("SimulationRequest").at("/properties/request/$ref").asText())
                .isEqualTo("#/components/schemas/assembly.policy.v1.CheckActionRequest");
        JsonNode checkAction = schema("assembly.policy.v1.CheckActionRequest");
        assertThat(checkAction.at("/properties/context/$ref").asText())
                .isEqualTo("#/components/schemas/assembly.policy.v1.ActionContext");
        assertThat(texts(checkAction.at("/properties/action_type/enum"))).contains("TOOL_CALL", "LLM_CALL")
                .doesNotContain("ACTION_UNSPECIFIED");
        JsonNode argsJson = schema("assembly.policy.v1.ToolCallContext").at("/properties/args_json");
        assertThat(argsJson.path("format").asText()).isEqualTo("byte");
        assertThat(argsJson.path("maxLength").asInt()).isEqualTo((256 * 1024 + 2) / 3 * 4);
        assertThat(schema("assembly.common.v1.AgentId").at("/properties/org_id/maxLength").asInt()).isEqualTo(128);
    }

    private record Operation(String path, String method, String id, JsonNode node) {
    }

    private List<Operation> operations() {
        List<Operation> operations = new ArrayList<>();
        document.path("paths").properties().forEach(path -> path.getValue().properties().forEach(method -> {
            if (METHODS.contains(method.getKey())) {
                operations.add(new Operation(path.getKey(), method.getKey(), method.getValue().path("operationId").asText(),
                        method.getValue()));
            }
        }));
        return operations;
    }

    private JsonNode schema(String name) {
        JsonNode schema = document.at("/components/schemas").path(name);
        assertThat(schema.isMissingNode()).as(name).isFalse();
        return schema;
    }

    private static JsonNode fieldNames(JsonNode node) {
        var names = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.arrayNode();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static List<String> texts(JsonNode array) {
        List<String> texts = new ArrayList<>();
        array.forEach(item -> texts.add(item.asText()));
        return texts;
    }
}
