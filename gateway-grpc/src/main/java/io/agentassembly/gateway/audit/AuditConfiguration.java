package io.agentassembly.gateway.audit;

import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.jooq.DSLContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/** AuditService wiring: the idempotent journal of agent-reported events. */
@Configuration(proxyBeanMethods = false)
public class AuditConfiguration {

    @Bean
    ReportedEventJournal reportedEventJournal(EventStorageEngine storage, PlatformTransactionManager transactionManager,
                                              DSLContext dsl) {
        return new ReportedEventJournal(storage, new TransactionTemplate(transactionManager), dsl);
    }
}
