package io.agentassembly.projection;

import io.agentassembly.command.api.budget.BudgetEvents.BudgetChangedEvent;
import io.agentassembly.command.api.budget.BudgetEvents.BudgetCreatedEvent;
import io.agentassembly.command.api.budget.BudgetEvents.BudgetDeletedEvent;
import io.agentassembly.command.api.budget.BudgetEvents.BudgetWindowResetEvent;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.Timestamp;
import org.jooq.DSLContext;
import org.jooq.JSON;
import org.jooq.Record;
import org.jooq.impl.DSL;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.stream.Collectors;

import static io.agentassembly.projection.Timestamps.utc;
import static io.agentassembly.schema.jooq.Tables.BUDGET_VIEW;

/**
 * The {@code budget_view} read model: every live budget. Runs in the subscribing processing group
 * {@value #PROCESSING_GROUP}, in the command's transaction with errors propagated, so a budget is read (and
 * enforced) as committed with the command that changed it. A change of window or time zone, and a reset, set
 * {@code counted_from}: spend before it no longer counts in the window that contains it.
 */
@Component
@ProcessingGroup(BudgetProjection.PROCESSING_GROUP)
public class BudgetProjection {

    public static final String PROCESSING_GROUP = "budgets";

    private final DSLContext db;

    public BudgetProjection(DSLContext db) {
        this.db = db;
    }

    @EventHandler
    public void on(BudgetCreatedEvent event, @Timestamp Instant at) {
        OffsetDateTime ts = utc(at);
        Record row = db.newRecord(BUDGET_VIEW)
                .with(BUDGET_VIEW.BUDGET_ID, event.budgetId())
                .with(BUDGET_VIEW.WORKSPACE_ID, event.workspaceId())
                .with(BUDGET_VIEW.SCOPE, event.scope().code())
                .with(BUDGET_VIEW.ORG_ID, event.orgId())
                .with(BUDGET_VIEW.TEAM_ID, event.teamId())
                .with(BUDGET_VIEW.AGENT_KEY, event.agentKey())
                .with(BUDGET_VIEW.NAME, event.name())
                .with(BUDGET_VIEW.TOKEN_LIMIT, event.tokenLimit())
                .with(BUDGET_VIEW.COST_LIMIT_USD, event.costLimitUsd())
                .with(BUDGET_VIEW.WINDOW_KIND, event.window().code())
                .with(BUDGET_VIEW.TIMEZONE, event.timezone())
                .with(BUDGET_VIEW.ACTION, event.action().code())
                .with(BUDGET_VIEW.THRESHOLDS, thresholds(event.thresholds()))
                .with(BUDGET_VIEW.COUNTED_FROM, null)
                .with(BUDGET_VIEW.LAST_RESET_AT, null)
                .with(BUDGET_VIEW.LAST_RESET_REASON, null)
                .with(BUDGET_VIEW.CREATED_AT, ts)
                .with(BUDGET_VIEW.UPDATED_AT, ts);
        db.insertInto(BUDGET_VIEW).set(row).onConflict(BUDGET_VIEW.BUDGET_ID).doUpdate().set(row).execute();
    }

    @EventHandler
    public void on(BudgetChangedEvent event, @Timestamp Instant at) {
        OffsetDateTime ts = utc(at);
        String window = event.window().code();
        db.update(BUDGET_VIEW)
                .set(BUDGET_VIEW.COUNTED_FROM, DSL.when(BUDGET_VIEW.WINDOW_KIND.ne(window)
                                .or(BUDGET_VIEW.TIMEZONE.ne(event.timezone())), DSL.val(ts))
                        .otherwise(BUDGET_VIEW.COUNTED_FROM))
                .set(BUDGET_VIEW.NAME, event.name())
                .set(BUDGET_VIEW.TOKEN_LIMIT, event.tokenLimit())
                .set(BUDGET_VIEW.COST_LIMIT_USD, event.costLimitUsd())
                .set(BUDGET_VIEW.WINDOW_KIND, window)
                .set(BUDGET_VIEW.TIMEZONE, event.timezone())
                .set(BUDGET_VIEW.ACTION, event.action().code())
                .set(BUDGET_VIEW.THRESHOLDS, thresholds(event.thresholds()))
                .set(BUDGET_VIEW.UPDATED_AT, ts)
                .where(BUDGET_VIEW.BUDGET_ID.eq(event.budgetId()))
                .execute();
    }

    @EventHandler
    public void on(BudgetWindowResetEvent event, @Timestamp Instant at) {
        db.update(BUDGET_VIEW)
                .set(BUDGET_VIEW.COUNTED_FROM, utc(event.resetAt()))
                .set(BUDGET_VIEW.LAST_RESET_AT, utc(event.resetAt()))
                .set(BUDGET_VIEW.LAST_RESET_REASON, event.reason())
                .set(BUDGET_VIEW.UPDATED_AT, utc(at))
                .where(BUDGET_VIEW.BUDGET_ID.eq(event.budgetId()))
                .execute();
    }

    @EventHandler
    public void on(BudgetDeletedEvent event) {
        db.deleteFrom(BUDGET_VIEW).where(BUDGET_VIEW.BUDGET_ID.eq(event.budgetId())).execute();
    }

    @ResetHandler
    public void reset() {
        db.truncate(BUDGET_VIEW).execute();
    }

    /** A JSON array of the percentages, e.g. {@code [80,100]}. */
    private static JSON thresholds(List<Integer> thresholds) {
        return JSON.valueOf(thresholds.stream().map(String::valueOf).collect(Collectors.joining(",", "[", "]")));
    }
}
