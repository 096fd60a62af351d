package io.agentassembly.projection;

import io.agentassembly.command.api.alert.AlertDestinationEvents.AlertDestinationChangedEvent;
import io.agentassembly.command.api.alert.AlertDestinationEvents.AlertDestinationCreatedEvent;
import io.agentassembly.command.api.alert.AlertDestinationEvents.AlertDestinationDeletedEvent;
import io.agentassembly.command.api.alert.AlertDestinationEvents.AlertDestinationSecretRotatedEvent;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.Timestamp;
import org.jooq.DSLContext;
import org.jooq.Record;
import org.springframework.stereotype.Component;

import java.time.Instant;

import static io.agentassembly.projection.Timestamps.utc;
import static io.agentassembly.schema.jooq.Tables.ALERT_DESTINATION_VIEW;
import static io.agentassembly.schema.jooq.Tables.ALERT_OUTBOX;

/**
 * The {@code alert_destination_view} read model, in the subscribing processing group {@value #PROCESSING_GROUP}
 * (the command's transaction, errors propagated): the console reads a destination as soon as its command
 * answers, and the alert outbox never queues for a deleted or disabled one. A deletion also cancels the
 * destination's pending deliveries.
 */
@Component
@ProcessingGroup(AlertDestinationProjection.PROCESSING_GROUP)
public class AlertDestinationProjection {

    public static final String PROCESSING_GROUP = "alert-destinations";

    private final DSLContext db;

    public AlertDestinationProjection(DSLContext db) {
        this.db = db;
    }

    @EventHandler
    public void on(AlertDestinationCreatedEvent event, @Timestamp Instant at) {
        Record row = db.newRecord(ALERT_DESTINATION_VIEW)
                .with(ALERT_DESTINATION_VIEW.DESTINATION_ID, event.destinationId())
                .with(ALERT_DESTINATION_VIEW.WORKSPACE_ID, event.workspaceId())
                .with(ALERT_DESTINATION_VIEW.ORG_ID, event.orgId())
                .with(ALERT_DESTINATION_VIEW.NAME, event.name())
                .with(ALERT_DESTINATION_VIEW.KIND, event.kind().name())
                .with(ALERT_DESTINATION_VIEW.TARGET, event.target())
                .with(ALERT_DESTINATION_VIEW.ENABLED, event.enabled())
                .with(ALERT_DESTINATION_VIEW.CREATED_AT, utc(at))
                .with(ALERT_DESTINATION_VIEW.UPDATED_AT, utc(at))
                .with(ALERT_DESTINATION_VIEW.SECRET_ROTATED_AT, null);
        db.insertInto(ALERT_DESTINATION_VIEW).set(row)
                .onConflict(ALERT_DESTINATION_VIEW.DESTINATION_ID).doUpdate().set(row).execute();
    }

    @EventHandler
    public void on(AlertDestinationChangedEvent event, @Timestamp Instant at) {
        var update = db.update(ALERT_DESTINATION_VIEW)
                .set(ALERT_DESTINATION_VIEW.NAME, event.name())
                .set(ALERT_DESTINATION_VIEW.ORG_ID, event.orgId())
                .set(ALERT_DESTINATION_VIEW.ENABLED, event.enabled())
                .set(ALERT_DESTINATION_VIEW.UPDATED_AT, utc(at));
        if (event.urlChanged() && event.target() != null) {
            update = update.set(ALERT_DESTINATION_VIEW.TARGET, event.target());
        }
        update.where(ALERT_DESTINATION_VIEW.DESTINATION_ID.eq(event.destinationId())).execute();
    }

    @EventHandler
    public void on(AlertDestinationSecretRotatedEvent event, @Timestamp Instant at) {
        db.update(ALERT_DESTINATION_VIEW)
                .set(ALERT_DESTINATION_VIEW.SECRET_ROTATED_AT, utc(at))
                .set(ALERT_DESTINATION_VIEW.UPDATED_AT, utc(at))
                .where(ALERT_DESTINATION_VIEW.DESTINATION_ID.eq(event.destinationId()))
                .execute();
    }

    @EventHandler
    public void on(AlertDestinationDeletedEvent event) {
        db.deleteFrom(ALERT_DESTINATION_VIEW)
                .where(ALERT_DESTINATION_VIEW.DESTINATION_ID.eq(event.destinationId()))
                .execute();
        db.update(ALERT_OUTBOX)
                .set(ALERT_OUTBOX.STATUS, AlertOutboxProjection.STATUS_CANCELLED)
                .set(ALERT_OUTBOX.LAST_ERROR, "the destination was deleted")
                .where(ALERT_OUTBOX.DESTINATION_ID.eq(event.destinationId())
                        .and(ALERT_OUTBOX.STATUS.eq(AlertOutboxProjection.STATUS_PENDING)))
                .execute();
    }
}
