package io.agentassembly.app;

import com.google.common.util.concurrent.ListenableFuture;
import io.agentassembly.app.support.GatewayClient;
import io.agentassembly.app.support.GatewayClient.RegisteredAgent;
import io.agentassembly.app.support.GatewayIntegrationTest;
import io.agentassembly.app.support.Tenants.Member;
import io.agentassembly.gateway.proto.agent.v1.RegisterRequest;
import io.agentassembly.gateway.proto.audit.v1.AuditEvent;
import io.agentassembly.gateway.proto.audit.v1.ReportEventsRequest;
import io.agentassembly.gateway.proto.audit.v1.ToolCallDetail;
import io.agentassembly.gateway.proto.common.v1.ActionType;
import io.agentassembly.gateway.proto.common.v1.AgentId;
import io.agentassembly.gateway.proto.common.v1.Decision;
import io.agentassembly.gateway.proto.common.v1.Timestamp;
import io.agentassembly.gateway.proto.policy.v1.ActionContext;
import io.agentassembly.gateway.proto.policy.v1.BatchCheckRequest;
import io.agentassembly.gateway.proto.policy.v1.CheckActionRequest;
import io.agentassembly.gateway.proto.policy.v1.CheckActionResponse;
import io.agentassembly.gateway.proto.policy.v1.FileOpContext;
import io.agentassembly.gateway.proto.policy.v1.LLMCallContext;
import io.agentassembly.gateway.proto.policy.v1.NetworkCallContext;
import io.agentassembly.gateway.proto.policy.v1.PolicyServiceGrpc;
import io.agentassembly.gateway.proto.policy.v1.ProcessExecContext;
import io.agentassembly.gateway.proto.policy.v1.ToolCallContext;
import io.agentassembly.gateway.proto.policy.v1.ToolResultContext;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A tenant's agent sending what PostgreSQL or a console cannot take (control characters, megabytes in a name):
 * every gateway service refuses it at the edge with INVALID_ARGUMENT naming the field, stores nothing, and
 * other callers' decisions are not disturbed.
 */
class GatewayHostileInputTest extends GatewayIntegrationTest {

    @Test
    void aControlCharacterInAnyKindOfActionContextIsRefusedNamingTheFieldAndNothingIsStored() {
        RegisteredAgent agent = gateway.register(apiKey, "org-a", "team-1", "nul-sender");
        Map<String, CheckActionRequest> attempts = new LinkedHashMap<>();
        attempts.put("context.tool_call.tool_name contains a control character (U+0000) at position 4",
                action(agent, ActionType.TOOL_CALL, ActionContext.newBuilder().setToolCall(
                        ToolCallContext.newBuilder().setToolName("tool\u0000"))));
        attempts.put("context.tool_call.target_url contains a control character (U+000A) at position 19",
                action(agent, ActionType.TOOL_CALL, ActionContext.newBuilder().setToolCall(ToolCallContext.newBuilder()
                        .setToolName("fetch").setTargetUrl("https://example.com\nX-Injected: 1"))));
        attempts.put("context.tool_result.tool_name contains a control character (U+0000) at position 0",
                action(agent, ActionType.TOOL_RESULT, ActionContext.newBuilder().setToolResult(
                        ToolResultContext.newBuilder().setToolName("\u0000"))));
        attempts.put("context.llm_call.model contains a control character (U+009B) at position 3",
                action(agent, ActionType.LLM_CALL, ActionContext.newBuilder().setLlmCall(
                        LLMCallContext.newBuilder().setModel("gpt\u009b"))));
        attempts.put("context.file_op.path contains a control character (U+0000) at position 4",
                action(agent, ActionType.FILE_OPERATION, ActionContext.newBuilder().setFileOp(
                        FileOpContext.newBuilder().setOperation("read").setPath("/etc\u0000/passwd"))));
        attempts.put("context.network_call.host contains a control character (U+007F) at position 7",
                action(agent, ActionType.NETWORK_CALL, ActionContext.newBuilder().setNetworkCall(
                        NetworkCallContext.newBuilder().setHost("example\u007f.com").setPort(443))));
        attempts.put("context.process_exec.args[1] contains a control character (U+001B) at position 0",
                action(agent, ActionType.PROCESS_EXEC, ActionContext.newBuilder().setProcessExec(
                        ProcessExecContext.newBuilder().setCommand("ls").addArgs("-l").addArgs("\u001b[2J"))));
        attempts.put("agent_id.agent_id contains a control character (U+0000) at position 10",
                GatewayClient.toolCall(agent, AgentId.newBuilder(agent.id()).setAgentId("nul-sender\u0000").build(),
                        "search"));
        attempts.put("span_id contains a control character (U+0000) at position 1",
                GatewayClient.toolCall(agent, agent.id(), "search").toBuilder().setSpanId("s\u0000").build());

        attempts.forEach((expected, request) -> {
            assertInvalid(() -> gateway.policy().checkAction(request), expected);
            assertThat(storedMentioning(request.getTraceId())).as("stored for " + expected).isZero();
        });
        assertThat(gateway.policy().checkAction(GatewayClient.toolCall(agent, agent.id(), "search")).getDecision())
                .isEqualTo(Decision.DENY);
    }

    @Test
    void oneBadRequestFailsItsBatchCheckAndNothingOfItIsStored() {
        RegisteredAgent agent = gateway.register(apiKey, "org-a", "team-1", "batch-nul");
        List<CheckActionRequest> requests = List.of(GatewayClient.toolCall(agent, agent.id(), "a"),
                GatewayClient.toolCall(agent, agent.id(), "b"), GatewayClient.toolCall(agent, agent.id(), "c\u0000"));

        assertInvalid(() -> gateway.policy().batchCheck(BatchCheckRequest.newBuilder().addAllRequests(requests).build()),
                "requests[2].context.tool_call.tool_name contains a control character (U+0000) at position 1");
        requests.forEach(r -> assertThat(storedMentioning(r.getTraceId())).isZero());
    }

    @Test
    void oversizeStringsAreRefusedNamingTheLimitNotStoredTwice() {
        RegisteredAgent agent = gateway.register(apiKey, "org-a", "team-1", "big-sender");
        CheckActionRequest hugeTool = GatewayClient.toolCall(agent, agent.id(), "t".repeat(256 * 1024));
        CheckActionRequest hugeTrace = GatewayClient.toolCall(agent, agent.id(), "search").toBuilder()
                .setTraceId("x".repeat(512 * 1024)).build();
        CheckActionRequest hugeArgs = GatewayClient.toolCall(agent, "fetch", "\"" + "a".repeat(256 * 1024) + "\"", null);

        assertInvalid(() -> gateway.policy().checkAction(hugeTool),
                "context.tool_call.tool_name has 262144 characters; at most 256 are allowed");
        assertInvalid(() -> gateway.policy().checkAction(hugeTrace),
                "trace_id has 524288 characters; at most 128 are allowed");
        assertInvalid(() -> gateway.policy().checkAction(hugeArgs),
                "context.tool_call.args_json has 262146 bytes; at most 262144 are allowed");
        assertThat(storedMentioning(hugeTool.getTraceId())).isZero();
        assertThat(storedMentioning("x".repeat(1024))).isZero();

        AuditEvent bigTrace = event(agent).setTraceId("y".repeat(512 * 1024)).build();
        assertInvalid(() -> gateway.audit(agent.credentialToken()).reportEvents(ReportEventsRequest.newBuilder()
                .addEvents(event(agent)).addEvents(bigTrace).build()),
                "events[1].trace_id has 524288 characters; at most 128 are allowed");
        assertThat(storedMentioning(bigTrace.getEventId())).isZero();
    }

    @Test
    void registrationWithAControlCharacterCreatesNoAgent() {
        AgentId id = AgentId.newBuilder().setOrgId("org-a").setTeamId("team-1").setAgentId("nul-agent").build();
        assertInvalid(() -> gateway.lifecycle(apiKey).register(RegisterRequest.newBuilder().setAgentId(id)
                .setName("bad\u0000name").build()), "name contains a control character (U+0000) at position 3");
        assertInvalid(() -> gateway.lifecycle(apiKey).register(RegisterRequest.newBuilder().setAgentId(id)
                .setName("ok").putMetadata("owner", "ops\u0007").build()),
                "metadata[\"owner\"] contains a control character (U+0007) at position 3");
        assertInvalid(() -> gateway.lifecycle(apiKey).register(RegisterRequest.newBuilder().setAgentId(id)
                .setName("ok").addToolNames("search").addToolNames("x".repeat(257)).build()),
                "tool_names[1] has 257 characters; at most 256 are allowed");

        assertThat(api.get("/api/v1/agents?org_id=org-a", owner.accessToken()).body()).isEmpty();
        gateway.register(apiKey, "org-a", "team-1", "nul-agent");
        assertThat(api.get("/api/v1/agents?org_id=org-a", owner.accessToken()).body()).hasSize(1);
    }

    @Test
    void reportedEventsWithAControlCharacterAreRefusedAndNothingIsStored() throws Exception {
        RegisteredAgent agent = gateway.register(apiKey, "org-a", "team-1", "reporter");
        AuditEvent good = event(agent).build();
        AuditEvent badLabel = event(agent).putLabels("k", "v\u0000").build();

        assertInvalid(() -> gateway.audit(agent.credentialToken()).reportEvents(ReportEventsRequest.newBuilder()
                .addEvents(good).addEvents(badLabel).build()),
                "events[1].labels[\"k\"] contains a control character (U+0000) at position 1");
        assertThat(storedMentioning(good.getEventId())).isZero();
        assertThat(storedMentioning(badLabel.getEventId())).isZero();

        AuditEvent badTool = event(agent).setToolCall(ToolCallDetail.newBuilder().setToolName("sh\u0000")).build();
        List<AuditEvent> stream = List.of(event(agent).build(), event(agent).build(), badTool, event(agent).build());
        assertThatThrownBy(() -> gateway.streamEvents(agent.credentialToken(), stream)).cause()
                .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
                    assertThat(e.getStatus().getDescription()).isEqualTo("events[2].tool_call.tool_name contains a "
                            + "control character (U+0000) at position 2; remove it");
                });
        stream.forEach(e -> assertThat(storedMentioning(e.getEventId())).isZero());
        assertThatThrownBy(() -> gateway.streamEvents(null, List.of(badTool))).cause()
                .isInstanceOfSatisfying(StatusRuntimeException.class, e -> assertThat(e.getStatus().getCode())
                        .as("the handler refused the stream first").isEqualTo(Status.Code.UNAUTHENTICATED));

        AuditEvent multiLine = event(agent).setToolCall(ToolCallDetail.newBuilder().setToolName("sh")
                .setErrorMessage("Traceback:\n\tline 1\r\n")).build();
        assertThat(gateway.streamEvents(agent.credentialToken(), List.of(multiLine)).getEventsReceived()).isEqualTo(1);
        assertThat(storedMentioning(multiLine.getEventId())).isEqualTo(1);
    }

    /**
     * The attack that took the gateway down: NUL in CheckActions of one workspace failed the group-committed
     * batches they shared with every other workspace's decisions. Now each is refused on its own.
     */
    @Test
    void fortyGoodAndFortyNulCheckActionsFromTwoWorkspacesAreEachAnsweredOnTheirOwn() throws Exception {
        RegisteredAgent honest = gateway.register(apiKey, "org-a", "team-1", "honest");
        Member attacker = tenants.signUp("pro");
        RegisteredAgent hostile = gateway.register(apiKeyOf(attacker), "org-x", "team-x", "hostile");

        PolicyServiceGrpc.PolicyServiceFutureStub stub = gateway.policyFuture();
        List<CheckActionRequest> good = new ArrayList<>();
        List<ListenableFuture<CheckActionResponse>> goodAnswers = new ArrayList<>();
        List<ListenableFuture<CheckActionResponse>> badAnswers = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            CheckActionRequest request = GatewayClient.toolCall(honest, honest.id(), "search-" + i);
            good.add(request);
            goodAnswers.add(stub.checkAction(request));
            badAnswers.add(stub.checkAction(GatewayClient.toolCall(hostile, hostile.id(), "tool\u0000" + i)));
        }

        for (ListenableFuture<CheckActionResponse> answer : goodAnswers) {
            assertThat(answer.get(30, TimeUnit.SECONDS).getDecision()).isEqualTo(Decision.DENY);
        }
        for (ListenableFuture<CheckActionResponse> answer : badAnswers) {
            assertThatThrownBy(() -> answer.get(30, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                    .cause().isInstanceOfSatisfying(StatusRuntimeException.class, e -> assertThat(
                            e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT));
        }
        good.forEach(request -> assertThat(storedMentioning(request.getTraceId())).isEqualTo(1));
    }

    private int storedMentioning(String text) {
        return ((Number) db.fetchValue("select count(*) from domainevententry where position(? in "
                + "convert_from(payload, 'UTF8')) > 0", text)).intValue();
    }

    private static AuditEvent.Builder event(RegisteredAgent agent) {
        return AuditEvent.newBuilder().setEventId(UUID.randomUUID().toString()).setAgentId(agent.id())
                .setOccurredAt(Timestamp.newBuilder().setUnixMs(System.currentTimeMillis()))
                .setActionType(ActionType.TOOL_CALL).setDecision(Decision.ALLOW)
                .setTraceId(UUID.randomUUID().toString()).setSpanId("0123456789abcdef");
    }

    private static CheckActionRequest action(RegisteredAgent agent, ActionType type, ActionContext.Builder context) {
        return CheckActionRequest.newBuilder().setAgentId(agent.id()).setCredentialToken(agent.credentialToken())
                .setTraceId(UUID.randomUUID().toString()).setSpanId("0123456789abcdef").setActionType(type)
                .setContext(context).build();
    }

    private static void assertInvalid(Runnable call, String description) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
            assertThat(e.getStatus().getCode()).as(e.getStatus().toString()).isEqualTo(Status.Code.INVALID_ARGUMENT);
            assertThat(e.getStatus().getDescription()).startsWith(description);
        });
    }
}
