package io.agentassembly.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.agentassembly.gateway.proto.agent.v1.AgentLifecycleServiceGrpc;
import io.agentassembly.gateway.proto.agent.v1.RegisterRequest;
import io.agentassembly.gateway.proto.common.v1.AgentId;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.stub.MetadataUtils;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Creates what a benchmark needs through the public APIs, as a customer would: a workspace (the e-mailed
 * verification token is read from the app's development mail log), an API key, one registered agent, and
 * optionally the policies it is decided under.
 */
final class TenantSetup {

    record Agent(AgentId id, String credentialToken) {
    }

    /** The owner's console session and the agent registered with the owner's API key. */
    record Tenant(String apiBase, String accessToken, Agent agent) {
        /** The owner's {@code GET /auth/me}: workspace_id, user_id, email. */
        JsonNode me() throws IOException, InterruptedException {
            return send(HttpRequest.newBuilder(URI.create(apiBase + "/api/v1/auth/me"))
                    .header("Authorization", "Bearer " + accessToken).GET());
        }

        /** Invites a new user with {@code role}, accepts from the mailed link and answers the new user's id. */
        String invite(String role, Path appLog) throws IOException, InterruptedException {
            String email = "bench-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
            post(apiBase + "/api/v1/invitations", accessToken, Map.of("email", email, "role", role));
            return post(apiBase + "/api/v1/invitations/accept", null, Map.of("token", mailedToken(appLog, email),
                    "password", PASSWORD)).path("user_id").asText();
        }

        void changeRole(String userId, String role) throws IOException, InterruptedException {
            send(HttpRequest.newBuilder(URI.create(apiBase + "/api/v1/users/" + userId + "/role"))
                    .header("Content-Type", "application/json")
                    .header("Authorization", "Bearer " + accessToken)
                    .PUT(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(Map.of("role", role)))));
        }

        /** Creates a budget ({@code POST /api/v1/budgets}) with these fields. */
        void createBudget(Map<String, ?> budget) throws IOException, InterruptedException {
            post(apiBase + "/api/v1/budgets", accessToken, budget);
        }

        /** The agent key of the tenant's agent, as the console lists it. */
        String agentKey() throws IOException, InterruptedException {
            return send(HttpRequest.newBuilder(URI.create(apiBase + "/api/v1/agents"))
                    .header("Authorization", "Bearer " + accessToken).GET()).get(0).path("agent_key").asText();
        }

        /** Creates a SCIM token ({@code POST /api/v1/scim/tokens}, Owner only) and answers its secret. */
        String scimToken(String name) throws IOException, InterruptedException {
            return post(apiBase + "/api/v1/scim/tokens", accessToken, Map.of("name", name)).path("token").asText();
        }

        void applyPolicies(String yaml) throws IOException, InterruptedException {
            send(HttpRequest.newBuilder(URI.create(apiBase + "/api/v1/policies"))
                    .header("Content-Type", "application/yaml")
                    .header("Authorization", "Bearer " + accessToken)
                    .POST(HttpRequest.BodyPublishers.ofString(yaml)));
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String PASSWORD = "Bench-Mark-2026-Load";

    private TenantSetup() {
    }

    static Tenant provision(String apiBase, Path appLog, ManagedChannel channel) throws Exception {
        return provision(apiBase, appLog, channel,
                AgentId.newBuilder().setOrgId("org-bench").setTeamId("team-load").setAgentId("load-agent").build());
    }

    static Tenant provision(String apiBase, Path appLog, ManagedChannel channel, AgentId id) throws Exception {
        String email = "bench-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
        post(apiBase + "/api/v1/signup", null, Map.of("email", email, "password", PASSWORD,
                "workspace_name", "Benchmark " + Instant.now(), "region", "us-east-1", "tier", "business"));
        post(apiBase + "/api/v1/signup/verify", null, Map.of("token", mailedToken(appLog, email)));
        String access = post(apiBase + "/api/v1/auth/login", null, Map.of("email", email, "password", PASSWORD))
                .path("access_token").asText();
        String apiKey = post(apiBase + "/api/v1/api-keys", access, Map.of("name", "bench")).path("token").asText();

        Metadata metadata = new Metadata();
        metadata.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), "Bearer " + apiKey);
        String credential = AgentLifecycleServiceGrpc.newBlockingStub(channel)
                .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(metadata))
                .register(RegisterRequest.newBuilder().setAgentId(id).setName("load agent").build())
                .getCredentialToken();
        return new Tenant(apiBase, access, new Agent(id, credential));
    }

    private static String mailedToken(Path appLog, String email) throws IOException, InterruptedException {
        Pattern token = Pattern.compile("development mail to " + Pattern.quote(email) + "[\\s\\S]*?token=(\\S+)");
        for (int attempt = 0; attempt < 100; attempt++) {
            Matcher matcher = token.matcher(Files.readString(appLog));
            if (matcher.find()) {
                return matcher.group(1);
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("no verification mail for " + email + " in " + appLog
                + " (the app must run without SMTP so mails are logged)");
    }

    private static JsonNode post(String url, String bearer, Map<String, ?> body) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
        if (bearer != null) {
            request.header("Authorization", "Bearer " + bearer);
        }
        return send(request);
    }

    private static JsonNode send(HttpRequest.Builder request) throws IOException, InterruptedException {
        HttpRequest built = request.build();
        HttpResponse<String> response = HTTP.send(built, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() >= 300) {
            throw new IllegalStateException(built.uri() + " answered " + response.statusCode() + ": " + response.body());
        }
        return JSON.readTree(response.body());
    }
}
