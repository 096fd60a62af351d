package io.agentassembly.gateway.decision;

import io.agentassembly.gateway.proto.common.v1.Decision;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Every decision the gateway makes (CheckAction and each item of BatchCheck), counted by decision, and the time from
 * the call's start to the decision (before its durable append; the whole call is {@code grpc.server.processing.duration}).
 * Meters are registered once, so the hot path only increments.
 */
public final class DecisionMetrics {

    public static final String DECISIONS = "aasm.gateway.decisions";
    public static final String EVALUATION = "aasm.gateway.decision.evaluation";
    public static final String BUDGET_DENIALS = "aasm.gateway.budget.denials";

    private final Map<Decision, Counter> decisions = new EnumMap<>(Decision.class);
    private final Timer evaluation;
    private final Counter budgetDenials;

    public DecisionMetrics(MeterRegistry meters) {
        for (Decision decision : List.of(Decision.ALLOW, Decision.DENY, Decision.PENDING, Decision.REDACT)) {
            decisions.put(decision, counter(meters, decision.name()));
        }
        evaluation = Timer.builder(EVALUATION)
                .description("time from the start of a CheckAction or BatchCheck call to its decision")
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofNanos(10_000))
                .maximumExpectedValue(Duration.ofSeconds(1))
                .register(meters);
        budgetDenials = Counter.builder(BUDGET_DENIALS)
                .description("decisions the policies allowed and a used-up budget limit denied when recorded "
                        + "(also counted under " + DECISIONS + " as evaluated)")
                .register(meters);
    }

    void budgetDenied() {
        budgetDenials.increment();
    }

    void record(Decision decision, long evaluationNanos) {
        Counter counter = decisions.get(decision);
        if (counter != null) {
            counter.increment();
        }
        evaluation.record(evaluationNanos, TimeUnit.NANOSECONDS);
    }

    private static Counter counter(MeterRegistry meters, String decision) {
        return Counter.builder(DECISIONS).description("decisions made by the gateway")
                .tag("decision", decision).register(meters);
    }
}
