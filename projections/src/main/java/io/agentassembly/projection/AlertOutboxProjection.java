package io.agentassembly.projection;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.agentassembly.command.api.alert.AlertDestinationEvents.AlertTestRequestedEvent;
import io.agentassembly.command.api.budget.SpendEvents.BudgetThresholdReachedEvent;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.EventMessage;
import org.jooq.DSLContext;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import static io.agentassembly.projection.Timestamps.utc;
import static io.agentassembly.schema.jooq.Tables.ALERT_DESTINATION_VIEW;
import static io.agentassembly.schema.jooq.Tables.ALERT_OUTBOX;

/**
 * Queues alert deliveries (tracking processing group {@value #PROCESSING_GROUP}): each
 * {@link BudgetThresholdReachedEvent} becomes one {@code alert_outbox} row per enabled destination of its workspace
 * whose org filter matches and that existed when the alert was raised; each {@link AlertTestRequestedEvent} one
 * row for its destination. The row id is derived from the event and the destination and (event, destination) is
 * unique, so handling an event again (a retried batch, a replay after a token reset) queues nothing twice: there is
 * no reset handler, the outbox is also the delivery log. Alerts older than {@code aasm.alerts.max-age} (24 h) when
 * handled are not queued: a replay from the start never sends last month's alerts.
 */
@Component
@ProcessingGroup(AlertOutboxProjection.PROCESSING_GROUP)
public class AlertOutboxProjection {

    public static final String PROCESSING_GROUP = "alert-outbox";
    public static final String STATUS_PENDING = "PENDING";
    public static final String STATUS_DELIVERED = "DELIVERED";
    public static final String STATUS_FAILED = "FAILED";
    public static final String STATUS_CANCELLED = "CANCELLED";
    public static final String TYPE_THRESHOLD = "budget.threshold_reached";
    public static final String TYPE_TEST = "test";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final DSLContext db;
    private final Duration maxAge;

    public AlertOutboxProjection(DSLContext db, @Value("${aasm.alerts.max-age:24h}") Duration maxAge) {
        this.db = db;
        this.maxAge = maxAge;
    }

    @EventHandler
    public void on(BudgetThresholdReachedEvent event, EventMessage<?> message) {
        Instant at = message.getTimestamp();
        if (at.isBefore(Instant.now().minus(maxAge))) {
            return;
        }
        List<String> destinations = db.select(ALERT_DESTINATION_VIEW.DESTINATION_ID)
                .from(ALERT_DESTINATION_VIEW)
                .where(ALERT_DESTINATION_VIEW.WORKSPACE_ID.eq(event.workspaceId())
                        .and(ALERT_DESTINATION_VIEW.ENABLED.isTrue())
                        .and(ALERT_DESTINATION_VIEW.CREATED_AT.le(utc(at)))
                        .and(ALERT_DESTINATION_VIEW.ORG_ID.isNull().or(ALERT_DESTINATION_VIEW.ORG_ID.eq(event.orgId()))))
                .fetch(ALERT_DESTINATION_VIEW.DESTINATION_ID);
        if (destinations.isEmpty()) {
            return;
        }
        String alert = json(thresholdAlert(event, message.getIdentifier(), at));
        for (String destination : destinations) {
            enqueue(message.getIdentifier(), event.workspaceId(), destination, TYPE_THRESHOLD, alert, at);
        }
    }

    @EventHandler
    public void on(AlertTestRequestedEvent event, EventMessage<?> message) {
        Instant at = message.getTimestamp();
        if (at.isBefore(Instant.now().minus(maxAge))) {
            return;
        }
        boolean exists = db.fetchExists(ALERT_DESTINATION_VIEW, ALERT_DESTINATION_VIEW.DESTINATION_ID.eq(event.destinationId())
                .and(ALERT_DESTINATION_VIEW.WORKSPACE_ID.eq(event.workspaceId())));
        if (!exists) {
            return;
        }
        Map<String, Object> alert = new LinkedHashMap<>();
        alert.put("type", TYPE_TEST);
        alert.put("alert_id", message.getIdentifier());
        alert.put("test_id", event.testId());
        alert.put("workspace_id", event.workspaceId());
        alert.put("org_id", event.orgId());
        alert.put("occurred_at", at.toString());
        alert.put("destination_id", event.destinationId());
        alert.put("message", "Test alert from Agent Assembly: this destination receives budget alerts.");
        enqueue(message.getIdentifier(), event.workspaceId(), event.destinationId(), TYPE_TEST, json(alert), at);
    }

    /** The alert's facts as the webhook body shows them (snake_case; amounts as exact decimal strings). */
    static Map<String, Object> thresholdAlert(BudgetThresholdReachedEvent event, String eventId, Instant at) {
        Map<String, Object> alert = new LinkedHashMap<>();
        alert.put("type", TYPE_THRESHOLD);
        alert.put("alert_id", eventId);
        alert.put("workspace_id", event.workspaceId());
        alert.put("org_id", event.orgId());
        alert.put("occurred_at", at.toString());
        alert.put("limit_key", event.limitKey());
        alert.put("tier", lower(event.tier()));
        alert.put("scope_id", event.scopeId());
        alert.put("budget_id", event.budgetId());
        alert.put("budget_name", event.budgetName());
        alert.put("window", lower(event.window()));
        alert.put("window_start", event.windowStart() == null ? null : event.windowStart().toString());
        alert.put("timezone", event.timezone());
        alert.put("threshold_percent", event.thresholdPercent());
        alert.put("metric", lower(event.metric()));
        alert.put("used", event.used() == null ? null : event.used().toPlainString());
        alert.put("limit", event.limit() == null ? null : event.limit().toPlainString());
        alert.put("action", lower(event.action()));
        return alert;
    }

    /** {@code dlv-} + a UUID derived from the event and the destination: the same pair always gets the same id. */
    public static String deliveryIdOf(String eventId, String destinationId) {
        return "dlv-" + UUID.nameUUIDFromBytes((eventId + '|' + destinationId).getBytes(StandardCharsets.UTF_8));
    }

    private void enqueue(String eventId, String workspaceId, String destinationId, String type, String alert,
                         Instant at) {
        OffsetDateTime now = OffsetDateTime.now();
        db.insertInto(ALERT_OUTBOX)
                .set(ALERT_OUTBOX.DELIVERY_ID, deliveryIdOf(eventId, destinationId))
                .set(ALERT_OUTBOX.WORKSPACE_ID, workspaceId)
                .set(ALERT_OUTBOX.DESTINATION_ID, destinationId)
                .set(ALERT_OUTBOX.EVENT_ID, eventId)
                .set(ALERT_OUTBOX.ALERT_TYPE, type)
                .set(ALERT_OUTBOX.ALERT, alert)
                .set(ALERT_OUTBOX.STATUS, STATUS_PENDING)
                .set(ALERT_OUTBOX.ATTEMPTS, 0)
                .set(ALERT_OUTBOX.NEXT_ATTEMPT_AT, now)
                .set(ALERT_OUTBOX.CREATED_AT, utc(at))
                .onConflictDoNothing()
                .execute();
    }

    private static String lower(Enum<?> value) {
        return value == null ? null : value.name().toLowerCase(Locale.ROOT);
    }

    private static String json(Map<String, Object> alert) {
        try {
            return JSON.writeValueAsString(alert);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot write the alert as JSON", e);
        }
    }
}
