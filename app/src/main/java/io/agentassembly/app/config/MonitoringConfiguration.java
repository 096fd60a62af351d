package io.agentassembly.app.config;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.jooq.DSLContext;
import org.springframework.boot.context.event.ApplicationStartedEvent;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.event.EventListener;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.OptionalLong;
import java.util.function.ToDoubleFunction;

import static io.agentassembly.schema.jooq.Tables.NOTIFICATION_OUTBOX;
import static org.jooq.impl.DSL.min;

/**
 * Gauges read when scraped (docs/operations.md "Monitoring"): how far each streaming event processor is behind the
 * head of the event store, and the notification outbox's backlog. Dead letters, gateway decisions and the gRPC
 * server have theirs where they are counted.
 */
@Configuration(proxyBeanMethods = false)
public class MonitoringConfiguration {

    public static final String PROCESSOR_LAG = "aasm.processor.lag";
    public static final String PROCESSOR_ERROR = "aasm.processor.error";
    public static final String OUTBOX_PENDING = "aasm.notifications.outbox.pending";
    public static final String OUTBOX_OLDEST_PENDING = "aasm.notifications.outbox.oldest.pending.age";
    public static final String OUTBOX_FAILED = "aasm.notifications.outbox.failed";

    private final MeterRegistry meters;

    public MonitoringConfiguration(MeterRegistry meters) {
        this.meters = meters;
    }

    /** Processors exist once Axon has started, so their gauges are registered then. */
    @EventListener(ApplicationStartedEvent.class)
    void processorGauges(ApplicationStartedEvent started) {
        EventProcessingConfiguration processing = started.getApplicationContext().getBean(EventProcessingConfiguration.class);
        EventStore eventStore = started.getApplicationContext().getBean(EventStore.class);
        processing.eventProcessors().forEach((name, processor) -> {
            if (processor instanceof StreamingEventProcessor streaming) {
                Gauge.builder(PROCESSOR_LAG, streaming, p -> lag(p, eventStore))
                        .description("events between the head of the event store and the processor's position, over "
                                + "the segments this node holds (NaN when it holds none)")
                        .baseUnit("events").tag("processing_group", name).register(meters);
                Gauge.builder(PROCESSOR_ERROR, streaming, MonitoringConfiguration::inErrorState)
                        .description("1 while a segment this node holds is retrying after an error, else 0")
                        .tag("processing_group", name).register(meters);
            }
        });
    }

    private static double lag(StreamingEventProcessor processor, EventStore eventStore) {
        var statuses = processor.processingStatus().values();
        if (statuses.isEmpty()) {
            return Double.NaN;
        }
        long head = position(eventStore.createHeadToken());
        long behind = 0;
        for (EventTrackerStatus status : statuses) {
            OptionalLong current = status.getCurrentPosition();
            behind = Math.max(behind, head - current.orElse(-1));
        }
        return Math.max(behind, 0);
    }

    private static double inErrorState(StreamingEventProcessor processor) {
        return processor.processingStatus().values().stream().anyMatch(EventTrackerStatus::isErrorState) ? 1 : 0;
    }

    private static long position(TrackingToken token) {
        return token == null ? -1 : token.position().orElse(-1);
    }

    @EventListener(ApplicationStartedEvent.class)
    void outboxGauges(ApplicationStartedEvent started) {
        DSLContext db = started.getApplicationContext().getBean(DSLContext.class);
        outboxGauge(OUTBOX_PENDING, "notifications waiting for delivery (including retries)", null,
                d -> d.fetchCount(NOTIFICATION_OUTBOX, NOTIFICATION_OUTBOX.STATUS.eq("PENDING")), db);
        outboxGauge(OUTBOX_OLDEST_PENDING, "age of the oldest notification waiting for delivery (0 when none)",
                "seconds", MonitoringConfiguration::oldestPendingSeconds, db);
        outboxGauge(OUTBOX_FAILED, "notifications given up after their last attempt (re-queue: operations.md)", null,
                d -> d.fetchCount(NOTIFICATION_OUTBOX, NOTIFICATION_OUTBOX.STATUS.eq("FAILED")), db);
    }

    private void outboxGauge(String name, String description, String unit, ToDoubleFunction<DSLContext> value,
                             DSLContext db) {
        Gauge.builder(name, db, value).description(description).baseUnit(unit).register(meters);
    }

    private static double oldestPendingSeconds(DSLContext db) {
        OffsetDateTime oldest = db.select(min(NOTIFICATION_OUTBOX.CREATED_AT)).from(NOTIFICATION_OUTBOX)
                .where(NOTIFICATION_OUTBOX.STATUS.eq("PENDING")).fetchOne(0, OffsetDateTime.class);
        return oldest == null ? 0 : Math.max(0, Duration.between(oldest, OffsetDateTime.now()).toMillis() / 1000.0);
    }
}
