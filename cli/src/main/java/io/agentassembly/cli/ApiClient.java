package io.agentassembly.cli;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The one way commands talk to the REST API: bearer API key, JSON answers, and every refusal turned into a
 * {@link CliException} with the problem's {@code detail}, {@code code} and {@code field} and the exit code of
 * its status (401/403 → 3, 404 → 4, anything else → 1). The key is never printed.
 */
public final class ApiClient {

    public static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(60);

    private final URI apiUrl;
    private final String apiKey;
    private final String userAgent;
    private final HttpClient http;

    public ApiClient(URI apiUrl, String apiKey, String userAgent) {
        this.apiUrl = apiUrl;
        this.apiKey = apiKey;
        this.userAgent = userAgent;
        this.http = HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT)
                .followRedirects(HttpClient.Redirect.NEVER).build();
    }

    /** Ordered query parameters; null or blank values are left out. */
    public static Map<String, String> query(String... namesAndValues) {
        Map<String, String> query = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            String value = namesAndValues[i + 1];
            if (value != null && !value.isBlank()) {
                query.put(namesAndValues[i], value.strip());
            }
        }
        return query;
    }

    /** A path segment as the API receives it (agent keys, names). */
    public static String segment(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    public JsonNode get(String path, Map<String, String> query) {
        return send("GET", path, query, null, null);
    }

    public JsonNode post(String path, String contentType, byte[] body) {
        return send("POST", path, Map.of(), contentType, body);
    }

    public JsonNode send(String method, String path, Map<String, String> query, String contentType, byte[] body) {
        if (apiKey == null) {
            throw new CliException(ExitCodes.AUTHENTICATION,
                    "no API key: pass --api-key, set AASM_API_KEY, or put api_key in the configuration file");
        }
        URI uri = URI.create(apiUrl + path + queryString(query));
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(REQUEST_TIMEOUT)
                .header("Authorization", "Bearer " + apiKey)
                .header("Accept", "application/json, application/problem+json")
                .header("User-Agent", userAgent);
        if (body != null) {
            request.header("Content-Type", contentType).method(method, HttpRequest.BodyPublishers.ofByteArray(body));
        } else {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        }
        HttpResponse<byte[]> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (HttpConnectTimeoutException | ConnectException e) {
            throw new CliException(ExitCodes.API_ERROR, "cannot reach the API at " + apiUrl
                    + " (is the control plane running? set --api-url or AASM_API_URL)");
        } catch (HttpTimeoutException e) {
            throw new CliException(ExitCodes.API_ERROR, method + " " + path + ": no answer from " + apiUrl
                    + " within " + REQUEST_TIMEOUT.toSeconds() + " s");
        } catch (IOException e) {
            throw new CliException(ExitCodes.API_ERROR, "cannot talk to the API at " + apiUrl + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException(ExitCodes.API_ERROR, "interrupted");
        }
        return answer(method, path, response.statusCode(), response.body());
    }

    /**
     * GET whose successful answer is streamed into {@code out} as it arrives (exports), with no overall timeout;
     * a refusal is read whole and thrown like {@link #send}'s.
     */
    public void download(String path, Map<String, String> query, java.io.OutputStream out) {
        if (apiKey == null) {
            throw new CliException(ExitCodes.AUTHENTICATION,
                    "no API key: pass --api-key, set AASM_API_KEY, or put api_key in the configuration file");
        }
        HttpRequest request = HttpRequest.newBuilder(URI.create(apiUrl + path + queryString(query)))
                .header("Authorization", "Bearer " + apiKey)
                .header("Accept", "application/x-ndjson, text/csv, application/problem+json")
                .header("User-Agent", userAgent).GET().build();
        try {
            HttpResponse<java.io.InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
            try (java.io.InputStream in = response.body()) {
                if (response.statusCode() < 200 || response.statusCode() >= 300) {
                    answer("GET", path, response.statusCode(), in.readAllBytes());
                }
                in.transferTo(out);
            }
        } catch (HttpConnectTimeoutException | ConnectException e) {
            throw new CliException(ExitCodes.API_ERROR, "cannot reach the API at " + apiUrl
                    + " (is the control plane running? set --api-url or AASM_API_URL)");
        } catch (IOException e) {
            throw new CliException(ExitCodes.API_ERROR, "GET " + path + " failed: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException(ExitCodes.API_ERROR, "interrupted");
        }
    }

    static JsonNode answer(String method, String path, int status, byte[] body) {
        JsonNode json = parse(body);
        if (status >= 200 && status < 300) {
            if (json == null) {
                throw new CliException(ExitCodes.API_ERROR, method + " " + path + ": the API answered "
                        + status + " with a body that is not JSON");
            }
            return json;
        }
        throw new CliException(exitCodeOf(status), problemMessage(status, json));
    }

    public static int exitCodeOf(int status) {
        return switch (status) {
            case 401, 403 -> ExitCodes.AUTHENTICATION;
            case 404 -> ExitCodes.NOT_FOUND;
            default -> ExitCodes.API_ERROR;
        };
    }

    /** "403 PERMISSION_DENIED: detail (field x)" and one indented line per entry of {@code errors}. */
    static String problemMessage(int status, JsonNode problem) {
        StringBuilder message = new StringBuilder().append(status);
        if (problem == null || !problem.isObject()) {
            message.append(": the API answered without a problem description");
        } else {
            String code = text(problem, "code");
            String detail = text(problem, "detail");
            if (code != null) {
                message.append(' ').append(code);
            }
            message.append(": ").append(detail != null ? detail : text(problem, "title") != null
                    ? text(problem, "title") : "no detail");
            String field = text(problem, "field");
            if (field != null) {
                message.append(" (field ").append(field).append(')');
            }
            for (JsonNode error : problem.path("errors")) {
                message.append(System.lineSeparator()).append("  - ").append(describe(error));
            }
        }
        if (status == 401) {
            message.append(System.lineSeparator())
                    .append("  check the API key (--api-key, AASM_API_KEY or api_key in the configuration file)");
        }
        return message.toString();
    }

    private static String describe(JsonNode error) {
        List<String> where = new ArrayList<>();
        for (String position : new String[]{"document", "line", "column"}) {
            if (error.hasNonNull(position)) {
                where.add(position + " " + error.get(position).asText());
            }
        }
        StringBuilder text = new StringBuilder(String.join(", ", where));
        String field = text(error, "field");
        if (field != null) {
            text.append(text.isEmpty() ? "" : ": ").append(field);
        }
        String message = text(error, "message");
        if (message != null) {
            text.append(text.isEmpty() ? "" : ": ").append(message);
        }
        return text.toString();
    }

    private static JsonNode parse(byte[] body) {
        if (body == null || body.length == 0) {
            return MissingNode.getInstance();
        }
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            return null;
        }
    }

    static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }

    private static String queryString(Map<String, String> query) {
        if (query == null || query.isEmpty()) {
            return "";
        }
        StringBuilder text = new StringBuilder();
        query.forEach((name, value) -> text.append(text.isEmpty() ? '?' : '&').append(name).append('=')
                .append(URLEncoder.encode(value, StandardCharsets.UTF_8)));
        return text.toString();
    }
}
