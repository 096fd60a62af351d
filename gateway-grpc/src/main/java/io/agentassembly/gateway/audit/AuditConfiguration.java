package io.agentassembly.gateway.audit;

import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.jooq.DSLContext;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/** AuditService wiring: the idempotent journal of agent-reported events. */
@Configuration(proxyBeanMethods = false)
public class AuditConfiguration {

    /**
     * With the JDBC event store (its storage engine is a bean) the events are appended to its table in the
     * transaction that claims their ids; with Axon Server (no such bean) through the event store's API, inside that
     * transaction too, so a failed append releases the claims (docs/adr/0018).
     */
    @Bean
    ReportedEventJournal reportedEventJournal(ObjectProvider<EventStorageEngine> jdbcStorage, EventStore eventStore,
                                              PlatformTransactionManager transactionManager, DSLContext dsl) {
        EventStorageEngine storage = jdbcStorage.getIfAvailable();
        return new ReportedEventJournal(storage != null ? storage::appendEvents : eventStore::publish,
                new TransactionTemplate(transactionManager), dsl);
    }
}
