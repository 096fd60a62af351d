package io.agentassembly.app.notification;

import org.jooq.DSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Duration;
import java.time.OffsetDateTime;

import static io.agentassembly.schema.jooq.Tables.NOTIFICATION_OUTBOX;

/**
 * Delivers pending outbox rows with retries and exponential back-off. Rows are claimed with
 * {@code FOR UPDATE SKIP LOCKED}, so several app nodes can share the outbox without sending twice.
 */
@Component
public class NotificationDispatcher {

    private static final Logger log = LoggerFactory.getLogger(NotificationDispatcher.class);
    static final int MAX_ATTEMPTS = 8;
    private static final int BATCH = 20;

    private final DSLContext db;
    private final TransactionTemplate transactions;
    private final NotificationRenderer renderer;
    private final MailDelivery mail;

    public NotificationDispatcher(DSLContext db, TransactionTemplate transactions, NotificationRenderer renderer,
                                  MailDelivery mail) {
        this.db = db;
        this.transactions = transactions;
        this.renderer = renderer;
        this.mail = mail;
    }

    @Scheduled(fixedDelayString = "${aasm.notifications.poll-interval-ms:500}")
    public void dispatchPending() {
        Integer delivered;
        do {
            delivered = transactions.execute(status -> dispatchBatch());
        } while (delivered != null && delivered == BATCH);
    }

    private int dispatchBatch() {
        var due = db.selectFrom(NOTIFICATION_OUTBOX)
                .where(NOTIFICATION_OUTBOX.STATUS.eq("PENDING")
                        .and(NOTIFICATION_OUTBOX.NEXT_ATTEMPT_AT.le(OffsetDateTime.now())))
                .orderBy(NOTIFICATION_OUTBOX.NEXT_ATTEMPT_AT)
                .limit(BATCH)
                .forUpdate().skipLocked()
                .fetch();
        for (var row : due) {
            int attempts = row.getAttempts() + 1;
            row.setAttempts(attempts);
            try {
                mail.deliver(renderer.render(row.getKind(), row.getWorkspaceId(), row.getReferenceId(), row.getRecipient()));
                row.setStatus("DELIVERED");
                row.setDeliveredAt(OffsetDateTime.now());
            } catch (RuntimeException e) {
                log.warn("notification {} attempt {} failed: {}", row.getNotificationId(), attempts, e.getMessage());
                row.setStatus(attempts >= MAX_ATTEMPTS ? "FAILED" : "PENDING");
                row.setNextAttemptAt(OffsetDateTime.now().plus(Duration.ofSeconds(1L << Math.min(attempts, 12))));
                row.setLastError(truncate(e.getMessage()));
            }
            row.store();
        }
        return due.size();
    }

    private static String truncate(String message) {
        return message == null ? null : message.length() > 1000 ? message.substring(0, 1000) : message;
    }
}
