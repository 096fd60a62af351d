package io.agentassembly.command.api.alert;

import io.agentassembly.command.api.common.OrgScopedEvent;
import org.axonframework.serialization.Revision;

/**
 * Events of the AlertDestination aggregate. {@code orgId} is the destination's org filter (null: every org of the
 * workspace). No event carries a URL's secret part or a signing secret: {@code target} is the displayable form
 * (host and masked tail).
 */
public final class AlertDestinationEvents {
    private AlertDestinationEvents() {
    }

    @Revision("1")
    public record AlertDestinationCreatedEvent(String workspaceId, String orgId, String destinationId, String name,
                                               AlertDestinationKind kind, String target,
                                               boolean enabled) implements OrgScopedEvent {
    }

    /** {@code urlChanged}: a new URL was set (its displayable form is {@code target}). */
    @Revision("1")
    public record AlertDestinationChangedEvent(String workspaceId, String orgId, String destinationId, String name,
                                               String target, boolean enabled,
                                               boolean urlChanged) implements OrgScopedEvent {
    }

    @Revision("1")
    public record AlertDestinationSecretRotatedEvent(String workspaceId, String orgId,
                                                     String destinationId) implements OrgScopedEvent {
    }

    @Revision("1")
    public record AlertDestinationDeletedEvent(String workspaceId, String orgId,
                                               String destinationId) implements OrgScopedEvent {
    }

    /** A console user asked for a test alert; the alert outbox queues one delivery for it. */
    @Revision("1")
    public record AlertTestRequestedEvent(String workspaceId, String orgId, String destinationId,
                                          String testId) implements OrgScopedEvent {
    }
}
