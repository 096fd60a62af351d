package io.agentassembly.projection;

import org.junit.jupiter.api.Test;

import static io.agentassembly.projection.NotificationOutboxProjection.KIND_EMAIL_VERIFICATION;
import static io.agentassembly.projection.NotificationOutboxProjection.KIND_INVITATION;
import static org.assertj.core.api.Assertions.assertThat;

class NotificationOutboxProjectionTest {

    @Test
    void derivesTheSameNotificationIdEachTimeTheSameEventIsHandled() {
        String eventId = "0b6c7f0e-2a43-4d7e-9d0c-4b1f1d3a9e21";

        assertThat(NotificationOutboxProjection.notificationIdOf(eventId, KIND_INVITATION))
                .isEqualTo(NotificationOutboxProjection.notificationIdOf(eventId, KIND_INVITATION))
                .hasSize(36);
    }

    @Test
    void derivesDistinctIdsForDistinctEventsAndKinds() {
        String id = NotificationOutboxProjection.notificationIdOf("event-1", KIND_INVITATION);

        assertThat(NotificationOutboxProjection.notificationIdOf("event-2", KIND_INVITATION)).isNotEqualTo(id);
        assertThat(NotificationOutboxProjection.notificationIdOf("event-1", KIND_EMAIL_VERIFICATION)).isNotEqualTo(id);
    }
}
