package io.agentassembly.gateway.edge;

import com.google.rpc.ErrorInfo;
import io.agentassembly.command.api.common.DomainException;
import io.agentassembly.command.api.common.ErrorCode;
import io.agentassembly.gateway.GrpcStatuses;
import io.agentassembly.gateway.proto.agent.v1.AgentLifecycleServiceGrpc;
import io.agentassembly.gateway.proto.agent.v1.HeartbeatRequest;
import io.agentassembly.gateway.proto.agent.v1.HeartbeatResponse;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.InsecureServerCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.ServerInterceptors;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import io.grpc.stub.StreamObserver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** Over a real gRPC connection: what a call that fails in each way tells the client. */
class ErrorDetailsInterceptorTest {

    private Server server;
    private ManagedChannel channel;

    @BeforeEach
    void start() throws IOException {
        AgentLifecycleServiceGrpc.AgentLifecycleServiceImplBase failing = new AgentLifecycleServiceGrpc.AgentLifecycleServiceImplBase() {
            @Override
            public void heartbeat(HeartbeatRequest request, StreamObserver<HeartbeatResponse> observer) {
                switch (request.getActiveRuns()) {
                    case 1 -> observer.onError(GrpcStatuses.of(new DomainException(ErrorCode.AGENT_NOT_FOUND, "agentKey",
                            "agent not found; check the agent key")));
                    case 2 -> observer.onError(Status.PERMISSION_DENIED.withDescription("plain").asRuntimeException());
                    case 3 -> observer.onError(Status.FAILED_PRECONDITION
                            .withDescription("TOKEN_EXPIRED: the link has expired").asRuntimeException());
                    default -> throw new IllegalStateException("a bug");
                }
            }
        };
        server = Grpc.newServerBuilderForPort(0, InsecureServerCredentials.create())
                .addService(ServerInterceptors.intercept(failing, new ErrorDetailsInterceptor())).build().start();
        channel = Grpc.newChannelBuilderForAddress("127.0.0.1", server.getPort(), InsecureChannelCredentials.create())
                .build();
    }

    @AfterEach
    void stop() throws InterruptedException {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }

    @Test
    void aDomainErrorKeepsItsDescriptionAndCarriesItsCodeAndField() {
        StatusRuntimeException e = call(1);
        assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND);
        assertThat(e.getStatus().getDescription()).isEqualTo("AGENT_NOT_FOUND: agent not found; check the agent key (agentKey)");
        ErrorInfo info = errorInfo(e);
        assertThat(info.getReason()).isEqualTo("AGENT_NOT_FOUND");
        assertThat(info.getDomain()).isEqualTo(GrpcStatuses.DOMAIN);
        assertThat(info.getMetadataMap()).containsExactlyEntriesOf(java.util.Map.of("field", "agentKey"));
    }

    @Test
    void aStatusBuiltWithoutDetailsGetsThemOnTheWayOut() {
        StatusRuntimeException plain = call(2);
        assertThat(plain.getStatus().getDescription()).isEqualTo("plain");
        assertThat(errorInfo(plain).getReason()).isEqualTo("PERMISSION_DENIED");
        StatusRuntimeException named = call(3);
        assertThat(named.getStatus().getDescription()).isEqualTo("TOKEN_EXPIRED: the link has expired");
        assertThat(errorInfo(named).getReason()).isEqualTo("TOKEN_EXPIRED");
    }

    @Test
    void anUnexpectedExceptionIsInternalWithReasonInternal() {
        StatusRuntimeException e = call(4);
        assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INTERNAL);
        assertThat(e.getStatus().getDescription()).isEqualTo("internal error; it has been logged");
        assertThat(errorInfo(e).getReason()).isEqualTo("INTERNAL");
    }

    private StatusRuntimeException call(int kind) {
        return catchThrowableOfType(StatusRuntimeException.class, () -> AgentLifecycleServiceGrpc.newBlockingStub(channel)
                .withDeadlineAfter(5, TimeUnit.SECONDS).heartbeat(HeartbeatRequest.newBuilder().setActiveRuns(kind).build()));
    }

    private static ErrorInfo errorInfo(StatusRuntimeException e) {
        com.google.rpc.Status status = StatusProto.fromThrowable(e);
        assertThat(status.getDetailsCount()).as("details of " + e.getStatus()).isEqualTo(1);
        try {
            return status.getDetails(0).unpack(ErrorInfo.class);
        } catch (com.google.protobuf.InvalidProtocolBufferException ex) {
            throw new AssertionError(ex);
        }
    }
}
