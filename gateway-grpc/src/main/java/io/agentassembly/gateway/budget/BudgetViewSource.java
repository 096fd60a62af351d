package io.agentassembly.gateway.budget;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.agentassembly.command.api.budget.BudgetAction;
import io.agentassembly.command.api.budget.BudgetScope;
import io.agentassembly.command.api.budget.BudgetWindow;
import org.jooq.DSLContext;
import org.jooq.Record;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The budgets of a workspace as the budget read model ({@code budget_view}) holds them. */
class BudgetViewSource implements BudgetBook.BudgetSource {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<List<Integer>> PERCENTAGES = new TypeReference<>() {
    };

    private final DSLContext dsl;

    BudgetViewSource(DSLContext dsl) {
        this.dsl = dsl;
    }

    @Override
    public List<BudgetDefinition> budgets(String workspaceId) {
        List<BudgetDefinition> budgets = new ArrayList<>();
        for (Record row : dsl.fetch("""
                select budget_id, name, scope, org_id, team_id, agent_key, token_limit, cost_limit_usd, window_kind,
                       timezone, action, thresholds::text, counted_from
                from budget_view where workspace_id = ? order by budget_id""", workspaceId)) {
            budgets.add(new BudgetDefinition(row.get(0, String.class), row.get(1, String.class),
                    BudgetScope.valueOf(upper(row.get(2, String.class))), row.get(3, String.class),
                    row.get(4, String.class), row.get(5, String.class), row.get(6, Long.class),
                    row.get(7, BigDecimal.class), BudgetWindow.valueOf(upper(row.get(8, String.class))),
                    row.get(9, String.class), BudgetAction.valueOf(upper(row.get(10, String.class))),
                    percentages(row.get(11, String.class)),
                    row.get(12) == null ? null : SpendSettlement.instant(row.get(12))));
        }
        return budgets;
    }

    private static List<Integer> percentages(String json) {
        try {
            return JSON.readValue(json, PERCENTAGES);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("budget_view.thresholds is not a list of percentages: " + json, e);
        }
    }

    private static String upper(String value) {
        return value.toUpperCase(Locale.ROOT);
    }
}
