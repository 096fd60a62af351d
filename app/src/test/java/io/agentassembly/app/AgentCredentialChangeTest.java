package io.agentassembly.app;

import com.google.protobuf.ByteString;
import io.agentassembly.app.support.GatewayClient.RegisteredAgent;
import io.agentassembly.app.support.GatewayIntegrationTest;
import io.agentassembly.app.support.ServerStreams;
import io.agentassembly.gateway.agent.ControlChannels;
import io.agentassembly.gateway.proto.agent.v1.ControlCommand;
import io.agentassembly.gateway.proto.audit.v1.AuditEvent;
import io.agentassembly.gateway.proto.audit.v1.ReportEventsRequest;
import io.agentassembly.gateway.proto.audit.v1.ToolCallDetail;
import io.agentassembly.gateway.proto.common.v1.ActionType;
import io.agentassembly.gateway.proto.common.v1.Decision;
import io.agentassembly.gateway.proto.common.v1.Timestamp;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import static io.agentassembly.app.support.Api.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * A stream lives only as long as the credential it was opened with: rotating, revoking or deregistering closes
 * the agent's control streams, and an audit event stream stops at the first event after a revocation or suspension.
 */
class AgentCredentialChangeTest extends GatewayIntegrationTest {

    @Autowired
    ControlChannels controlChannels;

    @Test
    void rotatingTheCredentialClosesTheStreamsOpenedWithTheOldOne() throws InterruptedException {
        RegisteredAgent agent = gateway.register(apiKey, "org-rot", "team-1", "rotated");
        String agentKey = agentKeyOf(owner, "org-rot");
        BlockingQueue<Object> control = gateway.controlStream(agent);
        BlockingQueue<Object> operations = gateway.opControlStream(agent);
        await().atMost(Duration.ofSeconds(5)).until(() -> controlChannels.openStreams(agentKey) == 2);

        var rotated = api.post("/api/v1/agents/" + agentKey + "/credential/rotate", owner.accessToken(), null);
        assertThat(rotated.status()).isEqualTo(200);

        assertUnauthenticated(control.poll(5, TimeUnit.SECONDS), "rotated");
        assertUnauthenticated(operations.poll(5, TimeUnit.SECONDS), "rotated");
        assertThat(controlChannels.openStreams(agentKey)).isZero();
        RegisteredAgent renewed = new RegisteredAgent(agent.id(), rotated.text("credential_token"));
        gateway.controlStream(renewed);
        gateway.opControlStream(renewed);
        await().atMost(Duration.ofSeconds(5)).until(() -> controlChannels.openStreams(agentKey) == 2);
        assertUnauthenticated(gateway.controlStream(agent).poll(5, TimeUnit.SECONDS), "unknown");
    }

    @Test
    void revokingTheCredentialKillsTheAgentAndClosesItsStreams() throws InterruptedException {
        RegisteredAgent agent = gateway.register(apiKey, "org-rev", "team-1", "revoked");
        String agentKey = agentKeyOf(owner, "org-rev");
        BlockingQueue<Object> control = gateway.controlStream(agent);
        BlockingQueue<Object> operations = gateway.opControlStream(agent);
        await().atMost(Duration.ofSeconds(5)).until(() -> controlChannels.openStreams(agentKey) == 2);

        assertThat(api.post("/api/v1/agents/" + agentKey + "/revoke", owner.accessToken(), null).status()).isEqualTo(200);

        assertThat(((ControlCommand) control.poll(5, TimeUnit.SECONDS)).getCommandCase())
                .isEqualTo(ControlCommand.CommandCase.KILL);
        assertUnauthenticated(control.poll(5, TimeUnit.SECONDS), "revoked");
        assertUnauthenticated(operations.poll(5, TimeUnit.SECONDS), "revoked");
        assertThat(controlChannels.openStreams(agentKey)).isZero();
    }

    @Test
    void deregisteringTheAgentAlsoClosesItsOperationStream() throws InterruptedException {
        RegisteredAgent agent = gateway.register(apiKey, "org-dereg", "team-1", "retired");
        String agentKey = agentKeyOf(owner, "org-dereg");
        BlockingQueue<Object> operations = gateway.opControlStream(agent);
        await().atMost(Duration.ofSeconds(5)).until(() -> controlChannels.openStreams(agentKey) == 1);

        assertThat(api.delete("/api/v1/agents/" + agentKey, owner.accessToken()).status()).isEqualTo(204);

        assertUnauthenticated(operations.poll(5, TimeUnit.SECONDS), "deregistered");
        assertThat(controlChannels.openStreams(agentKey)).isZero();
    }

    @Test
    void anEventStreamStopsAtTheFirstEventAfterTheAgentIsSuspended() throws Exception {
        RegisteredAgent agent = gateway.register(apiKey, "org-sus", "team-1", "suspended");
        String agentKey = agentKeyOf(owner, "org-sus");
        EventStream stream = openEventStream(agent);
        List<AuditEvent> accepted = IntStream.range(0, 100).mapToObj(i -> toolCall(agent)).toList();
        accepted.forEach(stream.requests()::onNext);
        await().atMost(Duration.ofSeconds(15)).until(() -> recorded(accepted.getLast()));

        assertThat(api.post("/api/v1/agents/" + agentKey + "/suspend", owner.accessToken(), json("reason", "audit"))
                .status()).isEqualTo(200);
        AuditEvent afterSuspension = toolCall(agent);
        stream.requests().onNext(afterSuspension);

        Object outcome = stream.outcome().poll(10, TimeUnit.SECONDS);
        assertThat(outcome).isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
            assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.PERMISSION_DENIED);
            assertThat(e.getStatus().getDescription()).contains("suspended");
        });
        assertThat(accepted).allMatch(this::recorded);
        assertThat(recorded(afterSuspension)).isFalse();
        assertThatThrownBy(() -> gateway.audit(agent.credentialToken()).reportEvents(
                ReportEventsRequest.newBuilder().addEvents(toolCall(agent)).build()))
                .isInstanceOfSatisfying(StatusRuntimeException.class, e ->
                        assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.PERMISSION_DENIED));
    }

    @Test
    void anEventStreamStopsAtTheFirstEventAfterTheCredentialIsRevoked() throws Exception {
        RegisteredAgent agent = gateway.register(apiKey, "org-srev", "team-1", "streaming");
        String agentKey = agentKeyOf(owner, "org-srev");
        EventStream stream = openEventStream(agent);
        List<AuditEvent> accepted = IntStream.range(0, 100).mapToObj(i -> toolCall(agent)).toList();
        accepted.forEach(stream.requests()::onNext);
        await().atMost(Duration.ofSeconds(15)).until(() -> recorded(accepted.getLast()));

        assertThat(api.post("/api/v1/agents/" + agentKey + "/revoke", owner.accessToken(), null).status()).isEqualTo(200);
        List<AuditEvent> afterRevocation = List.of(toolCall(agent), toolCall(agent));
        afterRevocation.forEach(stream.requests()::onNext);
        stream.requests().onCompleted();

        assertUnauthenticated(stream.outcome().poll(10, TimeUnit.SECONDS), "revoked");
        assertThat(afterRevocation).noneMatch(this::recorded);
    }

    private record EventStream(StreamObserver<AuditEvent> requests, BlockingQueue<Object> outcome) {
    }

    private EventStream openEventStream(RegisteredAgent agent) {
        BlockingQueue<Object> outcome = new LinkedBlockingQueue<>();
        StreamObserver<AuditEvent> requests = gateway.auditStreaming(agent.credentialToken())
                .streamEvents(ServerStreams.collector(outcome));
        return new EventStream(requests, outcome);
    }

    private boolean recorded(AuditEvent event) {
        return ((Number) db.fetchValue("select count(*) from agent_reported_event where event_id = ?",
                event.getEventId())).intValue() == 1;
    }

    private static AuditEvent toolCall(RegisteredAgent agent) {
        return AuditEvent.newBuilder().setEventId(UUID.randomUUID().toString()).setAgentId(agent.id())
                .setOccurredAt(Timestamp.newBuilder().setUnixMs(System.currentTimeMillis()))
                .setTraceId(UUID.randomUUID().toString()).setSpanId("0123456789abcdef")
                .setActionType(ActionType.TOOL_CALL).setDecision(Decision.ALLOW)
                .setToolCall(ToolCallDetail.newBuilder().setToolName("search").setSucceeded(true)
                        .setArgsJson(ByteString.copyFrom("{}", StandardCharsets.UTF_8)))
                .build();
    }

    private static void assertUnauthenticated(Object received, String because) {
        assertThat(received).isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
            assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
            assertThat(e.getStatus().getDescription()).contains(because);
        });
    }
}
