package io.agentassembly.app.openapi;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.media.ArraySchema;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.util.AntPathMatcher;

import java.util.List;
import java.util.Map;

/**
 * What the controllers cannot say about themselves, added to the generated document in one place:
 * <ul>
 *   <li>every operation's client errors as {@code application/problem+json} with the one problem schema of
 *       {@code Problems}: 400 when it takes input, 401 and 403 when it needs a credential, 404 when its path
 *       names something, 413 and 415 when it takes a body, 429 always, and {@code 4XX} for the rest
 *       (conflicts, gone, unprocessable), and 500 for the unexpected;</li>
 *   <li>{@code security: []} on the operations the security configuration leaves public;</li>
 *   <li>closed object schemas ({@code additionalProperties: false}): requests with an unknown field are refused,
 *       and responses carry no field the document does not name;</li>
 *   <li>the schemas of protobuf messages the API takes in their JSON form ({@link ProtobufSchemas}).</li>
 * </ul>
 */
final class ContractCustomizer implements OpenApiCustomizer {

    static final String PROBLEM_JSON = org.springframework.http.MediaType.APPLICATION_PROBLEM_JSON_VALUE;
    static final String PROBLEM = "Problem";
    static final String PROBLEM_ERROR = "ProblemError";
    static final String MIN_LENGTH_EXTENSION = "x-aasm-min-length";
    /** The description of a free JSON value; springdoc types it {@code object}, which it need not be. */
    static final String ANY_JSON_VALUE = "any JSON value";

    private static final AntPathMatcher PATHS = new AntPathMatcher();

    private final List<String> publicPaths;
    private final Map<String, Schema<?>> extraSchemas;

    ContractCustomizer(List<String> publicPaths, Map<String, Schema<?>> extraSchemas) {
        this.publicPaths = publicPaths;
        this.extraSchemas = extraSchemas;
    }

    @Override
    public void customise(OpenAPI openApi) {
        Map<String, Schema> schemas = openApi.getComponents().getSchemas();
        schemas.values().forEach(ContractCustomizer::close);
        schemas.put(PROBLEM, problemSchema());
        schemas.put(PROBLEM_ERROR, problemErrorSchema());
        schemas.putAll(extraSchemas);
        openApi.getPaths().forEach((path, item) -> item.readOperationsMap().forEach((method, operation) -> {
            boolean open = publicPaths.stream().anyMatch(pattern -> PATHS.match(pattern, path));
            if (open) {
                operation.setSecurity(List.of());
            }
            documentProblems(path, method, operation, !open);
        }));
    }

    /** An object schema with named properties and nothing said about others gets no others. */
    private static void close(Schema<?> schema) {
        settle(schema);
        if (schema.getProperties() != null && !schema.getProperties().isEmpty()
                && schema.getAdditionalProperties() == null) {
            schema.setAdditionalProperties(Boolean.FALSE);
        }
    }

    /**
     * In properties and items: minimum lengths noted by {@code OpenApiConfiguration#lengthCustomizer}
     * applied, free JSON values untyped.
     */
    private static void settle(Schema<?> schema) {
        if (ANY_JSON_VALUE.equals(schema.getDescription())) {
            schema.setType(null);
        }
        if (schema.getExtensions() != null && schema.getExtensions().remove(MIN_LENGTH_EXTENSION) instanceof Integer min) {
            schema.setMinLength(Math.max(min, schema.getMinLength() == null ? 0 : schema.getMinLength()));
            if (schema.getExtensions().isEmpty()) {
                schema.setExtensions(null);
            }
        }
        if (schema.getItems() != null) {
            settle(schema.getItems());
        }
        if (schema.getAdditionalProperties() instanceof Schema<?> values) {
            settle(values);
        }
        if (schema.getProperties() != null) {
            schema.getProperties().values().forEach(ContractCustomizer::settle);
        }
    }

    private static void documentProblems(String path, PathItem.HttpMethod method, Operation operation,
                                         boolean secured) {
        ApiResponses responses = operation.getResponses();
        boolean input = operation.getRequestBody() != null
                || operation.getParameters() != null && !operation.getParameters().isEmpty();
        if (input) {
            responses.addApiResponse("400", problem("The request is invalid; `field` names what to fix"));
        }
        if (secured) {
            responses.addApiResponse("401", problem("No valid credential in the Authorization header"));
            responses.addApiResponse("403", problem("The credential does not allow this"));
        }
        if (path.contains("{")) {
            responses.addApiResponse("404", problem("Nothing of that name or id in the caller's workspace"));
        }
        if (operation.getRequestBody() != null) {
            responses.addApiResponse("413", problem("The request body is larger than allowed"));
            responses.addApiResponse("415", problem("The Content-Type is not one this operation accepts"));
        }
        responses.addApiResponse("429", problem("Too many requests; retry after the seconds in Retry-After"));
        responses.addApiResponse("4XX", problem("Another client error: a conflict with the current state, "
                + "something that is gone, or a request that cannot be processed; `code` says which"));
        responses.addApiResponse("500", problem("An unexpected error; `detail` carries a reference for support"));
    }

    private static ApiResponse problem(String description) {
        return new ApiResponse().description(description).content(new Content().addMediaType(PROBLEM_JSON,
                new MediaType().schema(new Schema<>().$ref(ProtobufSchemas.REF_PREFIX + PROBLEM))));
    }

    /** The problem details every error handler writes ({@code io.agentassembly.identity.web.Problems}). */
    private static Schema<?> problemSchema() {
        return new Schema<>().type("object")
                .description("RFC 9457 problem details with a stable error code")
                .addProperty("type", new StringSchema().format("uri")
                        .description("https://docs.agentassembly.io/problems/ and the code in kebab case"))
                .addProperty("title", new StringSchema().description("the HTTP reason phrase"))
                .addProperty("status", new IntegerSchema().format("int32"))
                .addProperty("detail", new StringSchema().description("what went wrong and what to do"))
                .addProperty("instance", new StringSchema().format("uri").description("the request path"))
                .addProperty("code", new StringSchema().description("stable error code, e.g. VALIDATION_FAILED"))
                .addProperty("field", new StringSchema().description("the wire name of the field, parameter or "
                        + "header to fix, as a path for nested fields"))
                .addProperty("errors", new ArraySchema().items(new Schema<>().$ref(ProtobufSchemas.REF_PREFIX
                        + PROBLEM_ERROR)).description("every invalid field, or every violation in a policy file"))
                .addProperty("refresh", new StringSchema().description("ACCESS_TOKEN_EXPIRED: the endpoint that "
                        + "gives a new access token for the refresh token"))
                .addProperty("workspaces", new ArraySchema().items(new Schema<>().type("object")
                                .addProperty("slug", new StringSchema()).addProperty("name", new StringSchema())
                                .required(List.of("slug", "name")).additionalProperties(Boolean.FALSE))
                        .description("WORKSPACE_CHOICE_REQUIRED: the workspaces the password signs in to; send one's "
                                + "slug as `workspace`"))
                .required(List.of("type", "title", "status", "code"))
                .additionalProperties(Boolean.FALSE);
    }

    private static Schema<?> problemErrorSchema() {
        return new Schema<>().type("object")
                .addProperty("field", new StringSchema())
                .addProperty("message", new StringSchema())
                .addProperty("document", new IntegerSchema().format("int32")
                        .description("policy files: the document the violation is in"))
                .addProperty("line", new IntegerSchema().format("int32").description("policy files"))
                .addProperty("column", new IntegerSchema().format("int32").description("policy files"))
                .required(List.of("message"))
                .additionalProperties(Boolean.FALSE);
    }
}
