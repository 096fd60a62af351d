package io.agentassembly.app.config;

import io.agentassembly.command.api.budget.SpendClaim;
import io.agentassembly.gateway.decision.DecisionStore;
import org.axonframework.eventhandling.EventMessage;
import io.agentassembly.gateway.decision.EventStoreDecisionStore;
import io.agentassembly.projection.AuditedEventAppender;
import io.agentassembly.projection.BudgetArbiter;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.serialization.Serializer;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.actuate.health.StatusAggregator;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;

import javax.sql.DataSource;
import java.util.List;
import java.util.Map;

/**
 * How gateway decisions reach the event store, chosen by the same switch that chooses the store
 * ({@value #AXON_SERVER}, which Axon's own auto-configuration reads, default on): one store, one sequence, and the
 * audit log keyed on it (docs/adr/0018).
 */
@Configuration(proxyBeanMethods = false)
public class EventStoreWiring {

    static final String AXON_SERVER = "axon.axonserver.enabled";

    /** The JDBC event store: decisions and their audit entries in one statement (docs/adr/0007). */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnProperty(name = AXON_SERVER, havingValue = "false")
    static class JdbcEventStore {

        @Bean
        AuditedEventAppender auditedEventAppender(DataSource dataSource,
                                                  @Qualifier("eventSerializer") Serializer serializer) {
            return new AuditedEventAppender(dataSource, serializer);
        }

        @Bean
        DecisionStore auditedDecisionStore(AuditedEventAppender appender) {
            return new DecisionStore() {
                @Override
                public void write(List<EventMessage<?>> events) {
                    appender.append(events);
                }

                @Override
                public Map<String, Integer> write(List<EventMessage<?>> events, List<SpendClaim> claims) {
                    return appender.appendDecisions(events, claims);
                }
            };
        }
    }

    /** Axon Server: decisions are appended through the event store's API; the audit log indexes them as it reads. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnProperty(name = AXON_SERVER, havingValue = "true", matchIfMissing = true)
    static class AxonServerEventStore {

        @Bean
        DecisionStore eventStoreDecisionStore(EventStore eventStore, DataSource dataSource) {
            return new EventStoreDecisionStore(eventStore, new BudgetArbiter(dataSource)::arbitrate);
        }

        /**
         * Axon's actuator support registers its health status aggregator (which knows Axon Server's WARN) beside
         * Boot's, and the health endpoint refuses to choose: it gets Axon's.
         */
        @Bean
        @Primary
        StatusAggregator axonServerAwareStatusAggregator(
                @Qualifier("axonServerStatusAggregator") StatusAggregator axonServer) {
            return axonServer::getAggregateStatus;
        }
    }
}
