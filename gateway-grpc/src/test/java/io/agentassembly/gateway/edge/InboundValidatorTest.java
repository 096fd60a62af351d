package io.agentassembly.gateway.edge;

import com.google.protobuf.ByteString;
import com.google.protobuf.Message;
import io.agentassembly.gateway.proto.agent.v1.RegisterRequest;
import io.agentassembly.gateway.proto.audit.v1.AuditEvent;
import io.agentassembly.gateway.proto.audit.v1.CallStackNode;
import io.agentassembly.gateway.proto.audit.v1.ReportEventsRequest;
import io.agentassembly.gateway.proto.audit.v1.ToolCallDetail;
import io.agentassembly.gateway.proto.common.v1.AgentId;
import io.agentassembly.gateway.proto.policy.v1.ActionContext;
import io.agentassembly.gateway.proto.policy.v1.BatchCheckRequest;
import io.agentassembly.gateway.proto.policy.v1.CheckActionRequest;
import io.agentassembly.gateway.proto.policy.v1.FileOpContext;
import io.agentassembly.gateway.proto.policy.v1.ProcessExecContext;
import io.agentassembly.gateway.proto.policy.v1.ToolCallContext;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class InboundValidatorTest {

    private final InboundValidator validator = new InboundValidator(WireLimits.FILES, WireLimits.TABLE);

    @Test
    void anAcceptableCheckActionPasses() {
        assertThat(validator.check(toolCall("search", "{\"q\":\"line 1\\nline 2\"}"), null)).isNull();
    }

    @Test
    void aControlCharacterIsNamedByItsFieldPathCharacterAndPosition() {
        assertThat(description(toolCall("tool\u0000", "{}"), null))
                .isEqualTo("context.tool_call.tool_name contains a control character (U+0000) at position 4; remove it");
        assertThat(description(CheckActionRequest.newBuilder().setTraceId("t\u0085").build(), null))
                .isEqualTo("trace_id contains a control character (U+0085) at position 1; remove it");
        assertThat(description(CheckActionRequest.newBuilder()
                .setAgentId(AgentId.newBuilder().setOrgId("o").setAgentId("a\u007f")).build(), null))
                .startsWith("agent_id.agent_id contains a control character (U+007F) at position 1");
        assertThat(description(CheckActionRequest.newBuilder().setContext(ActionContext.newBuilder()
                .setProcessExec(ProcessExecContext.newBuilder().setCommand("ls").addArgs("-l").addArgs("a\tb"))).build(), null))
                .startsWith("context.process_exec.args[1] contains a control character (U+0009) at position 1");
    }

    @Test
    void oversizeStringsBytesAndListsNameTheLimit() {
        assertThat(description(toolCall("t".repeat(257), "{}"), null))
                .isEqualTo("context.tool_call.tool_name has 257 characters; at most 256 are allowed");
        assertThat(description(CheckActionRequest.newBuilder().setContext(ActionContext.newBuilder()
                .setToolCall(ToolCallContext.newBuilder().setToolName("t")
                        .setArgsJson(ByteString.copyFrom(new byte[256 * 1024 + 1])))).build(), null))
                .isEqualTo("context.tool_call.args_json has 262145 bytes; at most 262144 are allowed");
        assertThat(description(CheckActionRequest.newBuilder().setContext(ActionContext.newBuilder()
                .setFileOp(FileOpContext.newBuilder().setPath("/".repeat(4097)))).build(), null))
                .isEqualTo("context.file_op.path has 4097 characters; at most 4096 are allowed");
        BatchCheckRequest.Builder batch = BatchCheckRequest.newBuilder();
        for (int i = 0; i < 101; i++) {
            batch.addRequests(toolCall("t", "{}"));
        }
        assertThat(description(batch.build(), null))
                .isEqualTo("requests has 101 items; at most 100 are allowed; send more as several BatchCheck calls");
    }

    @Test
    void itemsOfRepeatedMessagesAreNamedByIndex() {
        BatchCheckRequest batch = BatchCheckRequest.newBuilder().addRequests(toolCall("a", "{}"))
                .addRequests(toolCall("b", "{}")).addRequests(toolCall("c", "{}").toBuilder().setTraceId("x".repeat(129)))
                .build();
        assertThat(description(batch, null)).isEqualTo("requests[2].trace_id has 129 characters; at most 128 are allowed");

        CallStackNode deep = CallStackNode.newBuilder().setId("root").addChildren(CallStackNode.newBuilder().setId("a"))
                .addChildren(CallStackNode.newBuilder().setId("b").setLabel("bad\u001b[31m")).build();
        assertThat(description(ReportEventsRequest.newBuilder().addEvents(AuditEvent.newBuilder().setEventId("e"))
                .addEvents(AuditEvent.newBuilder().addCallStack(deep)).build(), null))
                .startsWith("events[1].call_stack[0].children[1].label contains a control character (U+001B) at position 3");
    }

    @Test
    void mapKeysAndValuesAreNamedByKeyWithControlCharactersEscaped() {
        AuditEvent.Builder event = AuditEvent.newBuilder().setEventId("e");
        assertThat(description(event.clone().putLabels("k", "v\u0000").build(), "events[3]"))
                .isEqualTo("events[3].labels[\"k\"] contains a control character (U+0000) at position 1; remove it");
        assertThat(description(event.clone().putLabels("k\u0000\"", "v").build(), "events[0]"))
                .isEqualTo("events[0].labels key \"k\\u0000\\\"\" contains a control character (U+0000) at position 1; "
                        + "remove it");
        assertThat(description(event.clone().putLabels("k".repeat(129), "v").build(), null))
                .startsWith("labels key \"" + "k".repeat(32) + "…\" has 129 characters; at most 128 are allowed");
        AuditEvent.Builder many = event.clone();
        for (int i = 0; i < 65; i++) {
            many.putLabels("k" + i, "v");
        }
        assertThat(description(many.build(), null)).isEqualTo("labels has 65 entries; at most 64 are allowed");
        assertThat(description(RegisterRequest.newBuilder().putMetadata("team", "x".repeat(1025)).build(), null))
                .isEqualTo("metadata[\"team\"] has 1025 characters; at most 1024 are allowed");
    }

    @Test
    void onlyFieldsDeclaredToHoldSeveralLinesTakeLineBreaks() {
        AuditEvent trace = AuditEvent.newBuilder().setToolCall(ToolCallDetail.newBuilder()
                .setErrorMessage("Traceback:\n\tat x\r\n")).build();
        assertThat(validator.check(trace, null)).isNull();
        assertThat(description(AuditEvent.newBuilder().setToolCall(ToolCallDetail.newBuilder()
                .setErrorMessage("bell\u0007")).build(), null))
                .startsWith("tool_call.error_message contains a control character (U+0007) at position 4 "
                        + "(only tab, line feed and carriage return are allowed)");
        assertThat(description(AuditEvent.newBuilder().setDelegationReason("two\nlines").build(), null))
                .startsWith("delegation_reason contains a control character (U+000A) at position 3");
    }

    @Test
    void messagesOfOtherServicesAreNotCovered() {
        assertThat(validator.covers(HealthCheckRequest.getDescriptor())).isFalse();
        assertThat(validator.check(HealthCheckRequest.newBuilder().setService("x\u0000").build(), null)).isNull();
        assertThat(validator.covers(AgentId.getDescriptor())).isTrue();
    }

    private String description(Message message, String prefix) {
        InboundValidator.Problem problem = validator.check(message, prefix);
        assertThat(problem).as("a problem with %s", message).isNotNull();
        StatusRuntimeException status = problem.status();
        assertThat(status.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
        assertThat(status.getStatus().getDescription()).isEqualTo(problem.description());
        return problem.description();
    }

    private static CheckActionRequest toolCall(String tool, String args) {
        return CheckActionRequest.newBuilder().setCredentialToken("aasa_x").setTraceId("trace").setSpanId("span")
                .setContext(ActionContext.newBuilder().setToolCall(ToolCallContext.newBuilder().setToolName(tool)
                        .setArgsJson(ByteString.copyFromUtf8(args)))).build();
    }
}
