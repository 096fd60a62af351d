package io.agentassembly.app;

import io.agentassembly.app.support.Api;
import io.agentassembly.app.support.GatewayClient;
import io.agentassembly.app.support.GatewayClient.RegisteredAgent;
import io.agentassembly.app.support.GatewayIntegrationTest;
import io.agentassembly.gateway.proto.audit.v1.AuditEvent;
import io.agentassembly.gateway.proto.audit.v1.LLMCallDetail;
import io.agentassembly.gateway.proto.audit.v1.ReportEventsRequest;
import io.agentassembly.gateway.proto.audit.v1.ReportEventsResponse;
import io.agentassembly.gateway.proto.audit.v1.StreamEventsResponse;
import io.agentassembly.gateway.proto.audit.v1.ToolCallDetail;
import io.agentassembly.gateway.proto.common.v1.ActionType;
import io.agentassembly.gateway.proto.common.v1.AgentId;
import io.agentassembly.gateway.proto.common.v1.Decision;
import io.agentassembly.gateway.proto.common.v1.Timestamp;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import com.google.protobuf.ByteString;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static io.agentassembly.app.support.Api.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** AuditService over real gRPC: agent credential, own events only, idempotent event ids, no secrets stored. */
class AgentAuditIngestionTest extends GatewayIntegrationTest {

    @Test
    void anLlmCallIsRecordedWithItsUsageAndListedInTheAuditLog() {
        RegisteredAgent agent = gateway.register(apiKey, "org-usage", "team-1", "writer");
        AuditEvent llm = event(agent.id()).setActionType(ActionType.LLM_CALL).setDecision(Decision.ALLOW)
                .setLlmCall(LLMCallDetail.newBuilder().setModel("gpt-4o").setProvider("openai")
                        .setPromptTokens(1200).setCompletionTokens(340).setLatencyMs(812))
                .putLabels("env", "prod").putLabels("api_token", "sk-live-leak").build();

        ReportEventsResponse response = gateway.audit(agent.credentialToken())
                .reportEvents(ReportEventsRequest.newBuilder().addEvents(llm).build());

        assertThat(response.getEventIdsList()).containsExactly(llm.getEventId());
        assertThat(stored("AgentEventReportedEvent", llm.getEventId())).isEqualTo(1);
        assertThat(stored("AgentUsageRecordedEvent", llm.getEventId())).isEqualTo(1);
        assertThat(payloadsMentioning(llm.getEventId())).noneMatch(p -> p.contains("sk-live-leak") || p.contains("api_token"));
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
            Api.Response logs = api.get("/api/v1/logs?event_type=AgentUsageRecorded&org_id=org-usage", owner.accessToken());
            assertThat(logs.status()).isEqualTo(200);
            assertThat(logs.body().path("entries")).hasSize(1);
            var payload = logs.body().path("entries").get(0).path("payload");
            assertThat(payload.path("prompt_tokens").asLong()).isEqualTo(1200);
            assertThat(payload.path("completion_tokens").asLong()).isEqualTo(340);
            assertThat(payload.path("total_tokens").asLong()).isEqualTo(1540);
            assertThat(payload.path("model").asText()).isEqualTo("gpt-4o");
            assertThat(payload.path("agent_id").asText()).isEqualTo("writer");
        });
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertThat(api.get(
                "/api/v1/logs?event_type=AgentEventReported&org_id=org-usage", owner.accessToken())
                .body().path("entries")).hasSize(1));
    }

    @Test
    void aReReportedEventIsAcknowledgedButStoredOnce() {
        RegisteredAgent agent = gateway.register(apiKey, "org-a", "team-1", "retrier");
        AuditEvent tool = toolCall(agent.id(), "{}");
        ReportEventsRequest request = ReportEventsRequest.newBuilder().addEvents(tool).addEvents(tool).build();

        assertThat(gateway.audit(agent.credentialToken()).reportEvents(request).getEventIdsList())
                .containsExactly(tool.getEventId(), tool.getEventId());
        assertThat(gateway.audit(agent.credentialToken()).reportEvents(ReportEventsRequest.newBuilder()
                .addEvents(tool).build()).getEventIdsList()).containsExactly(tool.getEventId());

        assertThat(stored("AgentEventReportedEvent", tool.getEventId())).isEqualTo(1);
        assertThat(stored("AgentUsageRecordedEvent", tool.getEventId())).isZero();
    }

    @Test
    void anEventClaimingAnotherAgentFailsTheWholeCall() {
        RegisteredAgent mallory = gateway.register(apiKey, "org-a", "team-1", "mallory");
        RegisteredAgent victim = gateway.register(apiKey, "org-b", "team-9", "payments");
        AuditEvent own = toolCall(mallory.id(), "{}");
        AuditEvent forged = toolCall(victim.id(), "{}");

        assertStatus(() -> gateway.audit(mallory.credentialToken()).reportEvents(ReportEventsRequest.newBuilder()
                .addEvents(own).addEvents(forged).build()), Status.Code.PERMISSION_DENIED);
        assertThat(payloadsMentioning(own.getEventId())).isEmpty();
        assertThat(payloadsMentioning(forged.getEventId())).isEmpty();

        List<AuditEvent> stream = List.of(toolCall(mallory.id(), "{}"), forged);
        assertThatThrownBy(() -> gateway.streamEvents(mallory.credentialToken(), stream))
                .hasCauseInstanceOf(StatusRuntimeException.class)
                .cause().satisfies(e -> assertThat(((StatusRuntimeException) e).getStatus().getCode())
                        .isEqualTo(Status.Code.PERMISSION_DENIED));
        assertThat(payloadsMentioning(forged.getEventId())).isEmpty();
    }

    @Test
    void callersWithoutAValidCredentialAndMalformedEventsAreRefused() {
        RegisteredAgent agent = gateway.register(apiKey, "org-a", "team-1", "checker");
        ReportEventsRequest one = ReportEventsRequest.newBuilder().addEvents(toolCall(agent.id(), "{}")).build();

        assertStatus(() -> gateway.audit(null).reportEvents(one), Status.Code.UNAUTHENTICATED);
        assertStatus(() -> gateway.audit("aasa_" + "0".repeat(32) + "_" + "A".repeat(43)).reportEvents(one),
                Status.Code.UNAUTHENTICATED);
        assertStatus(() -> gateway.audit(apiKey).reportEvents(one), Status.Code.UNAUTHENTICATED);

        assertThatThrownBy(() -> gateway.audit(agent.credentialToken()).reportEvents(ReportEventsRequest.newBuilder()
                .addEvents(toolCall(agent.id(), "{}")).addEvents(toolCall(agent.id(), "{}").toBuilder()
                        .setEventId("not-a-uuid")).build()))
                .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
                    assertThat(e.getStatus().getDescription()).contains("events[1].event_id");
                });
        assertStatus(() -> gateway.audit(agent.credentialToken()).reportEvents(ReportEventsRequest.newBuilder()
                .addEvents(toolCall(agent.id(), "{}").toBuilder().clearEventId()).build()), Status.Code.INVALID_ARGUMENT);
        ReportEventsRequest.Builder tooMany = ReportEventsRequest.newBuilder();
        for (int i = 0; i < 501; i++) {
            tooMany.addEvents(toolCall(agent.id(), "{}"));
        }
        assertStatus(() -> gateway.audit(agent.credentialToken()).reportEvents(tooMany.build()),
                Status.Code.INVALID_ARGUMENT);
        assertThatThrownBy(() -> gateway.streamEvents(null, List.of(toolCall(agent.id(), "{}"))))
                .cause().satisfies(e -> assertThat(((StatusRuntimeException) e).getStatus().getCode())
                        .isEqualTo(Status.Code.UNAUTHENTICATED));
    }

    @Test
    void aStreamOf250EventsIsCountedAndStoredAndArgumentBytesAreNeverStored() throws Exception {
        RegisteredAgent agent = gateway.register(apiKey, "org-stream", "team-1", "streamer");
        String secretArgs = "{\"query\":\"" + "s3cr3t-" + UUID.randomUUID() + "\"}";
        List<AuditEvent> events = new ArrayList<>();
        for (int i = 0; i < 250; i++) {
            events.add(toolCall(AgentId.getDefaultInstance(), secretArgs));
        }

        StreamEventsResponse response = gateway.streamEvents(agent.credentialToken(), events);

        assertThat(response.getEventsReceived()).isEqualTo(250);
        Number stored = (Number) db.fetchValue("select count(*) from domainevententry where payloadtype like "
                + "'%AgentEventReportedEvent' and convert_from(payload, 'UTF8') like '%\"agent_id\":\"streamer\"%'");
        assertThat(stored.intValue()).isEqualTo(250);
        assertThat(db.fetchValue("select count(*) from agent_reported_event where event_id = ?",
                events.get(249).getEventId())).isEqualTo(1L);
        Number leaked = (Number) db.fetchValue("select count(*) from domainevententry where "
                + "convert_from(payload, 'UTF8') like ?", "%" + secretArgs.substring(11, 40) + "%");
        assertThat(leaked.intValue()).isZero();
        String base64 = java.util.Base64.getEncoder().encodeToString(secretArgs.getBytes(StandardCharsets.UTF_8));
        Number leakedAsBase64 = (Number) db.fetchValue("select count(*) from domainevententry where "
                + "convert_from(payload, 'UTF8') like ?", "%" + base64.substring(0, 24) + "%");
        assertThat(leakedAsBase64.intValue()).isZero();
        assertThat(payloadsMentioning(events.get(0).getEventId())).singleElement()
                .satisfies(p -> assertThat(p).contains("\"args_size_bytes\":" + secretArgs.length()));
    }

    private int stored(String eventClass, String eventId) {
        return ((Number) db.fetchValue("select count(*) from domainevententry where payloadtype like ? "
                + "and convert_from(payload, 'UTF8') like ?", "%" + eventClass, "%" + eventId + "%")).intValue();
    }

    private List<String> payloadsMentioning(String eventId) {
        return db.fetch("select convert_from(payload, 'UTF8') from domainevententry where convert_from(payload, "
                + "'UTF8') like ?", "%" + eventId + "%").getValues(0, String.class);
    }

    private static AuditEvent.Builder event(AgentId claimed) {
        return AuditEvent.newBuilder().setEventId(uuidV7()).setAgentId(claimed)
                .setOccurredAt(Timestamp.newBuilder().setUnixMs(System.currentTimeMillis()))
                .setTraceId(UUID.randomUUID().toString()).setSpanId("0123456789abcdef");
    }

    private static AuditEvent toolCall(AgentId claimed, String argsJson) {
        return event(claimed).setActionType(ActionType.TOOL_CALL).setDecision(Decision.ALLOW)
                .setToolCall(ToolCallDetail.newBuilder().setToolName("search").setSucceeded(true).setLatencyMs(12)
                        .setArgsJson(ByteString.copyFrom(argsJson, StandardCharsets.UTF_8)))
                .build();
    }

    /** A UUID with version 7's shape: 48-bit millisecond timestamp, version nibble 7, RFC 4122 variant. */
    private static String uuidV7() {
        UUID random = UUID.randomUUID();
        long msb = (System.currentTimeMillis() << 16) | 0x7000L | (random.getMostSignificantBits() & 0x0FFFL);
        return new UUID(msb, random.getLeastSignificantBits()).toString();
    }

    private static void assertStatus(Runnable call, Status.Code code) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(StatusRuntimeException.class,
                e -> assertThat(e.getStatus().getCode()).as(e.getStatus().toString()).isEqualTo(code));
    }
}
