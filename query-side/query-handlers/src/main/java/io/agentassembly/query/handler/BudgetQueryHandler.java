package io.agentassembly.query.handler;

import io.agentassembly.command.api.budget.BudgetAction;
import io.agentassembly.command.api.budget.BudgetScope;
import io.agentassembly.command.api.budget.BudgetWindow;
import io.agentassembly.query.api.BudgetQueries.BudgetPage;
import io.agentassembly.query.api.BudgetQueries.BudgetPosition;
import io.agentassembly.query.api.BudgetQueries.BudgetView;
import io.agentassembly.query.api.BudgetQueries.FindBudgetQuery;
import io.agentassembly.query.api.BudgetQueries.ListBudgetsQuery;
import io.agentassembly.schema.jooq.tables.records.BudgetViewRecord;
import org.axonframework.queryhandling.QueryHandler;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;
import org.springframework.stereotype.Component;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import static io.agentassembly.query.api.BudgetQueries.MAX_PAGE_SIZE;
import static io.agentassembly.query.handler.Timestamps.instant;
import static io.agentassembly.query.handler.Timestamps.offset;
import static io.agentassembly.schema.jooq.Tables.BUDGET_VIEW;

/** Budgets. Every lookup matches the workspace as well as the id. */
@Component
public class BudgetQueryHandler {

    private final DSLContext db;

    public BudgetQueryHandler(DSLContext db) {
        this.db = db;
    }

    @QueryHandler
    public BudgetPage handle(ListBudgetsQuery query) {
        int perPage = Math.clamp(query.perPage(), 1, MAX_PAGE_SIZE);
        Condition filters = BUDGET_VIEW.WORKSPACE_ID.eq(query.workspaceId())
                .and(query.orgId() == null ? DSL.noCondition() : BUDGET_VIEW.ORG_ID.eq(query.orgId()))
                .and(query.teamId() == null ? DSL.noCondition() : BUDGET_VIEW.TEAM_ID.eq(query.teamId()))
                .and(query.agentKey() == null ? DSL.noCondition() : BUDGET_VIEW.AGENT_KEY.eq(query.agentKey()))
                .and(query.scope() == null ? DSL.noCondition() : BUDGET_VIEW.SCOPE.eq(query.scope().code()))
                .and(after(query.after()));
        List<BudgetView> fetched = db.selectFrom(BUDGET_VIEW)
                .where(filters)
                .orderBy(BUDGET_VIEW.CREATED_AT.desc(), BUDGET_VIEW.BUDGET_ID)
                .limit(perPage + 1)
                .fetch(BudgetQueryHandler::toView);
        if (fetched.size() <= perPage) {
            return new BudgetPage(List.copyOf(fetched), null);
        }
        List<BudgetView> entries = List.copyOf(fetched.subList(0, perPage));
        BudgetView last = entries.getLast();
        return new BudgetPage(entries, new BudgetPosition(last.createdAt(), last.budgetId()));
    }

    /** Everything after {@code position} in the order created_at descending, budget_id ascending. */
    private static Condition after(BudgetPosition position) {
        if (position == null) {
            return DSL.noCondition();
        }
        OffsetDateTime at = offset(position.createdAt());
        return BUDGET_VIEW.CREATED_AT.lt(at)
                .or(BUDGET_VIEW.CREATED_AT.eq(at).and(BUDGET_VIEW.BUDGET_ID.gt(position.budgetId())));
    }

    @QueryHandler
    public Optional<BudgetView> handle(FindBudgetQuery query) {
        return db.selectFrom(BUDGET_VIEW)
                .where(BUDGET_VIEW.WORKSPACE_ID.eq(query.workspaceId()), BUDGET_VIEW.BUDGET_ID.eq(query.budgetId()))
                .fetchOptional(BudgetQueryHandler::toView);
    }

    private static BudgetView toView(BudgetViewRecord r) {
        return new BudgetView(r.getBudgetId(), r.getName(), enumOf(BudgetScope.class, r.getScope()), r.getOrgId(),
                r.getTeamId(), r.getAgentKey(), r.getTokenLimit(), exact(r.getCostLimitUsd()),
                enumOf(BudgetWindow.class, r.getWindowKind()), r.getTimezone(),
                enumOf(BudgetAction.class, r.getAction()), thresholds(r.getThresholds().data()),
                instant(r.getCountedFrom()), instant(r.getLastResetAt()), r.getLastResetReason(),
                instant(r.getCreatedAt()), instant(r.getUpdatedAt()));
    }

    /** The amount without the column's trailing zeros: 12.500000 is 12.5, 100.000000 is 100. */
    private static BigDecimal exact(BigDecimal amount) {
        if (amount == null) {
            return null;
        }
        BigDecimal plain = amount.stripTrailingZeros();
        return plain.scale() < 0 ? plain.setScale(0) : plain;
    }

    private static <E extends Enum<E>> E enumOf(Class<E> type, String code) {
        return Enum.valueOf(type, code.toUpperCase(Locale.ROOT));
    }

    /** {@code [80, 100]} as PostgreSQL writes a JSON array of integers. */
    private static List<Integer> thresholds(String json) {
        String inner = json.trim();
        inner = inner.substring(1, inner.length() - 1).trim();
        return inner.isEmpty() ? List.of()
                : Arrays.stream(inner.split(",")).map(String::trim).map(Integer::valueOf).toList();
    }
}
