package io.agentassembly.query.handler;

import io.agentassembly.command.api.alert.AlertDestinationKind;
import io.agentassembly.query.api.AlertQueries.AlertDeliveryAttemptView;
import io.agentassembly.query.api.AlertQueries.AlertDeliveryPage;
import io.agentassembly.query.api.AlertQueries.AlertDeliveryPosition;
import io.agentassembly.query.api.AlertQueries.AlertDeliveryView;
import io.agentassembly.query.api.AlertQueries.AlertDestinationView;
import io.agentassembly.query.api.AlertQueries.FindAlertDestinationQuery;
import io.agentassembly.query.api.AlertQueries.ListAlertDeliveriesQuery;
import io.agentassembly.query.api.AlertQueries.ListAlertDestinationsQuery;
import io.agentassembly.schema.jooq.tables.records.AlertDeliveryAttemptRecord;
import io.agentassembly.schema.jooq.tables.records.AlertDestinationViewRecord;
import io.agentassembly.schema.jooq.tables.records.AlertOutboxRecord;
import org.axonframework.queryhandling.QueryHandler;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;
import org.springframework.stereotype.Component;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static io.agentassembly.query.api.AlertQueries.MAX_PAGE_SIZE;
import static io.agentassembly.query.handler.Timestamps.instant;
import static io.agentassembly.query.handler.Timestamps.offset;
import static io.agentassembly.schema.jooq.Tables.ALERT_DELIVERY_ATTEMPT;
import static io.agentassembly.schema.jooq.Tables.ALERT_DESTINATION_VIEW;
import static io.agentassembly.schema.jooq.Tables.ALERT_OUTBOX;

/** Alert destinations and deliveries. Every lookup matches the workspace as well as the id. */
@Component
public class AlertQueryHandler {

    private final DSLContext db;

    public AlertQueryHandler(DSLContext db) {
        this.db = db;
    }

    @QueryHandler
    public Optional<AlertDestinationView> handle(FindAlertDestinationQuery query) {
        return db.selectFrom(ALERT_DESTINATION_VIEW)
                .where(ALERT_DESTINATION_VIEW.WORKSPACE_ID.eq(query.workspaceId()),
                        ALERT_DESTINATION_VIEW.DESTINATION_ID.eq(query.destinationId()))
                .fetchOptional(AlertQueryHandler::toView);
    }

    @QueryHandler
    public List<AlertDestinationView> handle(ListAlertDestinationsQuery query) {
        Condition org = query.orgId() == null ? DSL.noCondition() : ALERT_DESTINATION_VIEW.ORG_ID.eq(query.orgId());
        return db.selectFrom(ALERT_DESTINATION_VIEW)
                .where(ALERT_DESTINATION_VIEW.WORKSPACE_ID.eq(query.workspaceId()).and(org))
                .orderBy(ALERT_DESTINATION_VIEW.CREATED_AT, ALERT_DESTINATION_VIEW.DESTINATION_ID)
                .fetch(AlertQueryHandler::toView);
    }

    @QueryHandler
    public AlertDeliveryPage handle(ListAlertDeliveriesQuery query) {
        int perPage = Math.clamp(query.perPage(), 1, MAX_PAGE_SIZE);
        List<AlertOutboxRecord> fetched = db.selectFrom(ALERT_OUTBOX)
                .where(ALERT_OUTBOX.WORKSPACE_ID.eq(query.workspaceId())
                        .and(ALERT_OUTBOX.DESTINATION_ID.eq(query.destinationId()))
                        .and(after(query.after())))
                .orderBy(ALERT_OUTBOX.CREATED_AT.desc(), ALERT_OUTBOX.DELIVERY_ID)
                .limit(perPage + 1)
                .fetch();
        List<AlertOutboxRecord> page = fetched.size() <= perPage ? fetched : fetched.subList(0, perPage);
        Map<String, List<AlertDeliveryAttemptRecord>> attempts = new java.util.HashMap<>();
        if (!page.isEmpty()) {
            db.selectFrom(ALERT_DELIVERY_ATTEMPT)
                .where(ALERT_DELIVERY_ATTEMPT.WORKSPACE_ID.eq(query.workspaceId())
                        .and(ALERT_DELIVERY_ATTEMPT.DELIVERY_ID.in(page.stream().map(AlertOutboxRecord::getDeliveryId).toList())))
                .orderBy(ALERT_DELIVERY_ATTEMPT.ATTEMPT)
                .fetch()
                .forEach(a -> attempts.computeIfAbsent(a.getDeliveryId(), k -> new java.util.ArrayList<>()).add(a));
        }
        List<AlertDeliveryView> entries = page.stream()
                .map(row -> toView(row, attempts.getOrDefault(row.getDeliveryId(), List.of())))
                .toList();
        if (fetched.size() <= perPage) {
            return new AlertDeliveryPage(entries, null);
        }
        AlertDeliveryView last = entries.getLast();
        return new AlertDeliveryPage(entries, new AlertDeliveryPosition(last.createdAt(), last.deliveryId()));
    }

    private static Condition after(AlertDeliveryPosition position) {
        if (position == null) {
            return DSL.noCondition();
        }
        OffsetDateTime at = offset(position.createdAt());
        return ALERT_OUTBOX.CREATED_AT.lt(at)
                .or(ALERT_OUTBOX.CREATED_AT.eq(at).and(ALERT_OUTBOX.DELIVERY_ID.gt(position.deliveryId())));
    }

    private static AlertDestinationView toView(AlertDestinationViewRecord row) {
        return new AlertDestinationView(row.getDestinationId(), row.getWorkspaceId(), row.getOrgId(), row.getName(),
                AlertDestinationKind.valueOf(row.getKind()), row.getTarget(), row.getEnabled(),
                instant(row.getCreatedAt()), instant(row.getUpdatedAt()), instant(row.getSecretRotatedAt()));
    }

    private static AlertDeliveryView toView(AlertOutboxRecord row, List<AlertDeliveryAttemptRecord> attempts) {
        boolean pending = "PENDING".equals(row.getStatus());
        return new AlertDeliveryView(row.getDeliveryId(), row.getDestinationId(), row.getAlertType(), row.getEventId(),
                row.getStatus(), row.getAttempts(), pending ? instant(row.getNextAttemptAt()) : null,
                row.getLastStatusCode(), row.getLastError(), instant(row.getCreatedAt()), instant(row.getDeliveredAt()),
                attempts.stream().map(a -> new AlertDeliveryAttemptView(a.getAttempt(), instant(a.getAttemptedAt()),
                        a.getDurationMs(), a.getStatusCode(), a.getError(), a.getOutcome(),
                        instant(a.getNextAttemptAt()))).toList());
    }
}
