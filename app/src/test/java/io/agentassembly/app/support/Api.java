package io.agentassembly.app.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A real HTTP client for the REST API: JSON in, status and JSON out. Every exchange with {@code /api/**} is held to
 * the OpenAPI document the app serves ({@link ApiContract}); a test that sends an invalid request on purpose says
 * so with {@link #deliberatelyInvalid()}.
 */
public final class Api {

    public record Response(int status, JsonNode body, String contentType, HttpHeaders headers) {
        public String text(String field) {
            return body.path(field).asText(null);
        }

        public String header(String name) {
            return headers.firstValue(name).orElse(null);
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final String baseUrl;
    private final HttpClient http;
    private final boolean requestOnContract;

    public Api(int port) {
        this(port, HTTP);
    }

    /** Calls from {@code clientAddress} (any 127.x.y.z works on loopback), for per-client-address limits. */
    public Api(int port, InetAddress clientAddress) {
        this(port, HttpClient.newBuilder().localAddress(clientAddress).build());
    }

    private Api(int port, HttpClient http) {
        this("http://127.0.0.1:" + port, http, true);
    }

    private Api(String baseUrl, HttpClient http, boolean requestOnContract) {
        this.baseUrl = baseUrl;
        this.http = http;
        this.requestOnContract = requestOnContract;
    }

    /**
     * The same client for requests that break the OpenAPI document on purpose (hostile input, validation tests):
     * the request is not validated against the document, the response still is.
     */
    public Api deliberatelyInvalid() {
        return new Api(baseUrl, http, false);
    }

    public static ObjectNode json(Object... keyValues) {
        ObjectNode node = JSON.createObjectNode();
        for (int i = 0; i < keyValues.length; i += 2) {
            node.set((String) keyValues[i], JSON.valueToTree(keyValues[i + 1]));
        }
        return node;
    }

    public Response get(String path, String token) {
        return send("GET", path, token, null);
    }

    public Response post(String path, String token, Object body) {
        return send("POST", path, token, body);
    }

    public Response put(String path, String token, Object body) {
        return send("PUT", path, token, body);
    }

    public Response patch(String path, String token, Object body) {
        return send("PATCH", path, token, body);
    }

    public Response delete(String path, String token) {
        return send("DELETE", path, token, null);
    }

    public Response send(String method, String path, String token, Object body) {
        try {
            return send(method, path, token, body == null ? null : "application/json",
                    body == null ? null : body instanceof String s ? s : JSON.writeValueAsString(body));
        } catch (IOException e) {
            throw new IllegalStateException(method + " " + path + " failed", e);
        }
    }

    /** Sends {@code body} as it is with the given Content-Type (none when null). */
    public Response send(String method, String path, String token, String contentType, String body) {
        try {
            Map<String, String> headers = new LinkedHashMap<>();
            headers.put("Accept", "application/json, application/problem+json");
            if (contentType != null) {
                headers.put("Content-Type", contentType);
            }
            if (token != null) {
                headers.put("Authorization", "Bearer " + token);
            }
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path))
                    .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                            : HttpRequest.BodyPublishers.ofString(body));
            headers.forEach(request::header);
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            String responseType = response.headers().firstValue("Content-Type").orElse("");
            if (ApiContract.covers(path)) {
                ApiContract.check(baseUrl, http, new ApiContract.Exchange(method, path, headers, body,
                        response.statusCode(), responseType, response.body()), requestOnContract);
            }
            // Streamed exports (JSON Lines, CSV) are kept as text: body().asText().
            boolean text = responseType.startsWith("application/x-ndjson") || responseType.startsWith("text/csv");
            JsonNode json = text ? TextNode.valueOf(response.body())
                    : response.body().isBlank() ? JSON.createObjectNode() : JSON.readTree(response.body());
            return new Response(response.statusCode(), json, responseType, response.headers());
        } catch (IOException e) {
            throw new IllegalStateException(method + " " + path + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public static Map<String, Object> map(Object... keyValues) {
        return JSON.convertValue(json(keyValues), Map.class);
    }
}
