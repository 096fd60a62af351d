package io.agentassembly.projection.deadletter;

import io.agentassembly.command.api.common.WorkspaceEvent;
import io.agentassembly.projection.AuditEventTypes;
import io.agentassembly.schema.jooq.tables.records.ProcessorDeadLetterRecord;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.Marker;
import org.slf4j.MarkerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;

import static io.agentassembly.schema.jooq.Tables.PROCESSOR_DEAD_LETTER;

/**
 * Events that tracking processors set aside instead of retrying them forever (docs/adr/0009): the row is written
 * in the processor's transaction, so it commits with the token that moves past the event; the alert (an ERROR
 * line starting with {@value #ALERT}) and the counter {@code aasm.processor.dead_letters} follow the commit.
 * <p>
 * Writes that may fail because of one event run in a savepoint ({@link #tryWrite}, {@link #writeOrSetAside},
 * {@link #handleOrSetAside}): PostgreSQL aborts a transaction at its first failed statement, and rolling back to
 * the savepoint is what lets the rest of the batch commit.
 */
@Component
public class DeadLetters {

    public static final String ALERT = "ALERT dead-lettered event";
    public static final String SET_ASIDE_COUNTER = "aasm.processor.dead_letters";
    public static final String OPEN_GAUGE = "aasm.processor.dead_letters.open";

    private static final Logger log = LoggerFactory.getLogger(DeadLetters.class);
    private static final Marker ALERT_MARKER = MarkerFactory.getMarker("ALERT");
    private static final int MAX_TEXT = 255;

    private final DSLContext db;
    private final TransactionTemplate savepoint;
    private final MeterRegistry meters;

    public DeadLetters(DSLContext db, PlatformTransactionManager transactions, ObjectProvider<MeterRegistry> meters) {
        this.db = db;
        this.savepoint = new TransactionTemplate(transactions);
        this.savepoint.setPropagationBehavior(TransactionDefinition.PROPAGATION_NESTED);
        this.meters = meters.getIfAvailable(SimpleMeterRegistry::new);
        Gauge.builder(OPEN_GAUGE, this, DeadLetters::openCount)
                .description("events set aside by tracking processors and neither handled by a retry nor dismissed")
                .register(this.meters);
    }

    /**
     * Records that {@code processingGroup} set {@code event} aside because of {@code failure}, in the current
     * transaction; alerts and counts once it commits. Setting an event aside again (a replay, a failed retry)
     * updates its row and reopens it.
     */
    public void setAside(String processingGroup, EventMessage<?> event, Throwable failure) {
        long globalSequence = globalSequenceOf(event);
        String eventType = printable(eventTypeOf(event));
        String workspaceId = printable(workspaceIdOf(event));
        String error = ProcessingFailure.describe(failure);
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        ProcessorDeadLetterRecord row = db.newRecord(PROCESSOR_DEAD_LETTER);
        row.setProcessingGroup(processingGroup);
        row.setGlobalSequence(globalSequence);
        row.setEventId(printable(event.getIdentifier()));
        row.setEventType(eventType);
        row.setWorkspaceId(workspaceId);
        row.setError(error);
        row.setSetAsideAt(now);
        db.insertInto(PROCESSOR_DEAD_LETTER).set(row)
                .onConflict(PROCESSOR_DEAD_LETTER.PROCESSING_GROUP, PROCESSOR_DEAD_LETTER.GLOBAL_SEQUENCE).doUpdate()
                .set(PROCESSOR_DEAD_LETTER.ERROR, error)
                .set(PROCESSOR_DEAD_LETTER.SET_ASIDE_AT, now)
                .setNull(PROCESSOR_DEAD_LETTER.DISMISSED_AT)
                .execute();
        Runnable alert = () -> {
            log.error(ALERT_MARKER, "{}: processing group {} set aside global sequence {} (event {}, type {}, "
                            + "workspace {}): {}. The processor goes on; see GET /api/v1/operator/dead-letters",
                    ALERT, processingGroup, globalSequence, row.getEventId(), eventType, workspaceId, error);
            Counter.builder(SET_ASIDE_COUNTER).description("events set aside by a tracking processor")
                    .tag("processing_group", processingGroup).register(meters).increment();
        };
        if (CurrentUnitOfWork.isStarted()) {
            CurrentUnitOfWork.get().afterCommit(unitOfWork -> alert.run());
        } else {
            alert.run();
        }
    }

    /**
     * Runs {@code write} in a savepoint: true when it succeeded, false when the event's data made it fail (rolled
     * back to the savepoint, the transaction goes on). Failures that are not the event's fault propagate.
     */
    public boolean tryWrite(Runnable write) {
        return attempt(() -> {
            write.run();
            return null;
        }) == null;
    }

    /** Runs {@code write} in a savepoint; when the event's data makes it fail, sets the event aside instead. */
    public void writeOrSetAside(String processingGroup, EventMessage<?> event, Runnable write) {
        Throwable failure = attempt(() -> {
            write.run();
            return null;
        });
        if (failure != null) {
            setAside(processingGroup, event, failure);
        }
    }

    /**
     * Runs a handler for one event in a savepoint; when it fails because of the event (its data or its handler),
     * rolls its writes back and sets the event aside. Failures that are not the event's fault propagate.
     */
    public void handleOrSetAside(String processingGroup, EventMessage<?> event, Callable<?> handling) {
        Throwable failure = attempt(handling);
        if (failure != null) {
            setAside(processingGroup, event, failure);
        }
    }

    public List<DeadLetterView> list(String processingGroup, boolean dismissed, int limit) {
        Condition condition = dismissed ? PROCESSOR_DEAD_LETTER.DISMISSED_AT.isNotNull()
                : PROCESSOR_DEAD_LETTER.DISMISSED_AT.isNull();
        if (processingGroup != null) {
            condition = condition.and(PROCESSOR_DEAD_LETTER.PROCESSING_GROUP.eq(processingGroup));
        }
        return db.selectFrom(PROCESSOR_DEAD_LETTER).where(condition)
                .orderBy(PROCESSOR_DEAD_LETTER.GLOBAL_SEQUENCE.desc(), PROCESSOR_DEAD_LETTER.PROCESSING_GROUP)
                .limit(limit).fetch(DeadLetters::view);
    }

    public Optional<DeadLetterView> find(String processingGroup, long globalSequence) {
        return db.selectFrom(PROCESSOR_DEAD_LETTER).where(key(processingGroup, globalSequence))
                .fetchOptional(DeadLetters::view);
    }

    /** Marks the dead letter dismissed (kept for the record); false if there is none. */
    public boolean dismiss(String processingGroup, long globalSequence) {
        return db.update(PROCESSOR_DEAD_LETTER)
                .set(PROCESSOR_DEAD_LETTER.DISMISSED_AT, OffsetDateTime.now(ZoneOffset.UTC))
                .where(key(processingGroup, globalSequence)).and(PROCESSOR_DEAD_LETTER.DISMISSED_AT.isNull())
                .execute() > 0 || find(processingGroup, globalSequence).isPresent();
    }

    /** Deletes the dead letter, in the current transaction (a retry that handles the event). */
    public void remove(String processingGroup, long globalSequence) {
        db.deleteFrom(PROCESSOR_DEAD_LETTER).where(key(processingGroup, globalSequence)).execute();
    }

    public int openCount() {
        return db.fetchCount(PROCESSOR_DEAD_LETTER, PROCESSOR_DEAD_LETTER.DISMISSED_AT.isNull());
    }

    /** The failure if {@code work} failed because of the event (rolled back to its savepoint), else null. */
    private Throwable attempt(Callable<?> work) {
        try {
            savepoint.executeWithoutResult(status -> {
                try {
                    work.call();
                } catch (RuntimeException e) {
                    throw e;
                } catch (Exception e) {
                    throw new CheckedFailure(e);
                }
            });
            return null;
        } catch (RuntimeException e) {
            Throwable failure = e instanceof CheckedFailure checked ? checked.getCause() : e;
            if (ProcessingFailure.of(failure) == ProcessingFailure.INFRASTRUCTURE) {
                throw e;
            }
            return failure;
        }
    }

    private static Condition key(String processingGroup, long globalSequence) {
        return PROCESSOR_DEAD_LETTER.PROCESSING_GROUP.eq(processingGroup)
                .and(PROCESSOR_DEAD_LETTER.GLOBAL_SEQUENCE.eq(globalSequence));
    }

    private static DeadLetterView view(ProcessorDeadLetterRecord row) {
        return new DeadLetterView(row.getProcessingGroup(), row.getGlobalSequence(), row.getEventId(),
                row.getEventType(), row.getWorkspaceId(), row.getError(), row.getSetAsideAt().toInstant(),
                row.getDismissedAt() == null ? DeadLetterView.OPEN : DeadLetterView.DISMISSED,
                row.getDismissedAt() == null ? null : row.getDismissedAt().toInstant());
    }

    static long globalSequenceOf(EventMessage<?> event) {
        TrackingToken token = event instanceof TrackedEventMessage<?> tracked ? tracked.trackingToken() : null;
        if (token == null || token.position().isEmpty()) {
            throw new IllegalStateException("only events read by a streaming processor can be set aside");
        }
        return token.position().getAsLong();
    }

    private static String eventTypeOf(EventMessage<?> event) {
        try {
            return AuditEventTypes.eventTypeOf(event.getPayloadType());
        } catch (RuntimeException unreadable) {
            return "unknown";
        }
    }

    /** The workspace, when the payload can be read at all. */
    private static String workspaceIdOf(EventMessage<?> event) {
        try {
            return event.getPayload() instanceof WorkspaceEvent workspaceEvent ? workspaceEvent.workspaceId() : null;
        } catch (RuntimeException unreadable) {
            return null;
        }
    }

    /** Identifiers taken from a poison event may themselves hold what PostgreSQL refuses (NUL) or be huge. */
    private static String printable(String value) {
        if (value == null) {
            return null;
        }
        StringBuilder text = new StringBuilder(Math.min(value.length(), MAX_TEXT));
        value.codePoints().limit(MAX_TEXT).forEach(c -> text.appendCodePoint(Character.isISOControl(c) ? '?' : c));
        return text.toString();
    }

    private static final class CheckedFailure extends RuntimeException {
        CheckedFailure(Exception cause) {
            super(cause);
        }
    }
}
