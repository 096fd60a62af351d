package io.agentassembly.identity.limit;

import io.micrometer.core.instrument.MeterRegistry;
import org.jooq.DSLContext;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Clock;

/** Makes limiters: shared through PostgreSQL, or held in this node's bounded memory. */
public class Limits {

    private final DSLContext db;
    private final TransactionTemplate transactions;
    private final MeterRegistry meters;
    private final Clock clock = Clock.systemUTC();

    public Limits(DSLContext db, TransactionTemplate transactions, MeterRegistry meters) {
        this.db = db;
        this.transactions = transactions;
        this.meters = meters;
    }

    public Limiter shared(String name, LimitSettings settings) {
        return new PostgresLimiter(name, settings, db, transactions, clock, meters);
    }

    public MemoryLimiter inMemory(String name, LimitSettings settings, int maxSubjects) {
        return new MemoryLimiter(name, settings, maxSubjects, clock, meters);
    }

    /** Forgets the shared rows that no longer change any answer; returns how many. */
    public int purge() {
        return PostgresLimiter.purge(db, clock.instant());
    }
}
