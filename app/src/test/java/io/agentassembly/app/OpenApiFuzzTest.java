package io.agentassembly.app;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.agentassembly.app.support.Api;
import io.agentassembly.app.support.IntegrationTest;
import io.agentassembly.app.support.Tenants.Member;
import io.agentassembly.command.api.approval.ApprovalCommands.RequestApprovalCommand;
import io.agentassembly.command.api.approval.ApprovalIds;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.parameters.Parameter;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.springframework.beans.factory.annotation.Autowired;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;

import static io.agentassembly.app.support.Api.json;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every operation of the served OpenAPI document, sent bad input as the document describes it: wrong types,
 * missing required and unknown fields, oversize strings, control characters, another workspace's ids and malformed
 * ids in the path, bad query parameters. The answer is never a 5xx; every 4xx is problem+json with a {@code code};
 * a refused request appends no event; another workspace's id is never served. Names, types and required fields come
 * from the document, so the test covers exactly what the document promises.
 */
class OpenApiFuzzTest extends IntegrationTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String LONE_SURROGATE = "LONE-SURROGATE-PLACEHOLDER";
    private static final List<String> CONTROL_CHARACTERS = List.of("a\u0000b", "bell\u0007", "\u001b[31mred",
            "del\u007f", "next\u0085line", LONE_SURROGATE);
    private static final String OVERSIZE = "x".repeat(100_000);
    private static final List<String> MALFORMED_IDS = List.of("a\u0000b", "..", "x".repeat(300), "' OR '1'='1",
            "-1", "0", "\uD83D\uDE00", "%", "a b", "9".repeat(40));
    private static final List<String> BAD_QUERY_VALUES = List.of("not-a-number", "-1", "0", "99999999999999999999",
            "a\u0000b", "x".repeat(5_000), "NOT_A_VALUE", "");
    private static final Set<String> WRITE_METHODS = Set.of("POST", "PUT", "PATCH");

    @Autowired
    private DSLContext db;
    @Autowired
    private CommandGateway commandBus;

    private Member ownerA;
    /** Another workspace's real resources by the normalised name of the path parameter that would carry them. */
    private final Map<String, String> foreign = new LinkedHashMap<>();

    /** {@code refusal}: the request must be refused whatever else is right about it (an unknown field). */
    record Call(String method, String path, String contentType, String body, boolean foreignId, boolean refusal) {

        Call(String method, String path, String contentType, String body, boolean foreignId) {
            this(method, path, contentType, body, foreignId, false);
        }

        @Override
        public String toString() {
            String shown = body == null ? "" : " " + (body.length() > 120 ? body.substring(0, 120) + "…" : body);
            return method + " " + (path.length() > 160 ? path.substring(0, 160) + "…" : path) + shown;
        }
    }

    @TestFactory
    Stream<DynamicTest> everyOperationRefusesBadInputWithAProblemAndNoEvent() {
        ownerA = tenants.signUp("pro");
        workspaceBWithResources();
        Api.Response docs = api.get("/v3/api-docs", null);
        assertThat(docs.status()).isEqualTo(200);
        ParseOptions options = new ParseOptions();
        options.setResolve(true);
        options.setResolveFully(true);
        OpenAPI document = new OpenAPIV3Parser().readContents(docs.body().toString(), null, options).getOpenAPI();
        assertThat(document).isNotNull();
        assertThat(document.getPaths()).isNotEmpty();

        List<DynamicTest> tests = new ArrayList<>();
        document.getPaths().entrySet().stream()
                // signing out ends the session the other calls use: last
                .sorted(Comparator.comparing((Map.Entry<String, PathItem> e) -> e.getKey().endsWith("/logout"))
                        .thenComparing(Map.Entry::getKey))
                .forEach(path -> path.getValue().readOperationsMap().forEach((method, operation) ->
                        tests.add(DynamicTest.dynamicTest(method + " " + path.getKey(),
                                () -> fuzz(method.name(), path.getKey(), path.getValue(), operation)))));
        assertThat(tests).hasSizeGreaterThan(20);
        return tests.stream();
    }

    private void fuzz(String method, String template, PathItem item, Operation operation) {
        List<Parameter> parameters = new ArrayList<>();
        if (item.getParameters() != null) {
            parameters.addAll(item.getParameters());
        }
        if (operation.getParameters() != null) {
            parameters.addAll(operation.getParameters());
        }
        List<Parameter> pathParameters = parameters.stream().filter(p -> "path".equals(p.getIn())).toList();
        List<Parameter> queryParameters = parameters.stream().filter(p -> "query".equals(p.getIn())).toList();

        List<Call> calls = new ArrayList<>();
        String basePath = pathWith(template, pathParameters, null);
        boolean baseForeign = !pathParameters.isEmpty() && pathParameters.stream().allMatch(p -> foreignId(p) != null);
        for (Parameter parameter : pathParameters) {
            if (foreignId(parameter) != null) {
                calls.add(new Call(method, basePath, null, null, true));
            }
            for (String malformed : MALFORMED_IDS) {
                calls.add(new Call(method, pathWith(template, pathParameters, Map.of(parameter.getName(), malformed)),
                        null, null, false));
            }
        }
        // Body and query variants go to a path that names no resource of the caller's own workspace.
        String target = pathParameters.isEmpty() ? basePath : pathWith(template, pathParameters,
                pathParameters.stream().filter(p -> foreignId(p) == null)
                        .collect(LinkedHashMap::new, (m, p) -> m.put(p.getName(), "no-such-" + UUID.randomUUID()),
                                Map::putAll));
        for (Parameter parameter : queryParameters) {
            for (String value : badQueryValues(parameter)) {
                calls.add(new Call(method, target + "?" + encode(parameter.getName()) + "=" + encode(value), null, null,
                        baseForeign));
            }
        }
        if (WRITE_METHODS.contains(method)) {
            calls.addAll(bodyCalls(method, target, operation, baseForeign));
        }

        for (Call call : calls) {
            long eventsBefore = events();
            Api.Response response = send(call);
            int status = response.status();
            assertThat(status).as(call + " → " + response.body()).isLessThan(500);
            if (status >= 400) {
                assertThat(response.contentType()).as(call + " → content type").startsWith("application/problem+json");
                assertThat(response.text("code")).as(call + " → " + response.body()).isNotBlank();
                assertThat(events()).as(call + " was refused (" + status + ") but appended events").isEqualTo(eventsBefore);
            }
            if (call.refusal()) {
                assertThat(status).as(call + ": an unknown field → " + response.body()).isBetween(400, 499);
            }
            if (call.foreignId()) {
                assertThat(status).as(call + ": another workspace's id → " + response.body()).isGreaterThanOrEqualTo(400);
            }
        }
    }

    private List<Call> bodyCalls(String method, String path, Operation operation, boolean foreignId) {
        List<Call> calls = new ArrayList<>();
        Map<String, MediaType> content = operation.getRequestBody() == null || operation.getRequestBody().getContent() == null
                ? Map.of() : operation.getRequestBody().getContent();
        for (String garbage : new String[]{"{", "[]", "\"text\"", "null", "42", "{\"a\":\u0000}"}) {
            calls.add(new Call(method, path, "application/json", garbage, foreignId));
        }
        for (Map.Entry<String, MediaType> entry : content.entrySet()) {
            String type = entry.getKey();
            if (type.contains("yaml")) {
                for (String yaml : new String[]{"a: [", "- \u0000", "---\n" + OVERSIZE + ": 1\n", ": :", "[]"}) {
                    calls.add(new Call(method, path, type, yaml, foreignId));
                }
                continue;
            }
            if (!type.contains("json")) {
                continue;
            }
            Schema<?> schema = entry.getValue().getSchema();
            Map<String, Schema> properties = schema == null || schema.getProperties() == null ? Map.of() : schema.getProperties();
            List<String> required = schema == null || schema.getRequired() == null ? List.of() : schema.getRequired();
            if (!required.isEmpty()) {
                calls.add(new Call(method, path, type, "{}", foreignId));
            }
            Map<String, Object> unknown = new LinkedHashMap<>();
            required.forEach(name -> unknown.put(name, plausible(properties.get(name))));
            unknown.put("zz_unknown_field", 1);
            calls.add(new Call(method, path, type, body(unknown), foreignId, true));
            for (Map.Entry<String, Schema> property : properties.entrySet()) {
                calls.add(new Call(method, path, type,
                        body(Map.of(property.getKey(), wrongType(property.getValue()))), foreignId));
            }
            List<String> strings = properties.entrySet().stream()
                    .filter(p -> "string".equals(typeOf(p.getValue()))).map(Map.Entry::getKey).toList();
            if (!strings.isEmpty()) {
                Map<String, Object> oversize = new LinkedHashMap<>();
                strings.forEach(name -> oversize.put(name, OVERSIZE));
                calls.add(new Call(method, path, type, body(oversize), foreignId));
                for (String control : CONTROL_CHARACTERS) {
                    Map<String, Object> hostile = new LinkedHashMap<>();
                    strings.forEach(name -> hostile.put(name, control));
                    calls.add(new Call(method, path, type, body(hostile), foreignId));
                }
            }
        }
        return calls;
    }

    private static List<String> badQueryValues(Parameter parameter) {
        List<String> values = new ArrayList<>(BAD_QUERY_VALUES);
        if (parameter.getSchema() != null && parameter.getSchema().getEnum() != null) {
            values.add("not-one-of-" + parameter.getSchema().getEnum());
        }
        return values;
    }

    /** A value the schema allows, as far as its type, enum and format say. */
    private static Object plausible(Schema<?> schema) {
        if (schema == null) {
            return "fuzz";
        }
        if (schema.getEnum() != null && !schema.getEnum().isEmpty()) {
            return schema.getEnum().getFirst();
        }
        return switch (String.valueOf(typeOf(schema))) {
            case "integer", "number" -> 1;
            case "boolean" -> true;
            case "array" -> List.of();
            case "object" -> Map.of();
            default -> "email".equals(schema.getFormat()) ? "fuzz-" + UUID.randomUUID() + "@example.com" : "fuzz";
        };
    }

    /** A value of another JSON type than the schema declares (a string where a number goes, and so on). */
    private static Object wrongType(Schema<?> schema) {
        return switch (String.valueOf(typeOf(schema))) {
            case "integer", "number" -> "not-a-number";
            case "boolean" -> "maybe";
            case "array" -> "not-an-array";
            case "object" -> List.of("not", "an", "object");
            default -> schema.getEnum() != null ? "NOT_ONE_OF_THE_VALUES" : Map.of("not", "a string");
        };
    }

    private static String typeOf(Schema<?> schema) {
        if (schema == null) {
            return null;
        }
        if (schema.getType() != null) {
            return schema.getType();
        }
        return schema.getTypes() == null ? null : schema.getTypes().stream().filter(t -> !"null".equals(t)).findFirst()
                .orElse(null);
    }

    private String pathWith(String template, List<Parameter> pathParameters, Map<String, String> overrides) {
        String path = template;
        for (Parameter parameter : pathParameters) {
            String value = overrides != null && overrides.containsKey(parameter.getName())
                    ? overrides.get(parameter.getName())
                    : foreignId(parameter) != null ? foreignId(parameter) : "no-such-" + UUID.randomUUID();
            path = path.replace("{" + parameter.getName() + "}", encode(value).replace("+", "%20"));
        }
        return path;
    }

    private String foreignId(Parameter parameter) {
        String name = parameter.getName().toLowerCase(Locale.ROOT).replace("_", "").replace("-", "");
        return foreign.entrySet().stream().filter(e -> name.contains(e.getKey())).map(Map.Entry::getValue)
                .findFirst().orElse(null);
    }

    private Api.Response send(Call call) {
        String body = call.body() == null ? null : call.body().replace(LONE_SURROGATE, "\\ud800");
        return api.deliberatelyInvalid().send(call.method(), call.path(), ownerA.accessToken(), call.contentType(), body);
    }

    private static String body(Map<String, Object> fields) {
        try {
            return JSON.writeValueAsString(fields);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private long events() {
        return db.fetchCount(DSL.table("domainevententry"));
    }

    /** Workspace B with one of each resource a path can name: its ids must answer 404 to workspace A. */
    private void workspaceBWithResources() {
        Member ownerB = tenants.signUp("pro");
        String token = ownerB.accessToken();
        Api.Response key = api.post("/api/v1/api-keys", token, json("name", "b-key"));
        assertThat(key.status()).as(key.body().toString()).isEqualTo(201);
        Api.Response agent = api.post("/api/v1/agents", token, json("org_id", "org-b", "team_id", "team-b",
                "agent_id", "agent-b", "name", "B's agent"));
        assertThat(agent.status()).as(agent.body().toString()).isEqualTo(201);
        String policyName = "b-only-" + UUID.randomUUID().toString().substring(0, 8);
        ObjectNode policy = json("apiVersion", "agent-assembly/v1", "kind", "Policy", "metadata",
                json("name", policyName), "spec", json("scope", "global"));
        Api.Response applied = api.post("/api/v1/policies", token, policy);
        assertThat(applied.status()).as(applied.body().toString()).isEqualTo(200);
        Api.Response invitation = api.post("/api/v1/invitations", token, json("email", "b-invitee-"
                + UUID.randomUUID().toString().substring(0, 8) + "@example.com", "role", "VIEWER"));
        assertThat(invitation.status()).as(invitation.body().toString()).isEqualTo(201);
        String approvalId = ApprovalIds.newId();
        commandBus.sendAndWait(new RequestApprovalCommand(approvalId, ownerB.workspaceId(), "org-b", "team-b",
                "agent-b", agent.text("agent_key"), "TOOL_CALL", "deploy", "0".repeat(64), policyName + "/tools.deploy",
                null, null, Instant.now().plusSeconds(600)));

        Api.Response budget = api.post("/api/v1/budgets", token, json("name", "B's budget", "scope", "agent",
                "agent_key", agent.text("agent_key"), "cost_limit_usd", 5, "window", "daily", "action", "deny"));
        assertThat(budget.status()).as(budget.body().toString()).isEqualTo(201);

        Api.Response destination = api.post("/api/v1/alert-destinations", token, json("name", "B's alerts",
                "kind", "WEBHOOK", "url", "https://alerts.example.com/b"));
        assertThat(destination.status()).as(destination.body().toString()).isEqualTo(201);

        foreign.put("budget", budget.text("budget_id"));
        foreign.put("destination", destination.text("destination_id"));
        foreign.put("agent", agent.text("agent_key"));
        foreign.put("keyid", key.text("key_id"));
        foreign.put("approval", approvalId);
        foreign.put("invitation", invitation.text("invitation_id"));
        foreign.put("user", ownerB.userId());
        foreign.put("workspace", ownerB.workspaceId());
        foreign.put("name", policyName);
    }
}
