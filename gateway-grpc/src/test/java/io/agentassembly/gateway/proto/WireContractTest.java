package io.agentassembly.gateway.proto;

import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Descriptors.FieldDescriptor.Type;
import com.google.protobuf.Descriptors.FileDescriptor;
import com.google.protobuf.Descriptors.ServiceDescriptor;
import io.agentassembly.gateway.proto.agent.v1.AgentLifecycleServiceGrpc;
import io.agentassembly.gateway.proto.agent.v1.AgentProto;
import io.agentassembly.gateway.proto.agent.v1.ControlCommand;
import io.agentassembly.gateway.proto.agent.v1.RegisterRequest;
import io.agentassembly.gateway.proto.agent.v1.RegisterResponse;
import io.agentassembly.gateway.proto.audit.v1.AuditEvent;
import io.agentassembly.gateway.proto.audit.v1.AuditProto;
import io.agentassembly.gateway.proto.audit.v1.AuditServiceGrpc;
import io.agentassembly.gateway.proto.common.v1.ActionType;
import io.agentassembly.gateway.proto.common.v1.AgentIdentityAssurance;
import io.agentassembly.gateway.proto.common.v1.CommonProto;
import io.agentassembly.gateway.proto.common.v1.Decision;
import io.agentassembly.gateway.proto.common.v1.EnforcementMode;
import io.agentassembly.gateway.proto.policy.v1.ActionContext;
import io.agentassembly.gateway.proto.policy.v1.CheckActionRequest;
import io.agentassembly.gateway.proto.policy.v1.CheckActionResponse;
import io.agentassembly.gateway.proto.policy.v1.OpControlSignal;
import io.agentassembly.gateway.proto.policy.v1.PolicyProto;
import io.agentassembly.gateway.proto.policy.v1.PolicyServiceGrpc;
import io.agentassembly.gateway.proto.topology.v1.TopologyProto;
import io.agentassembly.gateway.proto.topology.v1.TopologyServiceGrpc;
import io.grpc.MethodDescriptor.MethodType;
import org.junit.jupiter.api.Test;



import static org.assertj.core.api.Assertions.assertThat;

/** Spot checks of the generated descriptors against the wire contract (docs/grpc.md). */
class WireContractTest {

    @Test
    void filesPackagesAndImportsMatchTheContract() {
        assertFile(CommonProto.getDescriptor(), "common.proto", "assembly.common.v1");
        assertFile(PolicyProto.getDescriptor(), "policy.proto", "assembly.policy.v1", "common.proto");
        assertFile(AgentProto.getDescriptor(), "agent.proto", "assembly.agent.v1", "common.proto");
        assertFile(AuditProto.getDescriptor(), "audit.proto", "assembly.audit.v1", "common.proto");
        assertFile(TopologyProto.getDescriptor(), "topology.proto", "assembly.topology.v1");
    }

    @Test
    void servicesAndMethods() {
        assertService(PolicyProto.getDescriptor().findServiceByName("PolicyService"), "assembly.policy.v1.PolicyService",
                "CheckAction", "BatchCheck", "OpControlStream");
        assertService(AgentProto.getDescriptor().findServiceByName("AgentLifecycleService"),
                "assembly.agent.v1.AgentLifecycleService",
                "RequestChallenge", "Register", "Heartbeat", "Deregister", "ControlStream");
        assertService(AuditProto.getDescriptor().findServiceByName("AuditService"), "assembly.audit.v1.AuditService",
                "ReportEvents", "StreamEvents");
        assertService(TopologyProto.getDescriptor().findServiceByName("TopologyService"),
                "assembly.topology.v1.TopologyService", "GetAgentTree", "GetLineage", "GetTeamMembers", "ReportEdge");

        assertThat(PolicyServiceGrpc.getCheckActionMethod().getFullMethodName())
                .isEqualTo("assembly.policy.v1.PolicyService/CheckAction");
        assertThat(PolicyServiceGrpc.getOpControlStreamMethod().getType()).isEqualTo(MethodType.SERVER_STREAMING);
        assertThat(AgentLifecycleServiceGrpc.getControlStreamMethod().getType()).isEqualTo(MethodType.SERVER_STREAMING);
        assertThat(AuditServiceGrpc.getStreamEventsMethod().getType()).isEqualTo(MethodType.CLIENT_STREAMING);
        assertThat(TopologyServiceGrpc.getReportEdgeMethod().getType()).isEqualTo(MethodType.UNARY);
    }

    @Test
    void checkActionRequestCarriesTheCallerAgentIdAsField7() {
        FieldDescriptor caller = field(CheckActionRequest.getDescriptor(), 7);
        assertThat(caller.getName()).isEqualTo("caller_agent_id");
        assertThat(caller.getType()).isEqualTo(Type.MESSAGE);
        assertThat(caller.getMessageType().getFullName()).isEqualTo("assembly.common.v1.AgentId");
        assertThat(field(CheckActionRequest.getDescriptor(), 5).getEnumType().getFullName())
                .isEqualTo("assembly.common.v1.ActionType");
        FieldDescriptor assurance = field(CheckActionResponse.getDescriptor(), 7);
        assertThat(assurance.getName()).isEqualTo("agent_identity_assurance");
        assertThat(assurance.getEnumType().getFullName()).isEqualTo("assembly.common.v1.AgentIdentityAssurance");
    }

    @Test
    void registerRequestLineageFieldsAreProto3Optional() {
        Descriptor register = RegisterRequest.getDescriptor();
        FieldDescriptor parent = field(register, 9);
        assertThat(parent.getName()).isEqualTo("parent_agent_id");
        assertThat(parent.getType()).isEqualTo(Type.STRING);
        assertThat(parent.toProto().getProto3Optional()).isTrue();
        assertThat(parent.hasPresence()).isTrue();
        assertThat(field(register, 12).getType()).isEqualTo(Type.UINT32);
        assertThat(field(register, 12).toProto().getProto3Optional()).isTrue();
        assertThat(field(register, 8).isMapField()).isTrue();
        assertThat(field(register, 14).getName()).isEqualTo("possession_proof");
        assertThat(field(register, 15).getName()).isEqualTo("registration_nonce");
        assertThat(field(register, 2).toProto().getProto3Optional()).isFalse();
        assertThat(field(RegisterResponse.getDescriptor(), 6).getType()).isEqualTo(Type.BYTES);
        assertThat(field(RegisterResponse.getDescriptor(), 6).toProto().getProto3Optional()).isTrue();
    }

    @Test
    void enumNumbers() {
        assertThat(Decision.REDACT.getNumber()).isEqualTo(4);
        assertThat(Decision.PENDING.getNumber()).isEqualTo(3);
        assertThat(ActionType.TOOL_RESULT.getNumber()).isEqualTo(7);
        assertThat(AgentIdentityAssurance.AGENT_IDENTITY_ASSURANCE_BOUND.getNumber()).isEqualTo(3);
        assertThat(EnforcementMode.OBSERVE.getNumber()).isEqualTo(2);
        assertThat(OpControlSignal.OP_CONTROL_SIGNAL_TERMINATE.getNumber()).isEqualTo(3);
    }

    @Test
    void actionContextOneofIsNamedActionWithToolResultAt6() {
        Descriptor context = ActionContext.getDescriptor();
        assertThat(context.getOneofs()).hasSize(1);
        assertThat(context.getOneofs().get(0).getName()).isEqualTo("action");
        FieldDescriptor toolResult = field(context, 6);
        assertThat(toolResult.getName()).isEqualTo("tool_result");
        assertThat(toolResult.getContainingOneof().getName()).isEqualTo("action");
        assertThat(toolResult.getMessageType().getFullName()).isEqualTo("assembly.policy.v1.ToolResultContext");
    }

    @Test
    void auditEventDetailOneofAndLateFields() {
        Descriptor event = AuditEvent.getDescriptor();
        assertThat(event.getOneofs()).extracting(o -> o.getName()).containsExactly("detail");
        assertThat(event.getOneofs().get(0).getFields()).extracting(FieldDescriptor::getNumber)
                .containsExactly(10, 11, 12, 13, 14, 15, 16);
        assertThat(field(event, 32).getName()).isEqualTo("matched_rule_id");
        assertThat(field(event, 32).getType()).isEqualTo(Type.STRING);
        assertThat(field(event, 28).isRepeated()).isTrue();
        assertThat(field(event, 28).getMessageType().getFullName()).isEqualTo("assembly.audit.v1.CallStackNode");
        assertThat(event.findFieldByNumber(29)).isNull();
        assertThat(event.findFieldByNumber(9)).isNull();
    }

    @Test
    void controlCommandOneofIsNamedCommand() {
        Descriptor command = ControlCommand.getDescriptor();
        assertThat(command.getOneofs()).extracting(o -> o.getName()).containsExactly("command");
        assertThat(command.getOneofs().get(0).getFields()).extracting(FieldDescriptor::getName)
                .containsExactly("suspend", "resume", "policy_update", "kill");
    }

    @Test
    void roundTripOnTheWire() throws Exception {
        CheckActionRequest request = CheckActionRequest.newBuilder()
                .setCallerAgentId(io.agentassembly.gateway.proto.common.v1.AgentId.newBuilder().setAgentId("caller"))
                .setContext(ActionContext.newBuilder().setToolResult(
                        io.agentassembly.gateway.proto.policy.v1.ToolResultContext.newBuilder().setToolName("search")))
                .build();
        byte[] bytes = request.toByteArray();
        // field 7, wire type 2 (length-delimited) => tag byte 0x3A
        assertThat(bytes).contains((byte) 0x3A);
        assertThat(CheckActionRequest.parseFrom(bytes)).isEqualTo(request);
        assertThat(RegisterRequest.newBuilder().build().hasParentAgentId()).isFalse();
        assertThat(RegisterRequest.newBuilder().setParentAgentId("").build().hasParentAgentId()).isTrue();
    }

    private static void assertFile(FileDescriptor file, String name, String pkg, String... imports) {
        assertThat(file.getName()).isEqualTo(name);
        assertThat(file.getPackage()).isEqualTo(pkg);
        assertThat(file.toProto().getSyntax()).isEqualTo("proto3");
        assertThat(file.getDependencies()).extracting(FileDescriptor::getName).containsExactly(imports);
    }

    private static void assertService(ServiceDescriptor service, String fullName, String... methods) {
        assertThat(service).isNotNull();
        assertThat(service.getFullName()).isEqualTo(fullName);
        assertThat(service.getMethods()).extracting(m -> m.getName()).containsExactly(methods);
    }

    private static FieldDescriptor field(Descriptor message, int number) {
        FieldDescriptor field = message.findFieldByNumber(number);
        assertThat(field).as("%s field %d", message.getFullName(), number).isNotNull();
        return field;
    }

}
