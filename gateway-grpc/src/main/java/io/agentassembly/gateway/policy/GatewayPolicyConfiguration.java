package io.agentassembly.gateway.policy;

import io.agentassembly.gateway.approval.ActionApprovals;
import io.agentassembly.gateway.approval.ApprovalProperties;
import io.agentassembly.identity.ActorCommandGateway;
import io.agentassembly.policy.ConditionLimits;
import io.agentassembly.policy.engine.RateCounter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/** The policy stage of CheckAction: cascades held per workspace, rate counters, approvals, dry runs. */
@Configuration
@EnableConfigurationProperties(ApprovalProperties.class)
public class GatewayPolicyConfiguration {

    /** What {@code requires_approval_if} conditions may cost and are given (checked on apply, enforced on evaluation). */
    @Bean
    ConditionLimits conditionLimits(ObjectProvider<MeterRegistry> meters,
                                    @Value("${aasm.policy.condition.max-args-bytes:65536}") int maxArgsBytes,
                                    @Value("${aasm.policy.condition.max-string-length:4096}") int maxStringLength,
                                    @Value("${aasm.policy.condition.max-list-size:256}") int maxListSize,
                                    @Value("${aasm.policy.condition.max-cost:20000}") long maxCost,
                                    @Value("${aasm.policy.condition.timeout:10ms}") Duration timeout) {
        ConditionLimits limits = new ConditionLimits(maxArgsBytes, maxStringLength, maxListSize, maxCost, timeout);
        MeterRegistry registry = meters.getIfAvailable(SimpleMeterRegistry::new);
        FunctionCounter.builder("aasm.policy.condition.cutoffs", limits, ConditionLimits::overBudget)
                .tag("limit", "steps").description("condition evaluations cut off (PENDING, fail closed)")
                .register(registry);
        FunctionCounter.builder("aasm.policy.condition.cutoffs", limits, ConditionLimits::overTime)
                .tag("limit", "time").description("condition evaluations cut off (PENDING, fail closed)")
                .register(registry);
        return limits;
    }

    @Bean
    PolicyCascades policyCascades(QueryGateway queries, ObjectProvider<MeterRegistry> meters,
                                  ConditionLimits conditionLimits,
                                  @Value("${aasm.gateway.policy.refresh-interval:5s}") Duration refreshInterval,
                                  @Value("${aasm.gateway.policy.retry-after-failure:1s}") Duration retryAfterFailure,
                                  @Value("${aasm.gateway.policy.idle-eviction:10m}") Duration idleEviction,
                                  @Value("${aasm.gateway.policy.load-timeout:5s}") Duration loadTimeout) {
        return new PolicyCascades(new ActivePolicies(queries, loadTimeout),
                policies -> ActivePolicies.compile(policies, conditionLimits.forStoredPolicies()), refreshInterval,
                retryAfterFailure, idleEviction, meters.getIfAvailable(SimpleMeterRegistry::new));
    }

    @Bean
    SlidingHourRateCounter rateCounter(ObjectProvider<MeterRegistry> meters,
                                       @Value("${aasm.gateway.rate-counter.max-windows-per-workspace:10000}") int perWorkspace,
                                       @Value("${aasm.gateway.rate-counter.max-windows:500000}") int maxWindows) {
        SlidingHourRateCounter counter = new SlidingHourRateCounter(perWorkspace, maxWindows);
        MeterRegistry registry = meters.getIfAvailable(SimpleMeterRegistry::new);
        Gauge.builder("aasm.gateway.rate-counter.windows", counter, SlidingHourRateCounter::windows)
                .description("limit_per_hour windows held on this node").register(registry);
        for (RateCounter.Admission full : List.of(RateCounter.Admission.WORKSPACE_FULL, RateCounter.Admission.NODE_FULL)) {
            FunctionCounter.builder("aasm.gateway.rate-counter.refused", counter, c -> c.refused(full))
                    .tag("reason", full.name().toLowerCase(Locale.ROOT))
                    .description("rate-limited calls denied because no new window could be held")
                    .register(registry);
        }
        return counter;
    }

    @Bean
    @Order(PolicyStage.ORDER)
    PolicyStage policyStage(PolicyCascades cascades, SlidingHourRateCounter rates) {
        return new PolicyStage(cascades, rates, Clock.systemUTC());
    }

    @Bean
    ActionApprovals actionApprovals(QueryGateway queries, ActorCommandGateway commands, ApprovalProperties properties) {
        return new ActionApprovals(queries, commands, properties, Clock.systemUTC());
    }

    @Bean
    PolicySimulator policySimulator(PolicyCascades cascades, ConditionLimits conditionLimits) {
        return new PolicySimulator(cascades, conditionLimits.forStoredPolicies());
    }
}
