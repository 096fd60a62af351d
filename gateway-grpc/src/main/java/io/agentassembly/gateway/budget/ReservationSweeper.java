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
            updated as (
                insert into spend_counter as s (workspace_id, limit_key, epoch_start, lane, reserved_usd,
                                                reserved_tokens)
                select r.workspace_id, r.limit_key, r.epoch_start, 0, -r.usd, -r.tokens from released r
                order by r.workspace_id, r.limit_key, r.epoch_start
                on conflict (workspace_id, limit_key, epoch_start, lane) do update
                    set reserved_usd = s.reserved_usd + excluded.reserved_usd,
                        reserved_tokens = s.reserved_tokens + excluded.reserved_tokens
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
