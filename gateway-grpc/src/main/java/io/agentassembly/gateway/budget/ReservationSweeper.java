package io.agentassembly.gateway.budget;

import org.jooq.DSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Clock;
import java.time.OffsetDateTime;

/**
 * Releases reservations whose usage never came (the agent crashed, or reports no usage) once they expire, so a lost
 * report never blocks a team for longer than the reservation timeout. Safe with several app nodes: each expired
 * reservation is deleted, and released, by exactly one of them. A batch at a time, so one tenant's backlog is
 * bounded work per round.
 */
public class ReservationSweeper {

    private static final Logger log = LoggerFactory.getLogger(ReservationSweeper.class);

    private static final String RELEASE = """
            with expired as (
                delete from budget_reservation where decision_id in (
                    select decision_id from budget_reservation where expires_at <= ?::timestamptz
                    order by expires_at limit ? for update skip locked)
                returning workspace_id, amount_usd, amount_tokens, limit_keys, epoch_starts
            ),
            released as (
                select e.workspace_id, k.limit_key, k.epoch_start, sum(e.amount_usd) as usd,
                       sum(e.amount_tokens) as tokens
                from expired e, unnest(e.limit_keys, e.epoch_starts) as k(limit_key, epoch_start)
                group by e.workspace_id, k.limit_key, k.epoch_start
            ),
            locked as (
                select s.workspace_id from spend_counter s
                join released r on r.workspace_id = s.workspace_id and r.limit_key = s.limit_key
                               and r.epoch_start = s.epoch_start
                order by s.workspace_id, s.limit_key, s.epoch_start
                for update of s
            ),
            updated as (
                update spend_counter s
                set reserved_usd = greatest(0, s.reserved_usd - r.usd),
                    reserved_tokens = greatest(0, s.reserved_tokens - r.tokens)
                from released r
                where r.workspace_id = s.workspace_id and r.limit_key = s.limit_key and r.epoch_start = s.epoch_start
                  and exists (select 1 from locked)
                returning 1
            )
            select count(*) from expired
            """;

    private final DSLContext dsl;
    private final TransactionTemplate transactions;
    private final Clock clock;
    private final int batch;

    public ReservationSweeper(DSLContext dsl, TransactionTemplate transactions, Clock clock, int batch) {
        this.dsl = dsl;
        this.transactions = transactions;
        this.clock = clock;
        this.batch = batch;
    }

    /** Releases expired reservations, a batch per transaction, until none is left; answers how many. */
    public int releaseExpired() {
        int total = 0;
        while (true) {
            Integer released = transactions.execute(status ->
                    dsl.fetchSingle(RELEASE, OffsetDateTime.now(clock), batch).get(0, Integer.class));
            int count = released == null ? 0 : released;
            total += count;
            if (count < batch) {
                break;
            }
        }
        if (total > 0) {
            log.info("released {} expired budget reservations", total);
        }
        return total;
    }
}
