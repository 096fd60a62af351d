package io.agentassembly.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.agentassembly.app.alert.AlertDispatcher;
import io.agentassembly.app.alert.AlertProperties;
import io.agentassembly.app.alert.AlertSealing;
import io.agentassembly.app.support.AlertReceiver;
import io.agentassembly.app.support.AlertReceiver.Received;
import io.agentassembly.app.support.Api;
import io.agentassembly.app.support.IntegrationTest;
import io.agentassembly.app.support.Tenants.Member;
import io.agentassembly.command.api.budget.BudgetAction;
import io.agentassembly.command.api.budget.BudgetWindow;
import io.agentassembly.command.api.budget.SpendEvents.BudgetThresholdReachedEvent;
import io.agentassembly.command.api.budget.SpendEvents.LimitMetric;
import io.agentassembly.command.api.budget.SpendEvents.LimitTier;
import io.agentassembly.command.api.common.AuditMetadata;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventhandling.gateway.EventGateway;
import org.axonframework.messaging.MetaData;
import org.jooq.DSLContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.transaction.support.TransactionTemplate;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.agentassembly.app.support.Api.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Budget alerts reach real local HTTP receivers: a Slack-shaped and a signed webhook, each exactly once, also when
 * the receiver fails the first attempt and when the outbox processor replays the event.
 */
@ExtendWith(OutputCaptureExtension.class)
class AlertDeliveryTest extends IntegrationTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SLACK_PATH = "/services/T0001/B0001/sl4ckS3cretPathXYZ";

    @Autowired
    EventGateway events;
    @Autowired
    EventProcessingConfiguration processing;
    @Autowired
    DSLContext db;
    @Autowired
    TransactionTemplate transactions;
    @Autowired
    AlertProperties alertProperties;
    @Autowired
    AlertSealing sealing;

    private AlertReceiver receiver;

    @BeforeEach
    void startReceiver() {
        receiver = new AlertReceiver();
    }

    @AfterEach
    void stopReceiver() {
        receiver.close();
    }

    private String create(Member owner, String kind, String path, Object... more) {
        Object[] fields = new Object[6 + more.length];
        System.arraycopy(new Object[]{"name", kind + " alerts", "kind", kind, "url", receiver.url(path)}, 0, fields, 0, 6);
        System.arraycopy(more, 0, fields, 6, more.length);
        Api.Response created = api.post("/api/v1/alert-destinations", owner.accessToken(), json(fields));
        assertThat(created.status()).as(created.body().toString()).isEqualTo(201);
        return created.body().toString();
    }

    private static String id(String created) throws Exception {
        return JSON.readTree(created).path("destination_id").asText();
    }

    private static BudgetThresholdReachedEvent threshold(String workspaceId, String orgId, int percent) {
        return new BudgetThresholdReachedEvent(workspaceId, orgId, "budget:bud-" + UUID.randomUUID(), LimitTier.TEAM,
                orgId + "/team-a", "bud-1", "Team A <daily>", BudgetWindow.DAILY,
                Instant.now().truncatedTo(ChronoUnit.DAYS), "UTC", percent, LimitMetric.USD,
                new BigDecimal("80.500000"), new BigDecimal("100"), BudgetAction.DENY);
    }

    private String raise(BudgetThresholdReachedEvent event) {
        var message = GenericEventMessage.asEventMessage(event).andMetaData(MetaData.with(AuditMetadata.ACTOR_TYPE, "SYSTEM")
                .and(AuditMetadata.ACTOR_ID, "budget-test"));
        events.publish(message);
        return message.getIdentifier();
    }

    @Test
    void aThresholdAlertReachesSlackAndASignedWebhookOnceEvenWhenTheFirstAttemptFails(CapturedOutput output) throws Exception {
        Member owner = tenants.signUp("pro");
        String webhook = create(owner, "WEBHOOK", "/hooks/aasm");
        String secret = JSON.readTree(webhook).path("signing_secret").asText();
        assertThat(secret).startsWith("aasw_");
        String slack = create(owner, "SLACK", SLACK_PATH);
        String otherOrg = create(owner, "WEBHOOK", "/hooks/org-b", "org_id", "org-b");
        String disabled = create(owner, "WEBHOOK", "/hooks/disabled", "enabled", false);
        Member stranger = tenants.signUp("pro");
        create(stranger, "WEBHOOK", "/hooks/stranger");
        receiver.failNext("/hooks/aasm", 1);

        String alertId = raise(threshold(owner.workspaceId(), "org-a", 80));

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            assertThat(receiver.at("/hooks/aasm")).extracting(Received::answered).containsExactly(500, 200);
            assertThat(receiver.at(SLACK_PATH)).extracting(Received::answered).containsExactly(200);
        });
        Thread.sleep(1500); // nothing more arrives: no second delivery of a delivered alert
        assertThat(receiver.at("/hooks/aasm")).hasSize(2);
        assertThat(receiver.at(SLACK_PATH)).hasSize(1);
        assertThat(receiver.at("/hooks/org-b")).as("another org's destination").isEmpty();
        assertThat(receiver.at("/hooks/disabled")).as("a disabled destination").isEmpty();
        assertThat(receiver.at("/hooks/stranger")).as("another workspace's destination").isEmpty();

        List<Received> attempts = receiver.at("/hooks/aasm");
        assertThat(attempts.get(0).header("X-AASM-Delivery-Id")).startsWith("dlv-")
                .isEqualTo(attempts.get(1).header("X-AASM-Delivery-Id"));
        Received accepted = attempts.get(1);
        String timestamp = accepted.header("X-AASM-Timestamp");
        assertThat(Math.abs(Long.parseLong(timestamp) - Instant.now().getEpochSecond())).isLessThan(60);
        assertThat(accepted.header("X-AASM-Signature")).isEqualTo("v1=" + hmac(secret, timestamp + "." + accepted.body()));
        JsonNode alert = JSON.readTree(accepted.body());
        assertThat(alert.path("delivery_id").asText()).isEqualTo(accepted.header("X-AASM-Delivery-Id"));
        assertThat(alert.path("type").asText()).isEqualTo("budget.threshold_reached");
        assertThat(alert.path("alert_id").asText()).isEqualTo(alertId);
        assertThat(alert.path("workspace_id").asText()).isEqualTo(owner.workspaceId());
        assertThat(alert.path("threshold_percent").asInt()).isEqualTo(80);
        assertThat(alert.path("used").asText()).isEqualTo("80.500000");
        assertThat(alert.path("limit").asText()).isEqualTo("100");
        assertThat(alert.path("metric").asText()).isEqualTo("usd");
        assertThat(alert.path("action").asText()).isEqualTo("deny");

        JsonNode slackBody = JSON.readTree(receiver.at(SLACK_PATH).getFirst().body());
        assertThat(slackBody.path("text").asText()).contains("Team A &lt;daily&gt;", "80%", "$80.500000 of $100");
        assertThat(slackBody.path("blocks").get(0).path("type").asText()).isEqualTo("section");
        assertThat(slackBody.path("blocks").get(0).at("/text/type").asText()).isEqualTo("mrkdwn");
        assertThat(receiver.at(SLACK_PATH).getFirst().header("X-AASM-Signature")).as("Slack is not signed").isNull();

        JsonNode log = api.get("/api/v1/alert-destinations/" + id(webhook) + "/deliveries", owner.accessToken()).body();
        assertThat(log.path("entries")).hasSize(1);
        JsonNode delivery = log.path("entries").get(0);
        assertThat(delivery.path("status").asText()).isEqualTo("DELIVERED");
        assertThat(delivery.path("attempts").asInt()).isEqualTo(2);
        assertThat(delivery.path("alert_id").asText()).isEqualTo(alertId);
        assertThat(delivery.path("attempt_log")).hasSize(2);
        assertThat(delivery.at("/attempt_log/0/status_code").asInt()).isEqualTo(500);
        assertThat(delivery.at("/attempt_log/0/outcome").asText()).isEqualTo("RETRY");
        assertThat(delivery.at("/attempt_log/0/next_attempt_at").asText()).isNotBlank();
        assertThat(delivery.at("/attempt_log/0/error").asText()).contains("500");
        assertThat(delivery.at("/attempt_log/1/status_code").asInt()).isEqualTo(200);
        assertThat(delivery.at("/attempt_log/1/outcome").asText()).isEqualTo("DELIVERED");
        assertThat(api.get("/api/v1/alert-destinations/" + id(otherOrg) + "/deliveries", owner.accessToken())
                .body().path("entries")).isEmpty();
        assertThat(api.get("/api/v1/alert-destinations/" + id(disabled) + "/deliveries", owner.accessToken())
                .body().path("entries")).isEmpty();

        String metrics = scrape();
        assertThat(metrics).contains("aasm_alerts_outbox_pending ", "aasm_alerts_outbox_failed ",
                "aasm_alerts_attempts_total{outcome=\"retry\"}", "aasm_alerts_attempts_total{outcome=\"delivered\"}",
                "aasm_processor_lag_events{processing_group=\"alert-outbox\"}");

        replayTheOutbox();
        Thread.sleep(1000);
        assertThat(receiver.at("/hooks/aasm")).as("a replay sends nothing again").hasSize(2);
        assertThat(receiver.at(SLACK_PATH)).hasSize(1);
        assertThat(db.fetchCount(db.selectFrom("alert_outbox").where("event_id = ?", alertId))).isEqualTo(2);
        assertThat(output.getAll()).as("the log").contains("alert delivery").doesNotContain("sl4ckS3cretPathXYZ", secret);
    }

    @Test
    void aTestAlertGoesToTheOneDestinationAndTheLogNeverShowsTheUrl() throws Exception {
        Member owner = tenants.signUp("pro");
        String slack = create(owner, "SLACK", SLACK_PATH, "enabled", false);
        String other = create(owner, "WEBHOOK", "/hooks/other");

        Api.Response queued = api.post("/api/v1/alert-destinations/" + id(slack) + "/test", owner.accessToken(), null);
        assertThat(queued.status()).as(queued.body().toString()).isEqualTo(202);
        assertThat(queued.text("status")).isEqualTo("QUEUED");

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                assertThat(receiver.at(SLACK_PATH)).extracting(Received::answered).containsExactly(200));
        assertThat(JSON.readTree(receiver.at(SLACK_PATH).getFirst().body()).path("text").asText()).contains("test alert");
        assertThat(receiver.at("/hooks/other")).isEmpty();
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(api.get("/api/v1/alert-destinations/"
                + id(slack) + "/deliveries", owner.accessToken()).body().at("/entries/0/status").asText()).isEqualTo("DELIVERED"));
        JsonNode deliveries = api.get("/api/v1/alert-destinations/" + id(slack) + "/deliveries", owner.accessToken()).body();
        assertThat(deliveries.at("/entries/0/alert_type").asText()).isEqualTo("test");
        assertThat(deliveries.toString()).doesNotContain("sl4ckS3cretPathXYZ");
        assertThat(id(other)).isNotBlank();
    }

    @Test
    void aDeadReceiverOfOneWorkspaceDoesNotDelayAnotherWorkspacesAlerts() throws Exception {
        Member slow = tenants.signUp("pro");
        Member neighbour = tenants.signUp("pro");
        create(slow, "WEBHOOK", "/hooks/dead");
        create(neighbour, "WEBHOOK", "/hooks/neighbour");
        receiver.failNext("/hooks/dead", 1000);
        receiver.hang("/hooks/dead", 8000); // beyond the 5 s answer timeout
        for (int i = 0; i < 20; i++) {
            raise(threshold(slow.workspaceId(), "org-a", 50 + i));
        }
        String neighbourAlert = raise(threshold(neighbour.workspaceId(), "org-a", 90));

        await().atMost(Duration.ofSeconds(4)).untilAsserted(() ->
                assertThat(receiver.at("/hooks/neighbour")).hasSize(1));
        assertThat(JSON.readTree(receiver.at("/hooks/neighbour").getFirst().body()).path("alert_id").asText())
                .isEqualTo(neighbourAlert);
    }

    /**
     * A second dispatcher on the same database (another node, as far as the outbox can tell) polls alongside the
     * app's own: every delivery is still sent once.
     */
    @Test
    void twoNodesPollingTheSameOutboxSendEachDeliveryOnce() throws Exception {
        List<String> paths = new java.util.ArrayList<>();
        for (int w = 0; w < 2; w++) {
            Member owner = tenants.signUp("pro");
            for (int d = 0; d < 3; d++) {
                String path = "/hooks/node-" + w + "-" + d;
                create(owner, "WEBHOOK", path);
                paths.add(path);
            }
            for (int i = 0; i < 5; i++) {
                raise(threshold(owner.workspaceId(), "org-a", 10 + i));
            }
        }
        var secondNodeMeters = new io.micrometer.core.instrument.simple.SimpleMeterRegistry();
        AlertDispatcher secondNode = new AlertDispatcher(db, transactions, alertProperties, sealing, secondNodeMeters);
        java.util.concurrent.atomic.AtomicBoolean polling = new java.util.concurrent.atomic.AtomicBoolean(true);
        Thread poller = Thread.ofPlatform().daemon().start(() -> {
            while (polling.get()) {
                secondNode.dispatchDue();
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        try {
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(paths)
                    .allSatisfy(path -> assertThat(receiver.at(path)).hasSize(5)));
            Thread.sleep(1000);
        } finally {
            polling.set(false);
            poller.join(5000);
            secondNode.destroy();
        }
        for (String path : paths) {
            List<String> deliveryIds = receiver.at(path).stream().map(r -> r.header("X-AASM-Delivery-Id")).toList();
            assertThat(deliveryIds).as(path).hasSize(5).doesNotHaveDuplicates();
        }
        assertThat(secondNodeMeters.counter(AlertDispatcher.ATTEMPTS, "outcome", "delivered").count())
                .as("the second node sent its share").isPositive();
    }

    private void replayTheOutbox() {
        long last = ((Number) db.fetchValue("select max(globalindex) from domainevententry")).longValue();
        StreamingEventProcessor outbox = processing.eventProcessor("alert-outbox", StreamingEventProcessor.class).orElseThrow();
        outbox.shutDown();
        outbox.resetTokens();
        outbox.start();
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            Map<Integer, EventTrackerStatus> status = outbox.processingStatus();
            assertThat(status).isNotEmpty();
            assertThat(status.values()).as(status.toString())
                    .allMatch(s -> s.getCurrentPosition().orElse(-1) >= last);
        });
    }

    private String scrape() throws Exception {
        var response = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create("http://127.0.0.1:" + port + "/actuator/prometheus"))
                .header("Authorization", "Bearer " + OPERATOR_TOKEN).build(), java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        return response.body();
    }

    private static String hmac(String secret, String message) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return HexFormat.of().formatHex(mac.doFinal(message.getBytes(StandardCharsets.UTF_8)));
    }
}
