package io.agentassembly.projection;

import io.agentassembly.command.api.workspace.WorkspaceEvents.EmailVerificationRequestedEvent;
import io.agentassembly.command.api.workspace.WorkspaceEvents.SignUpEmailInUseEvent;
import io.agentassembly.command.api.workspace.WorkspaceEvents.UserInvitedEvent;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.EventMessage;
import org.jooq.DSLContext;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.UUID;

import static io.agentassembly.projection.Timestamps.utc;
import static io.agentassembly.schema.jooq.Tables.NOTIFICATION_OUTBOX;

/**
 * Queues the notifications an event calls for, in the event's transaction (subscribing). Rows hold only
 * references; the sender renders links and tokens at delivery time.
 */
@Component
@ProcessingGroup(NotificationOutboxProjection.PROCESSING_GROUP)
public class NotificationOutboxProjection {

    public static final String PROCESSING_GROUP = "notification-outbox";

    public static final String KIND_EMAIL_VERIFICATION = "EMAIL_VERIFICATION";
    public static final String KIND_INVITATION = "INVITATION";
    public static final String KIND_SIGN_UP_EMAIL_IN_USE = "SIGN_UP_EMAIL_IN_USE";
    public static final String STATUS_PENDING = "PENDING";

    private final DSLContext db;
    private final long noticeIntervalSeconds;

    public NotificationOutboxProjection(DSLContext db,
                                        @Value("${aasm.signup.in-use-notice-interval:1h}") Duration noticeInterval) {
        this.db = db;
        this.noticeIntervalSeconds = Math.max(1, noticeInterval.toSeconds());
    }

    @EventHandler
    public void on(EmailVerificationRequestedEvent event, EventMessage<?> message) {
        enqueue(message, event.workspaceId(), KIND_EMAIL_VERIFICATION, event.email(), event.verificationId());
    }

    @EventHandler
    public void on(UserInvitedEvent event, EventMessage<?> message) {
        enqueue(message, event.workspaceId(), KIND_INVITATION, event.email(), event.invitationId());
    }

    /**
     * "Someone signed up with your address": at most one per address and {@code aasm.signup.in-use-notice-interval},
     * however many sign-ups try it, so the notice cannot be used to flood a mailbox.
     */
    @EventHandler
    public void on(SignUpEmailInUseEvent event, EventMessage<?> message) {
        long window = message.getTimestamp().getEpochSecond() / noticeIntervalSeconds;
        enqueue(notificationIdOf(event.email() + '@' + window, KIND_SIGN_UP_EMAIL_IN_USE), message,
                event.workspaceId(), KIND_SIGN_UP_EMAIL_IN_USE, event.email(), event.workspaceId());
    }

    /** Derived from the causing event, so handling an event twice queues one notification. */
    static String notificationIdOf(String eventId, String kind) {
        return UUID.nameUUIDFromBytes((kind + ':' + eventId).getBytes(StandardCharsets.UTF_8)).toString();
    }

    private void enqueue(EventMessage<?> message, String workspaceId, String kind, String recipient,
                         String referenceId) {
        enqueue(notificationIdOf(message.getIdentifier(), kind), message, workspaceId, kind, recipient, referenceId);
    }

    private void enqueue(String notificationId, EventMessage<?> message, String workspaceId, String kind,
                         String recipient, String referenceId) {
        OffsetDateTime at = utc(message.getTimestamp());
        db.insertInto(NOTIFICATION_OUTBOX)
                .set(NOTIFICATION_OUTBOX.NOTIFICATION_ID, notificationId)
                .set(NOTIFICATION_OUTBOX.WORKSPACE_ID, workspaceId)
                .set(NOTIFICATION_OUTBOX.KIND, kind)
                .set(NOTIFICATION_OUTBOX.RECIPIENT, recipient)
                .set(NOTIFICATION_OUTBOX.REFERENCE_ID, referenceId)
                .set(NOTIFICATION_OUTBOX.STATUS, STATUS_PENDING)
                .set(NOTIFICATION_OUTBOX.ATTEMPTS, 0)
                .set(NOTIFICATION_OUTBOX.NEXT_ATTEMPT_AT, at)
                .set(NOTIFICATION_OUTBOX.CREATED_AT, at)
                .onConflict(NOTIFICATION_OUTBOX.NOTIFICATION_ID).doNothing()
                .execute();
    }
}
