package io.agentassembly.app.config;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.agentassembly.command.api.common.AuditMetadata;
import io.agentassembly.projection.AuditLogProjection;
import io.agentassembly.projection.DirectoryProjection;
import io.agentassembly.projection.NotificationOutboxProjection;
import io.agentassembly.projection.deadletter.DeadLetterErrorHandler;
import io.agentassembly.projection.deadletter.DeadLetteringInterceptor;
import io.agentassembly.projection.deadletter.DeadLetters;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.config.EventProcessingConfigurer;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.axonframework.messaging.correlation.CorrelationDataProvider;
import org.axonframework.messaging.correlation.MessageOriginProvider;
import org.axonframework.messaging.correlation.SimpleCorrelationDataProvider;
import org.axonframework.monitoring.NoOpMessageMonitor;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.json.JacksonSerializer;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;

import javax.sql.DataSource;
import java.util.List;

/**
 * Axon wiring: events and messages as JSON (readable in the database), tolerant of fields added by later
 * event revisions, and the actor of each command copied onto the events it causes.
 */
@Configuration
public class AxonConfiguration {

    @Bean
    @Primary
    Serializer serializer(ObjectMapper objectMapper) {
        return jackson(objectMapper);
    }

    @Bean
    @Qualifier("eventSerializer")
    Serializer eventSerializer(ObjectMapper objectMapper) {
        return jackson(objectMapper);
    }

    @Bean
    @Qualifier("messageSerializer")
    Serializer messageSerializer(ObjectMapper objectMapper) {
        return jackson(objectMapper);
    }

    private static Serializer jackson(ObjectMapper objectMapper) {
        ObjectMapper lenient = objectMapper.copy()
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .disable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);
        return new ClassCachingJacksonSerializer(JacksonSerializer.builder().objectMapper(lenient).lenientDeserialization());
    }

    /**
     * Read models that security decisions and e-mails depend on are written in the command's transaction, and a
     * failure there fails the command (docs/adr/0003): Axon's default handler would only log it.
     */
    @Autowired
    void consistentProjectionsFailTheirCommand(EventProcessingConfigurer processing) {
        for (String group : List.of(DirectoryProjection.PROCESSING_GROUP, NotificationOutboxProjection.PROCESSING_GROUP)) {
            processing.registerListenerInvocationErrorHandler(group, configuration -> PropagatingErrorHandler.instance());
        }
    }

    /**
     * No event may stall a shared processor: every streaming processor (today {@code audit-log}; every tracking
     * processor added later gets this by default) sets aside an event it cannot handle as a dead letter, alerts
     * and goes on, and retries what is not the event's fault (docs/adr/0009-dead-letters.md). Groups that register
     * their own error handler (the subscribing read models above) keep it.
     */
    @Autowired
    void deadLettersForEveryStreamingProcessor(EventProcessingConfigurer processing, DeadLetters deadLetters) {
        processing.registerDefaultListenerInvocationErrorHandler(configuration -> new DeadLetterErrorHandler());
        processing.registerDefaultHandlerInterceptor(
                (configuration, processorName) -> new DeadLetteringInterceptor(processorName, deadLetters));
    }

    /**
     * The audit log's tracking processor commits without waiting for the WAL flush: every batch (and every
     * skipped decision) moves its token, and a synchronous flush per batch competed with the gateway's
     * durable decision commits for the disk.
     */
    @Autowired
    void asynchronousCommitForTheAuditLog(EventProcessingConfigurer processing, TransactionManager transactions,
                                          DataSource dataSource) {
        processing.registerTransactionManager(AuditLogProjection.PROCESSING_GROUP,
                configuration -> new AsynchronousCommitTransactionManager(transactions, dataSource));
    }

    /**
     * No Axon message monitor on the audit log's processor: nearly every event it reads is a gateway decision it
     * skips (audited on append), and Axon's Micrometer monitors cost more per skipped event than the skip itself
     * (about 5 % of the app's CPU under load, docs/benchmarks.md). Its progress is its token (operations.md).
     */
    @Autowired
    void noMessageMonitorOnTheAuditLog(EventProcessingConfigurer processing) {
        processing.registerMessageMonitorFactory(AuditLogProjection.PROCESSING_GROUP,
                (configuration, componentType, componentName) -> NoOpMessageMonitor.instance());
    }

    @Bean
    CorrelationDataProvider actorCorrelation() {
        return new SimpleCorrelationDataProvider(AuditMetadata.ACTOR_TYPE, AuditMetadata.ACTOR_ID,
                AuditMetadata.REQUEST_ID);
    }

    @Bean
    CorrelationDataProvider messageOrigin() {
        return new MessageOriginProvider();
    }
}
