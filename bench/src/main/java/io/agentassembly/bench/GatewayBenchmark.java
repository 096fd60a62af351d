package io.agentassembly.bench;

import com.google.protobuf.ByteString;
import io.agentassembly.gateway.proto.common.v1.ActionType;
import io.agentassembly.gateway.proto.common.v1.AgentId;
import io.agentassembly.gateway.proto.common.v1.Decision;
import io.agentassembly.gateway.proto.policy.v1.ActionContext;
import io.agentassembly.gateway.proto.policy.v1.CheckActionRequest;
import io.agentassembly.gateway.proto.policy.v1.CheckActionResponse;
import io.agentassembly.gateway.proto.policy.v1.NetworkCallContext;
import io.agentassembly.gateway.proto.policy.v1.PolicyServiceGrpc;
import io.agentassembly.gateway.proto.policy.v1.LLMCallContext;
import io.agentassembly.gateway.proto.policy.v1.ToolCallContext;
import io.grpc.Attributes;
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

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * Drives CheckAction over loopback gRPC with closed-loop callers and prints throughput, latency percentiles and
 * the CPU each process spent per call, next to two baselines measured in the same run: a bare grpc-java unary
 * echo (served by another JVM, like the gateway) and a durable single-row PostgreSQL commit.
 * <p>
 * Decisions are made under {@link RealisticCascade} ({@code --cascade none}: no policy, every call denied by the
 * fail-closed default). Before measuring, the app runs CheckAction at the highest caller count for
 * {@code --jit-warmup} seconds, so the JIT compiler has settled (it otherwise takes a large share of the two
 * cores for the first tens of seconds).
 *
 * <pre>
 * echo-server --port 50099
 * run --gateway 127.0.0.1:50051 --echo 127.0.0.1:50099 --api http://127.0.0.1:8080 --app-log app.log
 *     --db-url jdbc:postgresql://127.0.0.1:5432/aasm_bench --app-pid N --echo-pid N
 *     --callers 1,4,16,64 --warmup 5 --seconds 20 --jit-warmup 30 --cascade realistic
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
        Duration jitWarmup = Duration.ofSeconds(Long.parseLong(options.getOrDefault("jit-warmup", "30")));
        int[] callers = Arrays.stream(options.getOrDefault("callers", "1,4,16,64").split(","))
                .mapToInt(Integer::parseInt).toArray();
        boolean cascade = switch (options.getOrDefault("cascade", "realistic")) {
            case "realistic" -> true;
            case "none" -> false;
            default -> throw new IllegalArgumentException("--cascade is realistic or none");
        };
        CpuMeter cpu = new CpuMeter(Long.parseLong(options.getOrDefault("app-pid", "0")),
                Long.parseLong(options.getOrDefault("echo-pid", "0")));

        ManagedChannel gateway = channel(options.getOrDefault("gateway", "127.0.0.1:50051"));
        ManagedChannel echo = channel(options.getOrDefault("echo", "127.0.0.1:50099"));
        TenantSetup.Tenant tenant = TenantSetup.provision(options.getOrDefault("api", "http://127.0.0.1:8080"),
                Path.of(options.getOrDefault("app-log", "app.log")), gateway);
        TenantSetup.Agent agent = tenant.agent();
        if (cascade) {
            tenant.applyPolicies(RealisticCascade.yaml(agent.id().getOrgId(), agent.id().getTeamId(),
                    agent.id().getAgentId(), false));
        }
        boolean budgets = cascade && switch (options.getOrDefault("budgets", "on")) {
            case "on" -> true;
            case "off" -> false;
            default -> throw new IllegalArgumentException("--budgets is on or off");
        };
        TenantSetup.Agent budgeted = null;
        // Background work the app does per decision (audit chain, tracking processors) lags into the next phase;
        // measuring the budgets phase first or second in two runs balances that out.
        boolean budgetsFirst = Boolean.parseBoolean(options.getOrDefault("budgets-first", "false"));
        if (budgets) {
            TenantSetup.Tenant second = TenantSetup.provision(options.getOrDefault("api", "http://127.0.0.1:8080"),
                    Path.of(options.getOrDefault("app-log", "app.log")), gateway, AgentId.newBuilder()
                            .setOrgId("org-budget").setTeamId("team-load").setAgentId("load-agent").build());
            budgeted = second.agent();
            second.applyPolicies(RealisticCascade.yaml(budgeted.id().getOrgId(), budgeted.id().getTeamId(),
                    budgeted.id().getAgentId(), true));
            second.createBudget(Map.of("name", "bench team", "scope", "team", "org_id", budgeted.id().getOrgId(),
                    "team_id", budgeted.id().getTeamId(), "cost_limit_usd", 1_000_000_000, "window", "daily",
                    "action", "deny"));
            second.createBudget(Map.of("name", "bench agent", "scope", "agent", "agent_key", second.agentKey(),
                    "token_limit", 1_000_000_000_000L, "window", "monthly", "action", "deny"));
        }

        List<ClosedLoop.Result> results = new ArrayList<>();
        results.add(CommitBaseline.run(options.get("db-url"), options.getOrDefault("db-user", "postgres"),
                options.getOrDefault("db-password", ""), warmup, measure, cpu));
        byte[] payload = checkAction(agent, 0, cascade).toByteArray();
        AtomicLong sequence = new AtomicLong();
        Map<Decision, LongAdder> decisions = new EnumMap<>(Decision.class);
        for (Decision decision : Decision.values()) {
            decisions.put(decision, new LongAdder());
        }
        var policy = PolicyServiceGrpc.newStub(gateway);
        var health = HealthGrpc.newStub(gateway);
        BiFunction<TenantSetup.Agent, Consumer<CheckActionResponse>, ClosedLoop.AsyncCall> checks =
                (caller, onAnswer) -> (ok, failed) -> policy.checkAction(
                        checkAction(caller, sequence.incrementAndGet(), cascade), observer(response -> {
                            decisions.get(response.getDecision()).increment();
                            onAnswer.accept(response);
                        }, ok, failed));
        Function<Consumer<CheckActionResponse>, ClosedLoop.AsyncCall> checkActions = onAnswer -> checks.apply(agent, onAnswer);
        if (!jitWarmup.isZero()) {
            Duration share = budgeted == null ? jitWarmup : jitWarmup.dividedBy(2);
            ClosedLoop.runAsync("JIT warm-up", Arrays.stream(callers).max().orElse(1), share, Duration.ZERO,
                    cpu, checkActions.apply(response -> { }));
            if (budgeted != null) {
                ClosedLoop.runAsync("JIT warm-up (budgets)", Arrays.stream(callers).max().orElse(1), share,
                        Duration.ZERO, cpu, checks.apply(budgeted, response -> { }));
            }
        }
        for (int n : callers) {
            results.add(ClosedLoop.runAsync("bare gRPC echo", n, warmup, measure, cpu, (ok, failed) ->
                    ClientCalls.asyncUnaryCall(echo.newCall(Echo.METHOD, CallOptions.DEFAULT), payload,
                            observer(response -> { }, ok, failed))));
            results.add(ClosedLoop.runAsync("app gRPC health check (no database)", n, warmup, measure, cpu,
                    (ok, failed) -> health.check(HealthCheckRequest.getDefaultInstance(),
                            observer(response -> { }, ok, failed))));
            if (budgeted != null && budgetsFirst) {
                results.add(ClosedLoop.runAsync("CheckAction with budgets (org envelope, team and agent budget)", n,
                        warmup, measure, cpu, checks.apply(budgeted, response -> { })));
            }
            Recorder serverSide = new Recorder(3);
            long measuredFrom = System.nanoTime() + warmup.toNanos();
            results.add(ClosedLoop.runAsync("CheckAction (durable, audited)", n, warmup, measure, cpu,
                    checkActions.apply(response -> {
                        if (System.nanoTime() >= measuredFrom) {
                            serverSide.recordValue(response.getDecisionLatencyUs() * 1_000);
                        }
                    })));
            Histogram server = serverSide.getIntervalHistogram();
            results.add(new ClosedLoop.Result("  server-side decision_latency_us", n, server.getTotalCount(), 0,
                    measure.toNanos() / 1e9, server, Map.of()));
            if (budgeted != null && !budgetsFirst) {
                results.add(ClosedLoop.runAsync("CheckAction with budgets (org envelope, team and agent budget)", n,
                        warmup, measure, cpu, checks.apply(budgeted, response -> { })));
            }
        }

        System.out.println();
        System.out.println(ClosedLoop.Result.HEADER);
        results.forEach(r -> System.out.println(r.row()));
        System.out.println();
        System.out.println("policies: " + (cascade ? "realistic cascade (global, org, team and agent documents, "
                + "20 tool rules, 100-host allowlist)" : "none (fail-closed default)")
                + (budgeted == null ? "" : "; budgets: a second workspace with the same cascade plus a global "
                + "document's org envelope, a team budget and an agent budget in force")
                + "; decisions answered: "
                + decisions.entrySet().stream().filter(e -> e.getValue().sum() > 0 && e.getKey() != Decision.UNRECOGNIZED)
                .map(e -> e.getKey() + " " + e.getValue().sum()).toList());
        gateway.shutdownNow();
        echo.shutdownNow();
    }

    /**
     * With the cascade: even calls are a tool call every scope level has a rule for (its arguments scanned for
     * credentials, its hourly count kept), odd ones a network call to an allowlisted host, except every fourth call,
     * an LLM call of 400 prompt tokens (which reserves its estimate where budgets are in force).
     */
    static CheckActionRequest checkAction(TenantSetup.Agent agent, long sequence, boolean cascade) {
        CheckActionRequest.Builder request = CheckActionRequest.newBuilder()
                .setAgentId(agent.id())
                .setCredentialToken(agent.credentialToken())
                .setTraceId("bench-" + sequence)
                .setSpanId(Long.toHexString(sequence));
        if (cascade && sequence % 4 == 3) {
            return request.setActionType(ActionType.LLM_CALL)
                    .setContext(ActionContext.newBuilder().setLlmCall(LLMCallContext.newBuilder()
                            .setModel("gpt-4o").setPromptTokens(400)))
                    .build();
        }
        if (cascade && sequence % 2 == 1) {
            return request.setActionType(ActionType.NETWORK_CALL)
                    .setContext(ActionContext.newBuilder().setNetworkCall(NetworkCallContext.newBuilder()
                            .setHost(RealisticCascade.HOST).setPort(443).setProtocol("https")))
                    .build();
        }
        return request.setActionType(ActionType.TOOL_CALL)
                .setContext(ActionContext.newBuilder().setToolCall(ToolCallContext.newBuilder()
                        .setToolName(RealisticCascade.TOOL).setToolSource("mcp")
                        .setArgsJson(ByteString.copyFromUtf8(RealisticCascade.TOOL_ARGS))))
                .build();
    }

    /** Callbacks run on the channel's event loop (direct executor): no hand-off to a thread pool per call. */
    static ManagedChannel channel(String target) {
        return NettyChannelBuilder.forTarget(target).usePlaintext().directExecutor().build();
    }

    /** A channel whose connections leave from {@code localAddress} (on loopback any 127.x.y.z): another client. */
    static ManagedChannel channel(String target, String localAddress) {
        InetSocketAddress local = new InetSocketAddress(localAddress, 0);
        return NettyChannelBuilder.forTarget(target).usePlaintext().directExecutor()
                .localSocketPicker(new NettyChannelBuilder.LocalSocketPicker() {
                    @Override
                    public SocketAddress createSocketAddress(SocketAddress remoteAddress, Attributes attrs) {
                        return local;
                    }
                }).build();
    }

    static <T> StreamObserver<T> observer(Consumer<T> answer, Runnable ok, Consumer<Throwable> failed) {
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

    static Map<String, String> options(String[] args) {
        Map<String, String> options = new HashMap<>();
        for (int i = 0; i < args.length - 1; i++) {
            if (args[i].startsWith("--")) {
                options.put(args[i].substring(2), args[i + 1]);
            }
        }
        return options;
    }
}
