package io.agentassembly.app.config;

import io.agentassembly.app.support.AppInstances;
import io.agentassembly.app.support.TestDatabase;
import io.agentassembly.gateway.decision.DecisionStore;
import io.agentassembly.gateway.decision.EventStoreDecisionStore;
import io.agentassembly.projection.AuditedEventAppender;
import org.axonframework.axonserver.connector.event.axon.AxonServerEventStore;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One event store, one sequence: the way gateway decisions are written follows the event store in use. The whole
 * app is started under each topology; the {@code axonserver} one against an address where no Axon Server listens
 * (the connector retries in the background; nothing here needs the server).
 */
class EventStoreWiringTest {

    @Test
    void withTheJdbcEventStoreDecisionsAndTheirAuditEntriesAreWrittenInOneStatement() {
        try (ConfigurableApplicationContext app = AppInstances.start(TestDatabase.create("wiring_jdbc"))) {
            assertThat(app.getBean(EventStore.class)).isInstanceOf(EmbeddedEventStore.class);
            assertThat(app.getBean(EventStorageEngine.class)).isInstanceOf(JdbcEventStorageEngine.class);
            assertThat(app.getBeansOfType(AuditedEventAppender.class)).hasSize(1);
            assertThat(app.getBeansOfType(DecisionStore.class)).hasSize(1);
            assertThat(app.getBean(DecisionStore.class)).isNotInstanceOf(EventStoreDecisionStore.class);
        }
    }

    @Test
    void withAxonServerDecisionsGoThroughItsEventStoreAndNothingWritesTheJdbcEventTable() {
        try (ConfigurableApplicationContext app = AppInstances.start(TestDatabase.create("wiring_axonserver"),
                "--spring.profiles.active=axonserver", "--axon.axonserver.servers=127.0.0.1:1")) {
            EventStore eventStore = app.getBean(EventStore.class);
            assertThat(eventStore).isInstanceOf(AxonServerEventStore.class);
            assertThat(app.getBeansOfType(EventStorageEngine.class)).isEmpty();
            assertThat(app.getBeansOfType(AuditedEventAppender.class)).isEmpty();
            assertThat(app.getBeansOfType(DecisionStore.class)).hasSize(1);
            assertThat(app.getBean(DecisionStore.class)).isInstanceOfSatisfying(EventStoreDecisionStore.class,
                    store -> assertThat(store.eventStore()).isSameAs(eventStore));
        }
    }
}
