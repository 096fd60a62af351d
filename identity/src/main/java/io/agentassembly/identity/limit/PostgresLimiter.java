package io.agentassembly.identity.limit;

import io.agentassembly.identity.token.SecretTokens;
import io.agentassembly.schema.jooq.tables.records.RequestLimitRecord;
import io.micrometer.core.instrument.MeterRegistry;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.function.BiFunction;

import static io.agentassembly.schema.jooq.Tables.REQUEST_LIMIT;

/**
 * A limit shared by every app node: one {@code request_limit} row per subject, changed under its row lock in
 * a transaction of its own. Subjects are stored as their SHA-256 only. Times come from the node's clock.
 */
public class PostgresLimiter extends Limiter {

    private final DSLContext db;
    private final TransactionTemplate transactions;

    public PostgresLimiter(String name, LimitSettings settings, DSLContext db, TransactionTemplate transactions,
                           Clock clock, MeterRegistry meters) {
        super(name, settings, clock, meters);
        this.db = db;
        this.transactions = new TransactionTemplate(transactions.getTransactionManager());
        this.transactions.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
    }

    /** One statement, which writes only when the subject is locked (to count the refusal). */
    @Override
    protected LimitOutcome refusalOf(String subject) {
        RequestLimitRecord locked = db.update(REQUEST_LIMIT)
                .set(REQUEST_LIMIT.REFUSALS, REQUEST_LIMIT.REFUSALS.plus(1))
                .where(row(subject).and(REQUEST_LIMIT.LOCKED_UNTIL.gt(utc(now()))))
                .returning()
                .fetchOne();
        return locked == null ? LimitOutcome.ALLOWED
                : LimitOutcome.refused(locked.getLockedUntil().toInstant(), locked.getRefusals() == 1);
    }

    @Override
    public void reset(String subject) {
        db.deleteFrom(REQUEST_LIMIT).where(row(subject)).execute();
    }

    @Override
    protected LimitOutcome change(String subject, BiFunction<LimitState, Instant, LimitState.Step> step) {
        Instant now = now();
        return transactions.execute(status -> {
            RequestLimitRecord fresh = store(db.newRecord(REQUEST_LIMIT), LimitState.fresh(now));
            fresh.setLimitName(name());
            fresh.setSubjectSha256(digest(subject));
            db.insertInto(REQUEST_LIMIT).set(fresh).onConflictDoNothing().execute();
            RequestLimitRecord row = db.selectFrom(REQUEST_LIMIT).where(row(subject)).forUpdate().fetchSingle();
            LimitState.Step next = step.apply(stateOf(row), now);
            store(row, next.state()).update();
            return next.outcome();
        });
    }

    /** Deletes the rows of every limit that no longer change any answer; returns how many. */
    public static int purge(DSLContext db, Instant now) {
        return db.deleteFrom(REQUEST_LIMIT).where(REQUEST_LIMIT.FORGET_AT.lt(utc(now))).execute();
    }

    private RequestLimitRecord store(RequestLimitRecord row, LimitState state) {
        row.setWindowStartedAt(utc(state.windowStartedAt()));
        row.setEvents(state.events());
        row.setLockouts(state.lockouts());
        row.setLockedUntil(state.lockedUntil() == null ? null : utc(state.lockedUntil()));
        row.setRefusals(state.refusals());
        row.setForgetAt(utc(state.forgetAt(settings())));
        return row;
    }

    private static LimitState stateOf(RequestLimitRecord row) {
        return new LimitState(row.getWindowStartedAt().toInstant(), row.getEvents(), row.getLockouts(),
                row.getLockedUntil() == null ? null : row.getLockedUntil().toInstant(), row.getRefusals());
    }

    private Condition row(String subject) {
        return REQUEST_LIMIT.LIMIT_NAME.eq(name()).and(REQUEST_LIMIT.SUBJECT_SHA256.eq(digest(subject)));
    }

    private static String digest(String subject) {
        return SecretTokens.sha256Hex(subject);
    }

    private static OffsetDateTime utc(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }
}
