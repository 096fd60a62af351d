package io.agentassembly.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.ByteString;
import io.agentassembly.gateway.proto.audit.v1.AuditEvent;
import io.agentassembly.gateway.proto.audit.v1.AuditServiceGrpc;
import io.agentassembly.gateway.proto.audit.v1.ReportEventsRequest;
import io.agentassembly.gateway.proto.common.v1.ActionType;
import io.agentassembly.gateway.proto.common.v1.AgentId;
import io.agentassembly.gateway.proto.common.v1.Decision;
import io.agentassembly.gateway.proto.policy.v1.ActionContext;
import io.agentassembly.gateway.proto.policy.v1.BatchCheckRequest;
import io.agentassembly.gateway.proto.policy.v1.CheckActionRequest;
import io.agentassembly.gateway.proto.policy.v1.PolicyServiceGrpc;
import io.agentassembly.gateway.proto.policy.v1.ToolCallContext;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.MetadataUtils;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

/**
 * Workspace A's CheckAction latency, quiet, and beside a neighbour B in three ways: B well-behaved at a set rate
 * (allowed CheckActions), B hostile at the same rate, and B hostile as fast as the gateway answers. Hostile is
 * everything that once harmed other tenants: NUL characters and 200 KB fields in CheckAction, BatchCheck and
 * ReportEvents, a flood of distinct tool names under a rate-limited wildcard rule, approval conditions fed 200 KB
 * arguments (each opening an approval), and dry runs of a policy with a condition of unbounded cost. If hostile
 * input cost no more than ordinary calls, A sees the same latency beside B hostile as beside B ordinary at the
 * same rate. A runs under the realistic cascade with closed-loop callers, as in {@link GatewayBenchmark}; the
 * quiet phase of the same run is the baseline. B's gRPC calls leave from other addresses ({@code
 * --attacker-address} 127.0.0.2 when hostile, {@code --neighbour-address} 127.0.0.3 when ordinary), as another
 * tenant's agents would.
 *
 * <pre>
 * run --gateway 127.0.0.1:50051 --api http://127.0.0.1:8080 --app-log app.log --app-pid N
 *     --callers 16 --warmup 3 --seconds 15 --jit-warmup 60 --attackers 2 --attack-rate 500
 *     [--hostile-kinds NUL,simulate]   (only the hostile kinds whose names contain one of these)
 * </pre>
 */
public final class NoisyNeighbourBenchmark {

    private static final String COSTLY_DRAFT = """
            apiVersion: agent-assembly/v1
            kind: Policy
            metadata: { name: costly }
            spec:
              scope: global
              tools:
                pay: { requires_approval_if: "args.l.exists(x, args.s.matches('a+b'))" }
            """;

    private NoisyNeighbourBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = GatewayBenchmark.options(args);
        Duration warmup = Duration.ofSeconds(Long.parseLong(options.getOrDefault("warmup", "3")));
        Duration measure = Duration.ofSeconds(Long.parseLong(options.getOrDefault("seconds", "15")));
        Duration jitWarmup = Duration.ofSeconds(Long.parseLong(options.getOrDefault("jit-warmup", "60")));
        int callers = Integer.parseInt(options.getOrDefault("callers", "16"));
        int attackers = Integer.parseInt(options.getOrDefault("attackers", "2"));
        double attackRate = Double.parseDouble(options.getOrDefault("attack-rate", "500"));
        String only = options.get("hostile-kinds");
        String api = options.getOrDefault("api", "http://127.0.0.1:8080");
        String gateway = options.getOrDefault("gateway", "127.0.0.1:50051");
        Path appLog = Path.of(options.getOrDefault("app-log", "app.log"));
        CpuMeter cpu = new CpuMeter(Long.parseLong(options.getOrDefault("app-pid", "0")), 0);

        ManagedChannel steadyChannel = GatewayBenchmark.channel(gateway);
        ManagedChannel hostileChannel = GatewayBenchmark.channel(gateway,
                options.getOrDefault("attacker-address", "127.0.0.2"));
        ManagedChannel ordinaryChannel = GatewayBenchmark.channel(gateway,
                options.getOrDefault("neighbour-address", "127.0.0.3"));
        TenantSetup.Tenant steady = TenantSetup.provision(api, appLog, steadyChannel);
        TenantSetup.Agent agent = steady.agent();
        steady.applyPolicies(RealisticCascade.yaml(agent.id().getOrgId(), agent.id().getTeamId(),
                agent.id().getAgentId(), false));
        TenantSetup.Tenant noisy = neighbour(api, appLog, hostileChannel, "noisy");
        // The JIT warm-up sends every hostile kind from a third workspace and address, so the measured phases run
        // compiled code, and B starts them with no lock of its own.
        ManagedChannel warmingChannel = GatewayBenchmark.channel(gateway, "127.0.0.4");
        TenantSetup.Tenant warmer = neighbour(api, appLog, warmingChannel, "warmer");

        var policy = PolicyServiceGrpc.newStub(steadyChannel);
        AtomicLong sequence = new AtomicLong();
        Map<Decision, LongAdder> decisions = new EnumMap<>(Decision.class);
        for (Decision decision : Decision.values()) {
            decisions.put(decision, new LongAdder());
        }
        ClosedLoop.AsyncCall checkAction = (ok, failed) -> policy.checkAction(
                GatewayBenchmark.checkAction(agent, sequence.incrementAndGet(), true),
                GatewayBenchmark.observer(response -> decisions.get(response.getDecision()).increment(), ok, failed));

        if (!jitWarmup.isZero()) {
            Attack ordinaryWarming = Attack.ordinary(ordinaryChannel, noisy, attackers, 0);
            Attack hostileWarming = Attack.hostile(warmingChannel, warmer, api, 1, 0, only);
            ordinaryWarming.start();
            hostileWarming.start();
            ClosedLoop.runAsync("JIT warm-up", callers, jitWarmup, Duration.ZERO, cpu, checkAction);
            ordinaryWarming.stop();
            hostileWarming.stop();
        }
        decisions.values().forEach(LongAdder::reset);
        Map<String, Attack> phases = new LinkedHashMap<>();
        phases.put("A: CheckAction, quiet", null);
        phases.put(String.format("A: B ordinary, %.0f/s", attackRate),
                Attack.ordinary(ordinaryChannel, noisy, attackers, attackRate));
        phases.put(String.format("A: B hostile, %.0f/s", attackRate),
                Attack.hostile(hostileChannel, noisy, api, attackers, attackRate, only));
        phases.put("A: B hostile, flat out", Attack.hostile(hostileChannel, noisy, api, attackers, 0, only));
        List<ClosedLoop.Result> results = new ArrayList<>();
        for (Map.Entry<String, Attack> phase : phases.entrySet()) {
            Attack neighbour = phase.getValue();
            if (neighbour != null) {
                neighbour.start();
            }
            results.add(ClosedLoop.runAsync(phase.getKey(), callers, warmup, measure, cpu, checkAction));
            if (neighbour != null) {
                neighbour.stop();
            }
        }

        System.out.println();
        System.out.println(ClosedLoop.Result.HEADER);
        results.forEach(r -> System.out.println(r.row()));
        ClosedLoop.Result quiet = results.getFirst();
        System.out.println();
        for (ClosedLoop.Result loud : results.subList(1, results.size())) {
            System.out.printf("%-28s against quiet: calls/s %.2f, p50 %.2f, p99 %.2f, p999 %.2f, errors %d%n",
                    loud.name(), loud.perSecond() / quiet.perSecond(), ratio(loud, quiet, 50), ratio(loud, quiet, 99),
                    ratio(loud, quiet, 99.9), loud.errors());
        }
        System.out.println("A's decisions (warm-up excluded): " + decisions.entrySet().stream()
                .filter(e -> e.getValue().sum() > 0 && e.getKey() != Decision.UNRECOGNIZED)
                .map(e -> e.getKey() + " " + e.getValue().sum()).toList());
        phases.forEach((name, neighbour) -> {
            if (neighbour != null) {
                System.out.println("B's calls during \"" + name + "\", by outcome:");
                new TreeMap<>(neighbour.outcomes).forEach((outcome, count) ->
                        System.out.printf("  %-66s %8d%n", outcome, count.sum()));
            }
        });
        steadyChannel.shutdownNow();
        hostileChannel.shutdownNow();
        ordinaryChannel.shutdownNow();
        warmingChannel.shutdownNow();
    }

    /** A workspace, its agent registered over {@code channel}, and the policies the neighbour is decided under. */
    private static TenantSetup.Tenant neighbour(String api, Path appLog, ManagedChannel channel, String agentId)
            throws Exception {
        TenantSetup.Tenant neighbour = TenantSetup.provision(api, appLog, channel,
                AgentId.newBuilder().setOrgId("org-noise").setTeamId("team-noise").setAgentId(agentId).build());
        neighbour.applyPolicies("""
                apiVersion: agent-assembly/v1
                kind: Policy
                metadata: { name: flood }
                spec:
                  scope: global
                  tools:
                    "*": { allow: true, limit_per_hour: 3 }
                    search: { allow: true }
                    pay: { requires_approval_if: "args.memo.matches('a+b')" }
                """);
        return neighbour;
    }

    private static double ratio(ClosedLoop.Result loud, ClosedLoop.Result quiet, double percentile) {
        return (double) loud.latency().getValueAtPercentile(percentile) / quiet.latency().getValueAtPercentile(percentile);
    }

    /**
     * B's callers: each kind of call runs in its own threads, either as fast as the gateway answers
     * ({@code ratePerSecond} 0) or paced so that all kinds together make {@code ratePerSecond} calls a second.
     */
    private static final class Attack {
        private static final ObjectMapper JSON = new ObjectMapper();
        private static final HttpClient HTTP = HttpClient.newHttpClient();

        final Map<String, LongAdder> outcomes = new ConcurrentHashMap<>();
        private final List<Thread> threads = new ArrayList<>();
        private final Map<String, Supplier<String>> kinds;
        private final int perKind;
        private final long periodNanos;
        private volatile boolean running;

        private Attack(Map<String, Supplier<String>> kinds, int perKind, double ratePerSecond) {
            this.kinds = kinds;
            this.perKind = perKind;
            this.periodNanos = ratePerSecond <= 0 ? 0 : (long) (1e9 * kinds.size() * perKind / ratePerSecond);
        }

        /** What a busy, well-behaved neighbour does: allowed CheckActions of one tool. */
        static Attack ordinary(ManagedChannel channel, TenantSetup.Tenant noisy, int perKind, double ratePerSecond) {
            var policy = PolicyServiceGrpc.newBlockingStub(channel);
            TenantSetup.Agent agent = noisy.agent();
            return new Attack(Map.of("CheckAction of an allowed tool",
                    () -> policy.checkAction(toolCall(agent, "search", null)).getDecision().name()), perKind,
                    ratePerSecond);
        }

        /** {@code only}: null for every kind, else comma-separated parts of the names of the kinds to send. */
        static Attack hostile(ManagedChannel channel, TenantSetup.Tenant noisy, String api, int perKind,
                              double ratePerSecond, String only) {
            TenantSetup.Agent agent = noisy.agent();
            var policy = PolicyServiceGrpc.newBlockingStub(channel);
            Metadata bearer = new Metadata();
            bearer.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER),
                    "Bearer " + agent.credentialToken());
            var audit = AuditServiceGrpc.newBlockingStub(channel)
                    .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(bearer));
            AtomicLong n = new AtomicLong();
            Map<String, Supplier<String>> kinds = new TreeMap<>();
            kinds.put("CheckAction with NUL in tool_name",
                    () -> policy.checkAction(toolCall(agent, "tool\u0000", null)).getDecision().name());
            kinds.put("CheckAction with a 200 KB trace_id", () -> policy.checkAction(toolCall(agent, "search", null)
                    .toBuilder().setTraceId("x".repeat(200_000)).build()).getDecision().name());
            kinds.put("CheckAction of a new tool name (wildcard limit)",
                    () -> policy.checkAction(toolCall(agent, "flood-" + n.incrementAndGet(), null)).getDecision().name());
            kinds.put("CheckAction with a 200 KB condition input", () -> policy.checkAction(toolCall(agent, "pay",
                    "{\"memo\":\"" + "a".repeat(200_000) + n.incrementAndGet() + "\"}")).getDecision().name());
            kinds.put("BatchCheck with NUL in one request", () -> {
                policy.batchCheck(BatchCheckRequest.newBuilder().addRequests(toolCall(agent, "fine", null))
                        .addRequests(toolCall(agent, "bad\u0000", null)).build());
                return "OK";
            });
            kinds.put("ReportEvents with NUL in a label", () -> {
                audit.reportEvents(ReportEventsRequest.newBuilder().addEvents(AuditEvent.newBuilder()
                        .setEventId(UUID.randomUUID().toString()).putLabels("k", "v\u0000")).build());
                return "OK";
            });
            kinds.put("POST /policies/simulate with a costly draft", () -> simulate(api, noisy.accessToken(), agent));
            if (only != null) {
                kinds.keySet().removeIf(kind -> Arrays.stream(only.split(",")).noneMatch(kind::contains));
            }
            return new Attack(kinds, perKind, ratePerSecond);
        }

        void start() {
            running = true;
            kinds.forEach((name, call) -> {
                for (int i = 0; i < perKind; i++) {
                    threads.add(Thread.ofPlatform().daemon().name("neighbour " + name + " " + i).start(() -> {
                        long next = System.nanoTime();
                        while (running) {
                            record(name, call);
                            next += periodNanos;
                            long wait = next - System.nanoTime();
                            if (wait > 0) {
                                LockSupport.parkNanos(wait);
                            }
                        }
                    }));
                }
            });
        }

        void stop() throws InterruptedException {
            running = false;
            for (Thread thread : threads) {
                thread.join();
            }
            threads.clear();
        }

        private void record(String kind, Supplier<String> call) {
            String outcome;
            try {
                outcome = call.get();
            } catch (StatusRuntimeException e) {
                outcome = e.getStatus().getCode().name();
            } catch (RuntimeException e) {
                outcome = e.getClass().getSimpleName();
            }
            outcomes.computeIfAbsent(kind + ": " + outcome, k -> new LongAdder()).increment();
        }

        private static CheckActionRequest toolCall(TenantSetup.Agent agent, String tool, String argsJson) {
            ToolCallContext.Builder call = ToolCallContext.newBuilder().setToolName(tool);
            if (argsJson != null) {
                call.setArgsJson(ByteString.copyFromUtf8(argsJson));
            }
            return CheckActionRequest.newBuilder().setAgentId(agent.id()).setCredentialToken(agent.credentialToken())
                    .setTraceId(UUID.randomUUID().toString()).setActionType(ActionType.TOOL_CALL)
                    .setContext(ActionContext.newBuilder().setToolCall(call)).build();
        }

        private static String simulate(String api, String accessToken, TenantSetup.Agent agent) {
            try {
                String body = JSON.writeValueAsString(Map.of("draft", COSTLY_DRAFT, "request", Map.of(
                        "agent_id", Map.of("org_id", agent.id().getOrgId(), "team_id", agent.id().getTeamId(),
                                "agent_id", agent.id().getAgentId()),
                        "action_type", "TOOL_CALL", "tool_call", Map.of("tool_name", "pay",
                                "args", Map.of("s", "a".repeat(30_000), "l", List.of(1, 2, 3))))));
                HttpResponse<Void> response = HTTP.send(HttpRequest.newBuilder(URI.create(api + "/api/v1/policies/simulate"))
                        .header("Content-Type", "application/json").header("Authorization", "Bearer " + accessToken)
                        .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.discarding());
                return "HTTP " + response.statusCode();
            } catch (java.io.IOException e) {
                return e.getClass().getSimpleName();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return "interrupted";
            }
        }
    }
}
