package io.agentassembly.app;

import io.agentassembly.app.support.GatewayClient;
import io.agentassembly.app.support.GatewayClient.RegisteredAgent;
import io.agentassembly.app.support.GatewayIntegrationTest;
import io.agentassembly.gateway.proto.common.v1.Decision;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.agentassembly.schema.jooq.Tables.NOTIFICATION_OUTBOX;
import static org.assertj.core.api.Assertions.assertThat;

/** The Prometheus scrape endpoint: operators only, with the metrics docs/operations.md "Monitoring" lists. */
class PrometheusEndpointTest extends GatewayIntegrationTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Test
    void answersOnlyTheOperatorCredential() throws Exception {
        assertThat(scrape(null).statusCode()).isEqualTo(401);
        assertThat(scrape(owner.accessToken()).statusCode()).isEqualTo(403);
        assertThat(scrape(apiKey).statusCode()).isEqualTo(403);
        HttpResponse<String> scraped = scrape(OPERATOR_TOKEN);
        assertThat(scraped.statusCode()).isEqualTo(200);
        assertThat(scraped.headers().firstValue("Content-Type").orElse("")).startsWith("text/plain");
    }

    @Test
    void exposesDecisionsProcessorLagDeadLettersOutboxAndServerMetrics() throws Exception {
        double deniedBefore = value(metrics(), "aasm_gateway_decisions_total{decision=\"DENY\"}");
        RegisteredAgent agent = gateway.register(apiKey, "org-a", "team-1", "scraped");
        assertThat(gateway.policy().checkAction(GatewayClient.toolCall(agent, agent.id(), "search")).getDecision())
                .isEqualTo(Decision.DENY);
        double failedBefore = value(metrics(), "aasm_notifications_outbox_failed");
        failedNotification();

        String metrics = metrics();
        assertThat(value(metrics, "aasm_gateway_decisions_total{decision=\"DENY\"}")).isGreaterThan(deniedBefore);
        assertThat(metrics).contains("aasm_gateway_decisions_total{decision=\"ALLOW\"}",
                "aasm_gateway_decision_evaluation_seconds_bucket{le=",
                "aasm_processor_lag_events{processing_group=\"audit-log\"}",
                "aasm_processor_error{processing_group=\"audit-log\"}",
                "aasm_processor_dead_letters_open ",
                "aasm_notifications_outbox_pending ",
                "aasm_notifications_outbox_oldest_pending_age_seconds ",
                "grpc_server_processing_duration_seconds_bucket{",
                "method=\"CheckAction\"",
                "jvm_memory_used_bytes{",
                "http_server_requests_seconds_bucket{");
        assertThat(value(metrics, "aasm_notifications_outbox_failed")).isEqualTo(failedBefore + 1);
    }

    @Test
    void theGrafanaDashboardQueriesOnlyMetricsTheEndpointExposes() throws Exception {
        String metrics = metrics();
        Matcher names = Pattern.compile("\\b(aasm|grpc|http|jvm|process|hikaricp)_[a-z_]+")
                .matcher(Files.readString(Path.of("..", "docs", "grafana-dashboard.json")));
        int queried = 0;
        while (names.find()) {
            String name = names.group();
            queried++;
            if (!name.equals("aasm_processor_dead_letters_total")) { // registered at the first dead letter
                assertThat(metrics).as("dashboard metric " + name).containsPattern("(?m)^" + name + "[{ ]");
            }
        }
        assertThat(queried).isGreaterThan(15);
    }

    private void failedNotification() {
        db.insertInto(NOTIFICATION_OUTBOX)
                .set(NOTIFICATION_OUTBOX.NOTIFICATION_ID, UUID.randomUUID().toString())
                .set(NOTIFICATION_OUTBOX.WORKSPACE_ID, owner.workspaceId())
                .set(NOTIFICATION_OUTBOX.KIND, "TEST")
                .set(NOTIFICATION_OUTBOX.RECIPIENT, "nobody@example.com")
                .set(NOTIFICATION_OUTBOX.REFERENCE_ID, "none")
                .set(NOTIFICATION_OUTBOX.STATUS, "FAILED")
                .set(NOTIFICATION_OUTBOX.ATTEMPTS, 8)
                .set(NOTIFICATION_OUTBOX.NEXT_ATTEMPT_AT, OffsetDateTime.now())
                .set(NOTIFICATION_OUTBOX.CREATED_AT, OffsetDateTime.now())
                .execute();
    }

    private String metrics() throws IOException, InterruptedException {
        HttpResponse<String> scraped = scrape(OPERATOR_TOKEN);
        assertThat(scraped.statusCode()).isEqualTo(200);
        return scraped.body();
    }

    /** The value of the sample whose name and labels are exactly {@code sample}. */
    private static double value(String metrics, String sample) {
        return metrics.lines().filter(line -> line.startsWith(sample + " "))
                .mapToDouble(line -> Double.parseDouble(line.substring(sample.length() + 1).trim()))
                .findFirst().orElseThrow(() -> new AssertionError(sample + " not in the scrape"));
    }

    private HttpResponse<String> scrape(String token) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/prometheus"));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
