package io.agentassembly.gateway.policy;

import io.agentassembly.gateway.approval.ActionApprovals;
import io.agentassembly.gateway.approval.ApprovalProperties;
import io.agentassembly.identity.ActorCommandGateway;
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

/** The policy stage of CheckAction: cascades held per workspace, rate counters, approvals, dry runs. */
@Configuration
@EnableConfigurationProperties(ApprovalProperties.class)
public class GatewayPolicyConfiguration {

    @Bean
    PolicyCascades policyCascades(QueryGateway queries, ObjectProvider<MeterRegistry> meters,
                                  @Value("${aasm.gateway.policy.refresh-interval:5s}") Duration refreshInterval,
                                  @Value("${aasm.gateway.policy.retry-after-failure:1s}") Duration retryAfterFailure,
                                  @Value("${aasm.gateway.policy.idle-eviction:10m}") Duration idleEviction,
                                  @Value("${aasm.gateway.policy.load-timeout:5s}") Duration loadTimeout) {
        return new PolicyCascades(new ActivePolicies(queries, loadTimeout), ActivePolicies::compile, refreshInterval,
                retryAfterFailure, idleEviction, meters.getIfAvailable(SimpleMeterRegistry::new));
    }

    @Bean
    SlidingHourRateCounter rateCounter(@Value("${aasm.gateway.rate-counter.max-windows:200000}") int maxWindows) {
        return new SlidingHourRateCounter(maxWindows);
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
    PolicySimulator policySimulator(PolicyCascades cascades) {
        return new PolicySimulator(cascades);
    }
}
