package io.agentassembly.bench;

import io.agentassembly.gateway.proto.common.v1.ActionType;
import io.agentassembly.gateway.proto.policy.v1.ActionContext;
import io.agentassembly.gateway.proto.policy.v1.CheckActionRequest;
import io.agentassembly.gateway.proto.policy.v1.PolicyServiceGrpc;
import io.agentassembly.gateway.proto.policy.v1.ToolCallContext;
import io.grpc.CallOptions;
import io.grpc.ManagedChannel;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.Server;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.StreamObserver;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Drives CheckAction over loopback gRPC with closed-loop callers and prints throughput and latency
 * percentiles next to two baselines measured in the same run: a bare grpc-java unary echo (served by another
 * JVM, like the gateway) and a durable single-row PostgreSQL commit.
 *
 * <pre>
 * echo-server --port 50099
 * run --gateway 127.0.0.1:50051 --echo 127.0.0.1:50099 --api http://127.0.0.1:8080 --app-log app.log
 *     --db-url jdbc:postgresql://127.0.0.1:5432/aasm_bench --callers 1,4,16,64 --warmup 5 --seconds 20
 * </pre>
 */
public final class GatewayBenchmark {

    private GatewayBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = options(args);
        if (args.length > 0 && args[0].equals("echo-server")) {
            Server server = Echo.start(Integer.parseInt(options.getOrDefault("port", "50099")));
            System.out.println("echo server on " + server.getPort());
            server.awaitTermination();
            return;
        }
        Duration warmup = Duration.ofSeconds(Long.parseLong(options.getOrDefault("warmup", "5")));
        Duration measure = Duration.ofSeconds(Long.parseLong(options.getOrDefault("seconds", "20")));
        int[] callers = Arrays.stream(options.getOrDefault("callers", "1,4,16,64").split(","))
                .mapToInt(Integer::parseInt).toArray();

        ManagedChannel gateway = channel(options.getOrDefault("gateway", "127.0.0.1:50051"));
        ManagedChannel echo = channel(options.getOrDefault("echo", "127.0.0.1:50099"));
        TenantSetup.Agent agent = TenantSetup.agent(options.getOrDefault("api", "http://127.0.0.1:8080"),
                Path.of(options.getOrDefault("app-log", "app.log")), gateway);

        List<ClosedLoop.Result> results = new ArrayList<>();
        results.add(CommitBaseline.run(options.get("db-url"), options.getOrDefault("db-user", "postgres"),
                options.getOrDefault("db-password", ""), warmup, measure));
        byte[] payload = checkAction(agent, 0).toByteArray();
        AtomicLong sequence = new AtomicLong();
        var policy = PolicyServiceGrpc.newStub(gateway);
        var health = HealthGrpc.newStub(gateway);
        for (int n : callers) {
            results.add(ClosedLoop.runAsync("bare gRPC echo", n, warmup, measure, (ok, failed) ->
                    ClientCalls.asyncUnaryCall(echo.newCall(Echo.METHOD, CallOptions.DEFAULT), payload,
                            observer(response -> { }, ok, failed))));
            results.add(ClosedLoop.runAsync("app gRPC health check (no database)", n, warmup, measure, (ok, failed) ->
                    health.check(HealthCheckRequest.getDefaultInstance(), observer(response -> { }, ok, failed))));
            Recorder serverSide = new Recorder(3);
            long measuredFrom = System.nanoTime() + warmup.toNanos();
            results.add(ClosedLoop.runAsync("CheckAction (durable, audited)", n, warmup, measure, (ok, failed) ->
                    policy.checkAction(checkAction(agent, sequence.incrementAndGet()), observer(response -> {
                        if (System.nanoTime() >= measuredFrom) {
                            serverSide.recordValue(response.getDecisionLatencyUs() * 1_000);
                        }
                    }, ok, failed))));
            Histogram server = serverSide.getIntervalHistogram();
            results.add(new ClosedLoop.Result("  server-side decision_latency_us", n, server.getTotalCount(), 0,
                    measure.toNanos() / 1e9, server));
        }

        System.out.println();
        System.out.println("| measurement                        | callers |   calls/s |  p50 µs |  p95 µs |  p99 µs |  p999 µs | errors |");
        System.out.println("|------------------------------------|---------|-----------|---------|---------|---------|----------|--------|");
        results.forEach(r -> System.out.println(r.row()));
        gateway.shutdownNow();
        echo.shutdownNow();
    }

    private static CheckActionRequest checkAction(TenantSetup.Agent agent, long sequence) {
        return CheckActionRequest.newBuilder()
                .setAgentId(agent.id())
                .setCredentialToken(agent.credentialToken())
                .setTraceId("bench-" + sequence)
                .setSpanId(Long.toHexString(sequence))
                .setActionType(ActionType.TOOL_CALL)
                .setContext(ActionContext.newBuilder().setToolCall(ToolCallContext.newBuilder()
                        .setToolName("search").setToolSource("mcp")))
                .build();
    }

    /** Callbacks run on the channel's event loop (direct executor): no hand-off to a thread pool per call. */
    private static ManagedChannel channel(String target) {
        return NettyChannelBuilder.forTarget(target).usePlaintext().directExecutor().build();
    }

    private static <T> StreamObserver<T> observer(Consumer<T> answer, Runnable ok, Consumer<Throwable> failed) {
        return new StreamObserver<>() {
            @Override
            public void onNext(T value) {
                answer.accept(value);
            }

            @Override
            public void onError(Throwable t) {
                failed.accept(t);
            }

            @Override
            public void onCompleted() {
                ok.run();
            }
        };
    }

    private static Map<String, String> options(String[] args) {
        Map<String, String> options = new HashMap<>();
        for (int i = 0; i < args.length - 1; i++) {
            if (args[i].startsWith("--")) {
                options.put(args[i].substring(2), args[i + 1]);
            }
        }
        return options;
    }
}
