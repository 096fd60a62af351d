package io.agentassembly.app;

import com.google.protobuf.ByteString;
import io.agentassembly.app.support.Api;
import io.agentassembly.app.support.GatewayClient;
import io.agentassembly.app.support.GatewayClient.RegisteredAgent;
import io.agentassembly.app.support.GatewayIntegrationTest;
import io.agentassembly.app.support.Tenants.Member;
import io.agentassembly.gateway.proto.audit.v1.AuditEvent;
import io.agentassembly.gateway.proto.audit.v1.ReportEventsRequest;
import io.agentassembly.gateway.proto.common.v1.Decision;
import io.agentassembly.gateway.proto.policy.v1.BatchCheckRequest;
import io.agentassembly.gateway.proto.policy.v1.CheckActionRequest;
import io.agentassembly.gateway.proto.policy.v1.CheckActionResponse;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BooleanSupplier;

import static io.agentassembly.app.support.Api.json;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Workspace B attacks the gateway the ways that used to harm everyone — NUL characters and oversize fields in
 * CheckAction, BatchCheck and ReportEvents, a flood of distinct tool names under a rate-limited wildcard rule, an
 * approval condition fed 200 KB, and costly conditions in applied and simulated policies (until its workspace may
 * compile no more policies for a while) — while workspace A's
 * agents keep working. Every one of A's calls must be answered ALLOW: none UNAVAILABLE, RESOURCE_EXHAUSTED or
 * denied. (A's latency beside a quiet run is measured by bench/run-noisy-neighbour-bench.sh, docs/benchmarks.md.)
 */
class NoisyNeighbourTest extends GatewayIntegrationTest {

    private static final Duration ATTACK = Duration.ofSeconds(6);
    private static final String COSTLY = "args.l.exists(x, args.s.matches('a+b'))";

    @Test
    void aWorkspaceKeepsGettingItsDecisionsWhileAnotherAttacksTheGateway() throws Exception {
        applyPolicies(policy("steady", """
                  scope: global
                  tools:
                    "*": { allow: true, limit_per_hour: 1000000 }
                """));
        List<RegisteredAgent> steady = List.of(gateway.register(apiKey, "org-a", "team-1", "steady-1"),
                gateway.register(apiKey, "org-a", "team-2", "steady-2"));

        Member neighbour = tenants.signUp("pro");
        String neighbourKey = api.post("/api/v1/api-keys", neighbour.accessToken(), json("name", "noise")).text("token");
        RegisteredAgent noisy = gateway.register(neighbourKey, "org-b", "team-b", "noisy");
        Api.Response applied = api.send("POST", "/api/v1/policies", neighbour.accessToken(), "application/yaml",
                policy("flood", """
                          scope: global
                          tools:
                            "*": { allow: true, limit_per_hour: 3 }
                            pay: { requires_approval_if: "args.memo.matches('a+b')" }
                        """));
        assertThat(applied.status()).as(applied.body().toString()).isEqualTo(200);
        Api.Response costly = api.send("POST", "/api/v1/policies", neighbour.accessToken(), "application/yaml",
                policy("costly", "  scope: global\n  tools:\n    pay: { requires_approval_if: \"" + COSTLY + "\" }\n"));
        assertThat(costly.status()).as("a condition of unbounded cost is refused when applied").isEqualTo(400);

        int held = fillRateLimitWindows(noisy);
        assertThat(held).as("B holds as many rate-limit windows as a workspace may (200 in the test context)")
                .isEqualTo(200);

        Outcomes neighbourOutcomes = new Outcomes();
        Outcomes steadyOutcomes = new Outcomes();
        AtomicLong steadyCalls = new AtomicLong();
        long end = System.nanoTime() + ATTACK.toNanos();
        ExecutorService threads = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> running = new ArrayList<>();
            AtomicInteger sequence = new AtomicInteger();
            running.add(threads.submit(() -> untilEnd(end, () -> neighbourOutcomes.record("nul tool name", () ->
                    gateway.policy().checkAction(GatewayClient.toolCall(noisy, noisy.id(), "tool\u0000")).getDecision()))));
            running.add(threads.submit(() -> untilEnd(end, () -> neighbourOutcomes.record("oversize trace id", () ->
                    gateway.policy().checkAction(GatewayClient.toolCall(noisy, noisy.id(), "search").toBuilder()
                            .setTraceId("x".repeat(200_000)).build()).getDecision()))));
            running.add(threads.submit(() -> untilEnd(end, () -> neighbourOutcomes.record("distinct tool names", () ->
                    gateway.policy().checkAction(GatewayClient.toolCall(noisy, noisy.id(),
                            "flood-" + sequence.incrementAndGet())).getDecision()))));
            running.add(threads.submit(() -> untilEnd(end, () -> neighbourOutcomes.record("megabyte condition input",
                    () -> gateway.policy().checkAction(GatewayClient.toolCall(noisy, "pay", "{\"memo\":\""
                            + "a".repeat(200_000) + sequence.incrementAndGet() + "\"}", null)).getDecision()))));
            running.add(threads.submit(() -> untilEnd(end, () -> neighbourOutcomes.record("nul in a batch", () -> {
                gateway.policy().batchCheck(BatchCheckRequest.newBuilder()
                        .addRequests(GatewayClient.toolCall(noisy, noisy.id(), "fine"))
                        .addRequests(GatewayClient.toolCall(noisy, noisy.id(), "bad\u0000")).build());
                return Decision.ALLOW;
            }))));
            running.add(threads.submit(() -> untilEnd(end, () -> neighbourOutcomes.record("nul in a reported event",
                    () -> {
                        gateway.audit(noisy.credentialToken()).reportEvents(ReportEventsRequest.newBuilder()
                                .addEvents(AuditEvent.newBuilder().setEventId(UUID.randomUUID().toString())
                                        .putLabels("k", "v\u0000")).build());
                        return Decision.ALLOW;
                    }))));
            // Past the attack too, until the workspace's compilation limit (60 a minute) has answered 429: on a slow
            // machine six seconds are not enough for 60 costly compilations.
            long simulationsEnd = end + Duration.ofSeconds(60).toNanos();
            running.add(threads.submit(() -> untilEnd(end, simulationsEnd,
                    () -> neighbourOutcomes.counts.containsKey("costly simulate draft: HTTP 429"), () -> {
                Api.Response simulated = api.post("/api/v1/policies/simulate", neighbour.accessToken(), json(
                        "request", Map.of("agent_id", Map.of("org_id", "org-b", "team_id", "team-b", "agent_id", "noisy"),
                                "action_type", "TOOL_CALL", "context", Map.of("tool_call", Map.of("tool_name", "pay",
                                        "args_json", Base64.getEncoder().encodeToString(("{\"s\": \"" + "a".repeat(30_000)
                                                + "\", \"l\": [1, 2, 3]}").getBytes(StandardCharsets.UTF_8))))),
                        "draft", policy("costly", "  scope: global\n  tools:\n    pay: { requires_approval_if: \""
                                + COSTLY + "\" }\n")));
                neighbourOutcomes.count("costly simulate draft: HTTP " + simulated.status());
            })));
            for (RegisteredAgent agent : steady) {
                running.add(threads.submit(() -> untilEnd(end, () -> {
                    long n = steadyCalls.incrementAndGet();
                    String tool = n % 2 == 0 ? "search" : "tool-" + n % 50;
                    steadyOutcomes.record(tool.equals("search") ? "search" : "other tool names", () ->
                            gateway.policy().checkAction(GatewayClient.toolCall(agent, agent.id(), tool)).getDecision());
                })));
            }
            for (Future<?> task : running) {
                task.get();
            }
        } finally {
            threads.shutdownNow();
        }

        assertThat(steadyCalls.get()).as("workspace A kept calling").isGreaterThan(50);
        assertThat(steadyOutcomes.counts.keySet()).as("every call of workspace A: " + steadyOutcomes.counts)
                .containsOnly("search: ALLOW", "other tool names: ALLOW");

        assertThat(neighbourOutcomes.counts).as("workspace B's refusals: " + neighbourOutcomes.counts)
                .containsKeys("nul tool name: INVALID_ARGUMENT", "oversize trace id: INVALID_ARGUMENT",
                        "nul in a batch: INVALID_ARGUMENT", "nul in a reported event: INVALID_ARGUMENT",
                        "megabyte condition input: PENDING", "costly simulate draft: HTTP 400",
                        "costly simulate draft: HTTP 429")
                .doesNotContainKeys("nul tool name: UNAVAILABLE", "distinct tool names: UNAVAILABLE");
        assertThat(neighbourOutcomes.counts).as("B's new tool names stayed denied at its own bound")
                .containsKey("distinct tool names: DENY").doesNotContainKey("distinct tool names: ALLOW");
        assertThat(gateway.policy().checkAction(GatewayClient.toolCall(steady.getFirst(), steady.getFirst().id(),
                "after-" + UUID.randomUUID())).getDecision()).as("A still gets new windows").isEqualTo(Decision.ALLOW);
    }

    /** Calls new tool names until the workspace's rate counter refuses a new window; returns how many it took. */
    private int fillRateLimitWindows(RegisteredAgent agent) {
        for (int i = 0; i < 1000; i++) {
            CheckActionResponse answer = gateway.policy().checkAction(GatewayClient.toolCall(agent, agent.id(), "fill-" + i));
            if (answer.getDecision() == Decision.DENY) {
                assertThat(answer.getReason()).contains("the workspace already holds as many as it may");
                return i;
            }
        }
        throw new AssertionError("the workspace's rate counter never refused a new window");
    }

    private static void untilEnd(long endNanos, Runnable call) {
        untilEnd(endNanos, endNanos, () -> true, call);
    }

    /** Calls until {@code endNanos}, then on until {@code done} holds or {@code latestEndNanos} has come. */
    private static void untilEnd(long endNanos, long latestEndNanos, BooleanSupplier done, Runnable call) {
        while (System.nanoTime() < endNanos || (System.nanoTime() < latestEndNanos && !done.getAsBoolean())) {
            call.run();
        }
    }

    /** How calls ended, by label and decision or gRPC status code. */
    private static final class Outcomes {
        final Map<String, LongAdder> counts = new ConcurrentHashMap<>();

        void record(String label, java.util.function.Supplier<Decision> call) {
            try {
                count(label + ": " + call.get());
            } catch (StatusRuntimeException e) {
                Status.Code code = e.getStatus().getCode();
                count(label + ": " + code);
            }
        }

        void count(String key) {
            counts.computeIfAbsent(key, k -> new LongAdder()).increment();
        }
    }
}
