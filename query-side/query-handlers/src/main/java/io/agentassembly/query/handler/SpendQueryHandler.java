package io.agentassembly.query.handler;

import io.agentassembly.query.api.SpendQueries.Spend;
import io.agentassembly.query.api.SpendQueries.SpendDay;
import io.agentassembly.query.api.SpendQueries.SpendGrouping;
import io.agentassembly.query.api.SpendQueries.SpendSeriesQuery;
import io.agentassembly.query.api.SpendQueries.SpendTotal;
import io.agentassembly.query.api.SpendQueries.SpendTotalsQuery;
import org.axonframework.queryhandling.QueryHandler;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.SelectField;
import org.jooq.impl.DSL;
import org.springframework.stereotype.Component;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import static io.agentassembly.query.handler.Timestamps.offset;
import static io.agentassembly.schema.jooq.Tables.SPEND_HOURLY;

/** Spend per group and period, summed from {@code spend_hourly}; always within one workspace. */
@Component
public class SpendQueryHandler {

    private static final Field<BigDecimal> PROMPT = DSL.sum(SPEND_HOURLY.PROMPT_TOKENS).as("prompt");
    private static final Field<BigDecimal> COMPLETION = DSL.sum(SPEND_HOURLY.COMPLETION_TOKENS).as("completion");
    private static final Field<BigDecimal> COST = DSL.sum(SPEND_HOURLY.COST_USD).as("cost");
    private static final Field<BigDecimal> CALLS = DSL.sum(SPEND_HOURLY.CALLS).as("calls");
    private static final Field<BigDecimal> UNPRICED = DSL.sum(SPEND_HOURLY.UNPRICED_CALLS).as("unpriced");
    private static final Field<String> AGENT_ID = DSL.max(SPEND_HOURLY.AGENT_ID).as("agent_id");

    private final DSLContext db;

    public SpendQueryHandler(DSLContext db) {
        this.db = db;
    }

    @QueryHandler
    public List<SpendTotal> handle(SpendTotalsQuery query) {
        List<Field<?>> keys = keys(query.grouping());
        List<SelectField<?>> select = select(query.grouping(), keys);
        return db.select(select).from(SPEND_HOURLY)
                .where(scope(query.workspaceId(), query.orgId(), query.teamId(), query.agentKey()))
                .and(SPEND_HOURLY.HOUR_START.ge(offset(query.from())))
                .and(SPEND_HOURLY.HOUR_START.lt(offset(query.to())))
                .groupBy(keys).having(DSL.count().gt(0)).orderBy(keys)
                .fetch(row -> new SpendTotal(key(row, SPEND_HOURLY.ORG_ID, keys), key(row, SPEND_HOURLY.TEAM_ID, keys),
                        key(row, SPEND_HOURLY.AGENT_KEY, keys), agentId(row, query.grouping()), spend(row)));
    }

    @QueryHandler
    public List<SpendDay> handle(SpendSeriesQuery query) {
        List<Instant> boundaries = query.boundaries();
        if (boundaries.size() < 2) {
            return List.of();
        }
        Field<Integer> period = DSL.field("width_bucket({0}, cast({1} as timestamptz[]))", Integer.class,
                SPEND_HOURLY.HOUR_START, DSL.val(boundaries.stream().map(Instant::toString)
                        .collect(Collectors.joining(",", "{", "}")))).as("period");
        List<Field<?>> keys = keys(query.grouping());
        List<Field<?>> groupBy = new ArrayList<>(keys);
        groupBy.add(DSL.field(DSL.name("period")));
        List<SelectField<?>> select = select(query.grouping(), keys);
        select.add(period);
        return db.select(select).from(SPEND_HOURLY)
                .where(scope(query.workspaceId(), query.orgId(), query.teamId(), query.agentKey()))
                .and(SPEND_HOURLY.HOUR_START.ge(offset(boundaries.getFirst())))
                .and(SPEND_HOURLY.HOUR_START.lt(offset(boundaries.getLast())))
                .groupBy(groupBy).having(DSL.count().gt(0)).orderBy(groupBy)
                .fetch(row -> new SpendDay(key(row, SPEND_HOURLY.ORG_ID, keys), key(row, SPEND_HOURLY.TEAM_ID, keys),
                        key(row, SPEND_HOURLY.AGENT_KEY, keys), agentId(row, query.grouping()),
                        row.get(period) - 1, spend(row)));
    }

    private static Condition scope(String workspaceId, String orgId, String teamId, String agentKey) {
        Condition condition = SPEND_HOURLY.WORKSPACE_ID.eq(workspaceId);
        if (orgId != null) {
            condition = condition.and(SPEND_HOURLY.ORG_ID.eq(orgId));
        }
        if (teamId != null) {
            condition = condition.and(SPEND_HOURLY.TEAM_ID.eq(teamId));
        }
        if (agentKey != null) {
            condition = condition.and(SPEND_HOURLY.AGENT_KEY.eq(agentKey));
        }
        return condition;
    }

    private static List<Field<?>> keys(SpendGrouping grouping) {
        return switch (grouping) {
            case WORKSPACE -> List.of();
            case ORG -> List.of(SPEND_HOURLY.ORG_ID);
            case TEAM -> List.of(SPEND_HOURLY.ORG_ID, SPEND_HOURLY.TEAM_ID);
            case AGENT -> List.of(SPEND_HOURLY.ORG_ID, SPEND_HOURLY.TEAM_ID, SPEND_HOURLY.AGENT_KEY);
        };
    }

    private static List<SelectField<?>> select(SpendGrouping grouping, List<Field<?>> keys) {
        List<SelectField<?>> select = new ArrayList<>(keys);
        if (grouping == SpendGrouping.AGENT) {
            select.add(AGENT_ID);
        }
        select.addAll(List.of(PROMPT, COMPLETION, COST, CALLS, UNPRICED));
        return select;
    }

    private static String key(Record row, Field<String> field, List<Field<?>> keys) {
        return keys.contains(field) ? row.get(field) : null;
    }

    private static String agentId(Record row, SpendGrouping grouping) {
        return grouping == SpendGrouping.AGENT ? row.get(AGENT_ID) : null;
    }

    private static Spend spend(Record row) {
        return new Spend(longOf(row.get(PROMPT)), longOf(row.get(COMPLETION)), costOf(row.get(COST)),
                longOf(row.get(CALLS)), longOf(row.get(UNPRICED)));
    }

    private static long longOf(BigDecimal value) {
        return value == null ? 0 : value.longValueExact();
    }

    private static BigDecimal costOf(BigDecimal value) {
        if (value == null || value.signum() == 0) {
            return BigDecimal.ZERO;
        }
        BigDecimal plain = value.stripTrailingZeros();
        return plain.scale() < 0 ? plain.setScale(0) : plain;
    }
}
