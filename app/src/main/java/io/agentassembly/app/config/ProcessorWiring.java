package io.agentassembly.app.config;

import io.agentassembly.app.config.ProcessingGroups.Wiring;
import io.agentassembly.projection.deadletter.DeadLetterErrorHandler;
import io.agentassembly.projection.deadletter.DeadLetteringInterceptor;
import io.agentassembly.projection.deadletter.DeadLetters;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.config.EventProcessingConfigurer;
import org.axonframework.eventhandling.LoggingErrorHandler;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.axonframework.monitoring.NoOpMessageMonitor;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Configuration;

import javax.sql.DataSource;

/**
 * Applies {@link ProcessingGroups} to Axon: each group's error handler, transaction manager and message monitor.
 * Mode, batch size, threads and segments reach Axon as its own {@code axon.eventhandling.processors.<group>.*}
 * defaults ({@link ProcessorProperties}), so Axon builds the processors as it builds configured ones.
 */
@Configuration(proxyBeanMethods = false)
public class ProcessorWiring {

    @Autowired
    void wireEveryProcessingGroup(EventProcessingConfigurer processing, DeadLetters deadLetters,
                                  TransactionManager transactions, DataSource dataSource) {
        // a processor no entry names (there should be none: ProcessingGroupsTest) still never drops an event
        processing.registerDefaultListenerInvocationErrorHandler(configuration -> new DeadLetterErrorHandler());
        processing.registerDefaultHandlerInterceptor(
                (configuration, processorName) -> new DeadLetteringInterceptor(processorName, deadLetters));
        for (ProcessingGroups entry : ProcessingGroups.values()) {
            String group = entry.group();
            Wiring wiring = entry.wiring();
            processing.registerListenerInvocationErrorHandler(group, configuration -> switch (wiring.onError()) {
                case PROPAGATE -> PropagatingErrorHandler.instance();
                case LOG -> new LoggingErrorHandler();
                case DEAD_LETTER -> new DeadLetterErrorHandler();
            });
            if (wiring.asynchronousCommit()) {
                processing.registerTransactionManager(group,
                        configuration -> new AsynchronousCommitTransactionManager(transactions, dataSource));
            }
            if (!wiring.messageMonitor()) {
                processing.registerMessageMonitorFactory(group,
                        (configuration, componentType, componentName) -> NoOpMessageMonitor.instance());
            }
        }
    }
}
