package io.agentassembly.app.support;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.model.Request;
import com.atlassian.oai.validator.model.SimpleRequest;
import com.atlassian.oai.validator.model.SimpleResponse;
import com.atlassian.oai.validator.report.ValidationReport;
import com.atlassian.oai.validator.report.ValidationReport.Message;

import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * The contract test: every exchange of {@link Api} with {@code /api/**} is validated against the OpenAPI document
 * the running app serves at {@code /v3/api-docs} (fetched once per app), with Atlassian's
 * swagger-request-validator. An undeclared or mistyped field, an undocumented status or media type fails the call.
 * A request a test sends invalid on purpose ({@link Api#deliberatelyInvalid()}) is not held to the document, its
 * response is.
 */
final class ApiContract {

    /** What the validator says when the request reaches no documented operation (unknown path or method). */
    private static final Set<String> NO_OPERATION = Set.of("validation.request.path.missing",
            "validation.request.operation.notAllowed");

    private static final Map<String, OpenApiInteractionValidator> VALIDATORS = new ConcurrentHashMap<>();

    private ApiContract() {
    }

    /** The exchange as the test sent and received it. */
    record Exchange(String method, String pathAndQuery, Map<String, String> requestHeaders, String requestBody,
                    int status, String contentType, String responseBody) {
    }

    static boolean covers(String pathAndQuery) {
        return pathAndQuery.startsWith("/api/");
    }

    /** Throws an AssertionError naming every violation of the document by the exchange. */
    static void check(String baseUrl, HttpClient http, Exchange exchange, boolean requestOnContract) {
        OpenApiInteractionValidator validator = VALIDATORS.computeIfAbsent(baseUrl, url -> load(url, http));
        Request request = request(exchange);
        SimpleResponse.Builder response = SimpleResponse.Builder.status(exchange.status());
        if (!exchange.contentType().isEmpty()) {
            response.withContentType(exchange.contentType());
        }
        if (!exchange.responseBody().isEmpty()) {
            response.withBody(exchange.responseBody());
        }
        ValidationReport report;
        if (requestOnContract) {
            report = validator.validate(request, response.build());
        } else {
            ValidationReport requestReport = validator.validateRequest(request);
            if (requestReport.getMessages().stream().anyMatch(m -> NO_OPERATION.contains(m.getKey()))) {
                return; // a deliberately unknown route or method: there is no documented response to hold it to
            }
            report = validator.validateResponse(request.getPath(), request.getMethod(), response.build());
        }
        List<Message> errors = report.getMessages().stream()
                .filter(m -> m.getLevel() == ValidationReport.Level.ERROR).toList();
        if (!errors.isEmpty()) {
            throw new AssertionError("the exchange does not match the OpenAPI document served at /v3/api-docs:\n"
                    + errors.stream().map(m -> "  - [" + m.getKey() + "] " + m.getMessage())
                    .collect(Collectors.joining("\n"))
                    + "\n" + exchange.method() + " " + exchange.pathAndQuery()
                    + (exchange.requestBody() == null ? "" : "\n" + abbreviated(exchange.requestBody()))
                    + "\n-> " + exchange.status() + " " + exchange.contentType() + "\n" + abbreviated(exchange.responseBody()));
        }
    }

    private static Request request(Exchange exchange) {
        String path = exchange.pathAndQuery();
        String query = null;
        int mark = path.indexOf('?');
        if (mark >= 0) {
            query = path.substring(mark + 1);
            path = path.substring(0, mark);
        }
        SimpleRequest.Builder request = new SimpleRequest.Builder(exchange.method().toUpperCase(Locale.ROOT), path);
        exchange.requestHeaders().forEach(request::withHeader);
        if (exchange.requestBody() != null) {
            request.withBody(exchange.requestBody());
        }
        if (query != null && !query.isEmpty()) {
            Map<String, List<String>> parameters = java.util.Arrays.stream(query.split("&"))
                    .map(pair -> pair.split("=", 2))
                    .collect(Collectors.groupingBy(pair -> decode(pair[0]), java.util.LinkedHashMap::new,
                            Collectors.mapping(pair -> pair.length > 1 ? decode(pair[1]) : "", Collectors.toList())));
            parameters.forEach(request::withQueryParam);
        }
        return request.build();
    }

    private static String decode(String text) {
        return URLDecoder.decode(text, StandardCharsets.UTF_8);
    }

    private static OpenApiInteractionValidator load(String baseUrl, HttpClient http) {
        try {
            HttpResponse<String> document = http.send(HttpRequest.newBuilder(URI.create(baseUrl + "/v3/api-docs"))
                    .header("Accept", "application/json").build(), HttpResponse.BodyHandlers.ofString());
            if (document.statusCode() != 200) {
                throw new IllegalStateException("GET /v3/api-docs answered " + document.statusCode());
            }
            return OpenApiInteractionValidator.createForInlineApiSpecification(document.body()).build();
        } catch (IOException e) {
            throw new IllegalStateException("could not read the OpenAPI document", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String abbreviated(String text) {
        return text.length() <= 2000 ? text : text.substring(0, 2000) + "…";
    }
}
