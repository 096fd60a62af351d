package io.agentassembly.app.config;

import io.agentassembly.app.config.ProcessingGroups.Wiring;
import io.agentassembly.projection.deadletter.DeadLetterErrorHandler;
import io.agentassembly.projection.deadletter.DeadLetteringInterceptor;
import io.agentassembly.projection.deadletter.DeadLetters;
import io.micrometer.core.instrument.MeterRegistry;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.config.EventProcessingConfigurer;
import org.axonframework.eventhandling.LoggingErrorHandler;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.messaging.Message;
import org.axonframework.micrometer.CapacityMonitor;
import org.axonframework.micrometer.EventProcessorLatencyMonitor;
import org.axonframework.micrometer.MessageCountingMonitor;
import org.axonframework.micrometer.MessageTimerMonitor;
import org.axonframework.monitoring.MessageMonitor;
import org.axonframework.monitoring.MultiMessageMonitor;
import org.axonframework.monitoring.NoOpMessageMonitor;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Configuration;

import javax.sql.DataSource;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Applies {@link ProcessingGroups} to Axon: each group's error handler, transaction manager and message monitor.
 * Axon's default processor monitor measures capacity over a one-minute window that keeps a sample per event: a
 * processor catching up a backlog at 20,000 events/s holds over a million of them (about 100 MiB); here the window
 * is {@value #CAPACITY_WINDOW_SECONDS} s, with the same meters.
 * Mode, batch size, threads and segments reach Axon as its own {@code axon.eventhandling.processors.<group>.*}
 * defaults ({@link ProcessorProperties}), so Axon builds the processors as it builds configured ones.
 */
@Configuration(proxyBeanMethods = false)
public class ProcessorWiring {

    static final long CAPACITY_WINDOW_SECONDS = 1;

    @Autowired
    void wireEveryProcessingGroup(EventProcessingConfigurer processing, DeadLetters deadLetters,
                                  TransactionManager transactions, DataSource dataSource, MeterRegistry meters) {
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
            processing.registerMessageMonitorFactory(group, (configuration, componentType, componentName) ->
                    wiring.messageMonitor() ? boundedMonitor(componentName, meters) : NoOpMessageMonitor.instance());
        }
    }

    /** Axon's event processor meters (timer, latency, capacity, counts) under the processor's name. */
    @SuppressWarnings("unchecked") // a processor's monitor only ever sees event messages
    static MessageMonitor<Message<?>> boundedMonitor(String processor, MeterRegistry meters) {
        MessageMonitor<EventMessage<?>> monitor = new MultiMessageMonitor<>(List.of(
                MessageTimerMonitor.buildMonitor(processor, meters),
                EventProcessorLatencyMonitor.builder().meterNamePrefix(processor).meterRegistry(meters).build(),
                CapacityMonitor.buildMonitor(processor, meters, CAPACITY_WINDOW_SECONDS, TimeUnit.SECONDS),
                MessageCountingMonitor.buildMonitor(processor, meters)));
        return (MessageMonitor<Message<?>>) (MessageMonitor<?>) monitor;
    }
}
