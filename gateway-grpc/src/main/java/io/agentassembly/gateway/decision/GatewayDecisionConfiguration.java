package io.agentassembly.gateway.decision;

import io.agentassembly.gateway.limit.GatewayLimitProperties;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.time.Duration;

/** The CheckAction pipeline: credentials, decision stages (ordered), group-committed journal. */
@Configuration
public class GatewayDecisionConfiguration {

    @Bean
    CachedAgentCredentials agentCredentials(QueryGateway queries,
                                            @Value("${aasm.gateway.credential-cache-ttl:5s}") Duration ttl,
                                            GatewayLimitProperties limits) {
        return new CachedAgentCredentials(queries, ttl, limits.unknownCredentials(), limits.unknownCredentialTtl());
    }

    @Bean
    DecisionEngine decisionEngine(ObjectProvider<DecisionStage> stages) {
        return new DecisionEngine(stages.orderedStream().toList());
    }

    @Bean
    ActionGate actionGate(AgentCredentials credentials, DecisionEngine engine, PendingApprovals approvals,
                          ObjectProvider<MeterRegistry> meters, ObjectProvider<BudgetStage> budgets) {
        return new ActionGate(credentials, engine, approvals,
                new DecisionMetrics(meters.getIfAvailable(SimpleMeterRegistry::new)), budgets.getIfAvailable());
    }

    /** {@code store}: the app wires the one that fits the event store in use (docs/adr/0018). */
    @Bean
    DecisionJournal decisionJournal(DecisionStore store,
                                    @Value("${aasm.gateway.journal.max-batch:500}") int maxBatch,
                                    @Value("${aasm.gateway.journal.writers:2}") int writers,
                                    @Value("${aasm.gateway.journal.capacity:100000}") int capacity) {
        return new DecisionJournal(store, maxBatch, writers, capacity);
    }
}
