package io.agentassembly.app;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.rpc.ErrorInfo;
import io.agentassembly.app.support.GatewayClient.RegisteredAgent;
import io.agentassembly.app.support.GatewayIntegrationTest;
import io.agentassembly.app.support.ServerStreams;
import io.agentassembly.app.support.ServerStreams.Cancellable;
import io.agentassembly.gateway.agent.ControlChannels;
import io.agentassembly.gateway.proto.agent.v1.ControlCommand;
import io.agentassembly.gateway.proto.agent.v1.ControlStreamRequest;
import io.agentassembly.gateway.proto.agent.v1.HeartbeatRequest;
import io.agentassembly.gateway.proto.agent.v1.RegisterRequest;
import io.agentassembly.gateway.proto.common.v1.AgentId;
import io.grpc.CallOptions;
import io.grpc.MethodDescriptor;
import io.grpc.stub.ClientCalls;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Every gateway error carries its stable code as a {@code google.rpc.ErrorInfo} in the status details, beside the
 * status code and description the SDKs already rely on — whoever raised it: a handler, a domain rule, an
 * interceptor, or grpc-java itself.
 */
class GrpcErrorDetailsTest extends GatewayIntegrationTest {

    @Autowired
    ControlChannels controlChannels;

    @Test
    void anUnknownCredentialIsUnauthenticatedWithReasonAuthenticationFailed() {
        assertError(() -> gateway.lifecycle(null).heartbeat(HeartbeatRequest.newBuilder()
                        .setCredentialToken("aasa_" + "0".repeat(32) + "_" + "B".repeat(43)).build()),
                Status.Code.UNAUTHENTICATED, "the agent credential token is unknown or revoked",
                "AUTHENTICATION_FAILED", Map.of());
    }

    @Test
    void aCredentialOfAnotherAgentIsPermissionDenied() {
        RegisteredAgent agent = gateway.register(apiKey, "org-e", "team-e", "honest");
        assertError(() -> gateway.lifecycle(null).heartbeat(HeartbeatRequest.newBuilder()
                        .setAgentId(AgentId.newBuilder().setOrgId("org-e").setTeamId("team-e").setAgentId("someone-else"))
                        .setCredentialToken(agent.credentialToken()).build()),
                Status.Code.PERMISSION_DENIED, "credential token registered to a different agent", "PERMISSION_DENIED",
                Map.of("field", "agent_id"));
    }

    @Test
    void invalidInputNamesTheStableCodeAndTheField() {
        AgentId id = AgentId.newBuilder().setOrgId("org-e").setTeamId("team-e").setAgentId("long").build();
        // refused by the inbound validation interceptor before any handler runs
        assertError(() -> gateway.lifecycle(apiKey).register(RegisterRequest.newBuilder().setAgentId(id)
                        .setName("n".repeat(201)).build()),
                Status.Code.INVALID_ARGUMENT, "name has 201 characters; at most 200 are allowed",
                "VALIDATION_FAILED", Map.of("field", "name"));
        // refused by a domain rule: the description keeps its "CODE: … (field)" form
        assertError(() -> gateway.lifecycle(apiKey).register(RegisterRequest.newBuilder().setAgentId(id)
                        .setMaxChildDepth(65).build()),
                Status.Code.INVALID_ARGUMENT, null, "VALIDATION_FAILED", Map.of("field", "maxChildDepth"));
    }

    @Test
    void aFifthControlStreamIsResourceExhaustedWithReasonRateLimited() throws InterruptedException {
        RegisteredAgent agent = gateway.register(apiKey, "org-e", "team-e", "greedy");
        String agentKey = agentKeyOf(owner, "org-e");
        ControlStreamRequest request = ControlStreamRequest.newBuilder().setAgentId(agent.id())
                .setCredentialToken(agent.credentialToken()).build();
        List<Cancellable> open = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            open.add(ServerStreams.<ControlCommand>cancellable(o -> gateway.lifecycleStreaming().controlStream(request, o)));
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> controlChannels.openStreams(agentKey) == 4);

        Object refused = ServerStreams.<ControlCommand>cancellable(o -> gateway.lifecycleStreaming().controlStream(request, o))
                .received().poll(5, TimeUnit.SECONDS);
        assertThat(refused).isInstanceOf(StatusRuntimeException.class);
        assertDetails((StatusRuntimeException) refused, Status.Code.RESOURCE_EXHAUSTED,
                "the agent already has 4 open ControlStream streams on this gateway node, the most it may; close one "
                        + "(cancel the call) and retry", "RATE_LIMITED", Map.of());
        open.forEach(Cancellable::cancel);
    }

    @Test
    void aStatusMadeByGrpcItselfCarriesTheDetailsToo() throws InterruptedException {
        ManagedChannel channel = ManagedChannelBuilder.forAddress("127.0.0.1", grpcPort.get()).usePlaintext().build();
        try {
            MethodDescriptor<byte[], byte[]> unknown = MethodDescriptor.<byte[], byte[]>newBuilder()
                    .setFullMethodName("assembly.nothing.v1.NothingService/Nothing")
                    .setType(MethodDescriptor.MethodType.UNARY)
                    .setRequestMarshaller(Bytes.INSTANCE).setResponseMarshaller(Bytes.INSTANCE).build();
            assertError(() -> ClientCalls.blockingUnaryCall(channel, unknown,
                            CallOptions.DEFAULT.withDeadlineAfter(5, TimeUnit.SECONDS), new byte[0]),
                    Status.Code.UNIMPLEMENTED, null, "UNIMPLEMENTED", Map.of());
        } finally {
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    private enum Bytes implements MethodDescriptor.Marshaller<byte[]> {
        INSTANCE;

        @Override
        public java.io.InputStream stream(byte[] value) {
            return new java.io.ByteArrayInputStream(value);
        }

        @Override
        public byte[] parse(java.io.InputStream stream) {
            try {
                return stream.readAllBytes();
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
    }

    /** {@code description}: what the description starts with (as before this change), null when not checked. */
    private static void assertError(ThrowingCallable call, Status.Code code, String description, String reason,
                                    Map<String, String> metadata) {
        assertThatThrownBy(call).isInstanceOfSatisfying(StatusRuntimeException.class,
                e -> assertDetails(e, code, description, reason, metadata));
    }

    private static void assertDetails(StatusRuntimeException e, Status.Code code, String description, String reason,
                                      Map<String, String> metadata) {
        assertThat(e.getStatus().getCode()).as(e.getStatus().toString()).isEqualTo(code);
        if (description != null) {
            assertThat(e.getStatus().getDescription()).startsWith(description);
        } else if (reason.equals("VALIDATION_FAILED")) {
            assertThat(e.getStatus().getDescription()).startsWith("VALIDATION_FAILED: ").endsWith("(maxChildDepth)");
        }
        com.google.rpc.Status details = StatusProto.fromThrowable(e);
        assertThat(details).as("google.rpc.Status in the trailers of " + e.getStatus()).isNotNull();
        assertThat(details.getCode()).isEqualTo(code.value());
        assertThat(details.getMessage()).isEqualTo(e.getStatus().getDescription() == null ? ""
                : e.getStatus().getDescription());
        assertThat(details.getDetailsList()).hasSize(1);
        try {
            ErrorInfo info = details.getDetails(0).unpack(ErrorInfo.class);
            assertThat(info.getReason()).isEqualTo(reason);
            assertThat(info.getDomain()).isEqualTo("agentassembly.io");
            assertThat(info.getMetadataMap()).isEqualTo(metadata);
        } catch (InvalidProtocolBufferException ex) {
            throw new AssertionError("the details are not an ErrorInfo", ex);
        }
    }
}
