package io.agentassembly.query.api;

import io.agentassembly.command.api.alert.AlertDestinationKind;

import java.time.Instant;
import java.util.List;

/** Alert destinations of a workspace and their delivery log. Never a URL or a secret: {@code target} is masked. */
public final class AlertQueries {
    private AlertQueries() {
    }

    public static final int MAX_PAGE_SIZE = 100;

    /** Answers {@code Optional<AlertDestinationView>}; empty for another workspace's or a deleted destination. */
    public record FindAlertDestinationQuery(String workspaceId, String destinationId) {
    }

    /** Answers {@code List<AlertDestinationView>}, oldest first; {@code orgId} narrows to that org's filter when given. */
    public record ListAlertDestinationsQuery(String workspaceId, String orgId) {
    }

    /** One page of a destination's deliveries, newest first (ties by id); answers {@link AlertDeliveryPage}. */
    public record ListAlertDeliveriesQuery(String workspaceId, String destinationId, AlertDeliveryPosition after,
                                           int perPage) {
    }

    public record AlertDeliveryPosition(Instant createdAt, String deliveryId) {
    }

    public record AlertDeliveryPage(List<AlertDeliveryView> entries, AlertDeliveryPosition next) {
    }

    /**
     * {@code orgId} null: alerts of every org. {@code target}: the URL's host and a masked tail (Slack), or scheme,
     * host and path without query (webhook). {@code secretRotatedAt}: when the signing secret last changed.
     */
    public record AlertDestinationView(String destinationId, String workspaceId, String orgId, String name,
                                       AlertDestinationKind kind, String target, boolean enabled,
                                       Instant createdAt, Instant updatedAt, Instant secretRotatedAt) {
    }

    /**
     * One alert to one destination: {@code status} PENDING (with {@code nextAttemptAt}), DELIVERED, FAILED (given
     * up) or CANCELLED; {@code alertId} the alert (threshold event or test) it carries; {@code attemptLog} every
     * attempt, oldest first.
     */
    public record AlertDeliveryView(String deliveryId, String destinationId, String alertType, String alertId,
                                    String status, int attempts, Instant nextAttemptAt, Integer lastStatusCode,
                                    String lastError, Instant createdAt, Instant deliveredAt,
                                    List<AlertDeliveryAttemptView> attemptLog) {
    }

    /** {@code outcome} DELIVERED, RETRY or FAILED; {@code statusCode} the receiver's answer, null when none came. */
    public record AlertDeliveryAttemptView(int attempt, Instant attemptedAt, int durationMs, Integer statusCode,
                                           String error, String outcome, Instant nextAttemptAt) {
    }
}
