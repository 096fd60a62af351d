package io.agentassembly.app.support;

import com.google.protobuf.ByteString;
import io.agentassembly.gateway.proto.agent.v1.AgentLifecycleServiceGrpc;
import io.agentassembly.gateway.proto.agent.v1.ControlStreamRequest;
import io.agentassembly.gateway.proto.agent.v1.RegisterRequest;
import io.agentassembly.gateway.proto.audit.v1.AuditEvent;
import io.agentassembly.gateway.proto.audit.v1.AuditServiceGrpc;
import io.agentassembly.gateway.proto.audit.v1.StreamEventsResponse;
import io.agentassembly.gateway.proto.common.v1.ActionType;
import io.agentassembly.gateway.proto.common.v1.AgentId;
import io.agentassembly.gateway.proto.policy.v1.ActionContext;
import io.agentassembly.gateway.proto.policy.v1.CheckActionRequest;
import io.agentassembly.gateway.proto.policy.v1.NetworkCallContext;
import io.agentassembly.gateway.proto.policy.v1.OpControlSubscribeRequest;
import io.agentassembly.gateway.proto.policy.v1.PolicyServiceGrpc;
import io.agentassembly.gateway.proto.policy.v1.ToolCallContext;
import io.grpc.Attributes;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Metadata;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.MetadataUtils;
import io.grpc.stub.StreamObserver;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** An agent's view of the gateway: stubs generated from the .proto files only, over a real port. */
public final class GatewayClient implements AutoCloseable {

    public record RegisteredAgent(AgentId id, String credentialToken) {
    }

    private final ManagedChannel channel;

    public GatewayClient(int port) {
        this.channel = ManagedChannelBuilder.forAddress("127.0.0.1", port).usePlaintext().build();
    }

    /** Calls from {@code clientAddress} (any 127.x.y.z works on loopback), for per-client-address limits. */
    public GatewayClient(int port, InetAddress clientAddress) {
        this.channel = NettyChannelBuilder.forAddress("127.0.0.1", port).usePlaintext()
                .localSocketPicker(new NettyChannelBuilder.LocalSocketPicker() {
                    @Override
                    public SocketAddress createSocketAddress(SocketAddress remoteAddress, Attributes attrs) {
                        return new InetSocketAddress(clientAddress, 0);
                    }
                })
                .build();
    }

    public PolicyServiceGrpc.PolicyServiceBlockingStub policy() {
        return PolicyServiceGrpc.newBlockingStub(channel).withDeadlineAfter(10, TimeUnit.SECONDS);
    }

    public PolicyServiceGrpc.PolicyServiceFutureStub policyFuture() {
        return PolicyServiceGrpc.newFutureStub(channel).withDeadlineAfter(30, TimeUnit.SECONDS);
    }

    /** PolicyService's asynchronous stub, without deadline, as the agent holding {@code credentialToken} (or none). */
    public PolicyServiceGrpc.PolicyServiceStub policyStreaming(String credentialToken) {
        return PolicyServiceGrpc.newStub(channel).withInterceptors(bearer(credentialToken));
    }

    /** AgentLifecycleService's asynchronous stub, without deadline. */
    public AgentLifecycleServiceGrpc.AgentLifecycleServiceStub lifecycleStreaming() {
        return AgentLifecycleServiceGrpc.newStub(channel);
    }

    /** Opens the agent's ControlStream; the queue receives what it sends ({@link ServerStreams#collector}). */
    public BlockingQueue<Object> controlStream(RegisteredAgent agent) {
        BlockingQueue<Object> received = new LinkedBlockingQueue<>();
        lifecycleStreaming().controlStream(ControlStreamRequest.newBuilder().setAgentId(agent.id())
                .setCredentialToken(agent.credentialToken()).build(), ServerStreams.collector(received));
        return received;
    }

    /** Opens the agent's OpControlStream; the queue receives what it sends ({@link ServerStreams#collector}). */
    public BlockingQueue<Object> opControlStream(RegisteredAgent agent) {
        BlockingQueue<Object> received = new LinkedBlockingQueue<>();
        policyStreaming(agent.credentialToken()).opControlStream(OpControlSubscribeRequest.newBuilder()
                .setAgentId(agent.id()).build(), ServerStreams.collector(received));
        return received;
    }

    public AgentLifecycleServiceGrpc.AgentLifecycleServiceBlockingStub lifecycle(String apiKey) {
        var stub = AgentLifecycleServiceGrpc.newBlockingStub(channel).withDeadlineAfter(10, TimeUnit.SECONDS);
        if (apiKey == null) {
            return stub;
        }
        Metadata metadata = new Metadata();
        metadata.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), "Bearer " + apiKey);
        return stub.withInterceptors(MetadataUtils.newAttachHeadersInterceptor(metadata));
    }

    /** AuditService as the agent holding {@code credentialToken} (null: no credential metadata). */
    public AuditServiceGrpc.AuditServiceBlockingStub audit(String credentialToken) {
        return AuditServiceGrpc.newBlockingStub(channel).withDeadlineAfter(20, TimeUnit.SECONDS)
                .withInterceptors(bearer(credentialToken));
    }

    /** TopologyService as the agent holding {@code credentialToken} (null: no credential metadata). */
    public io.agentassembly.gateway.proto.topology.v1.TopologyServiceGrpc.TopologyServiceBlockingStub topology(
            String credentialToken) {
        return io.agentassembly.gateway.proto.topology.v1.TopologyServiceGrpc.newBlockingStub(channel)
                .withDeadlineAfter(20, TimeUnit.SECONDS).withInterceptors(bearer(credentialToken));
    }

    public AuditServiceGrpc.AuditServiceStub auditStreaming(String credentialToken) {
        return AuditServiceGrpc.newStub(channel).withDeadlineAfter(30, TimeUnit.SECONDS)
                .withInterceptors(bearer(credentialToken));
    }

    /**
     * Sends {@code events} over StreamEvents and returns the answer; a refusal is thrown as an
     * {@code ExecutionException} caused by the {@code StatusRuntimeException}.
     */
    public StreamEventsResponse streamEvents(String credentialToken, List<AuditEvent> events) throws Exception {
        CompletableFuture<StreamEventsResponse> done = new CompletableFuture<>();
        StreamObserver<AuditEvent> requests = auditStreaming(credentialToken).streamEvents(new StreamObserver<>() {
            @Override
            public void onNext(StreamEventsResponse value) {
                done.complete(value);
            }

            @Override
            public void onError(Throwable t) {
                done.completeExceptionally(t);
            }

            @Override
            public void onCompleted() {
            }
        });
        events.forEach(requests::onNext);
        requests.onCompleted();
        return done.get(30, TimeUnit.SECONDS);
    }

    private static io.grpc.ClientInterceptor bearer(String token) {
        Metadata metadata = new Metadata();
        if (token != null) {
            metadata.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), "Bearer " + token);
        }
        return MetadataUtils.newAttachHeadersInterceptor(metadata);
    }

    public RegisteredAgent register(String apiKey, String org, String team, String agent) {
        AgentId id = AgentId.newBuilder().setOrgId(org).setTeamId(team).setAgentId(agent).build();
        String token = lifecycle(apiKey).register(RegisterRequest.newBuilder().setAgentId(id).setName(agent)
                .setFramework("langgraph").addToolNames("search").build()).getCredentialToken();
        return new RegisteredAgent(id, token);
    }

    public static CheckActionRequest toolCall(RegisteredAgent agent, AgentId claimed, String tool) {
        return action(agent, claimed, ActionType.TOOL_CALL,
                ActionContext.newBuilder().setToolCall(ToolCallContext.newBuilder().setToolName(tool)));
    }

    /** A tool call by the agent as itself, with JSON arguments and a target URL (either may be null). */
    public static CheckActionRequest toolCall(RegisteredAgent agent, String tool, String argsJson, String targetUrl) {
        ToolCallContext.Builder call = ToolCallContext.newBuilder().setToolName(tool);
        if (argsJson != null) {
            call.setArgsJson(ByteString.copyFromUtf8(argsJson));
        }
        if (targetUrl != null) {
            call.setTargetUrl(targetUrl);
        }
        return action(agent, agent.id(), ActionType.TOOL_CALL, ActionContext.newBuilder().setToolCall(call));
    }

    public static CheckActionRequest networkCall(RegisteredAgent agent, String host, int port) {
        return action(agent, agent.id(), ActionType.NETWORK_CALL, ActionContext.newBuilder().setNetworkCall(
                NetworkCallContext.newBuilder().setHost(host).setPort(port).setProtocol("https")));
    }

    private static CheckActionRequest action(RegisteredAgent agent, AgentId claimed, ActionType type,
                                             ActionContext.Builder context) {
        return CheckActionRequest.newBuilder()
                .setAgentId(claimed)
                .setCredentialToken(agent.credentialToken())
                .setTraceId(UUID.randomUUID().toString())
                .setSpanId(UUID.randomUUID().toString().substring(0, 16))
                .setActionType(type)
                .setContext(context)
                .build();
    }

    @Override
    public void close() throws InterruptedException {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
}
