package io.agentassembly.query.handler;

import io.agentassembly.command.api.budget.ModelPrice;
import io.agentassembly.query.api.PriceQueries.FindModelPricesQuery;
import io.agentassembly.query.api.PriceQueries.WorkspaceModelPrices;
import org.axonframework.queryhandling.QueryHandler;
import org.jooq.DSLContext;
import org.springframework.stereotype.Component;

import java.util.List;
import java.util.Optional;

import static io.agentassembly.query.handler.Timestamps.instant;
import static io.agentassembly.schema.jooq.Tables.MODEL_PRICE;
import static io.agentassembly.schema.jooq.Tables.MODEL_PRICE_TABLE;

/** Workspaces' own model price tables. */
@Component
public class PriceQueryHandler {

    private final DSLContext db;

    public PriceQueryHandler(DSLContext db) {
        this.db = db;
    }

    @QueryHandler
    public Optional<WorkspaceModelPrices> handle(FindModelPricesQuery query) {
        return db.selectFrom(MODEL_PRICE_TABLE).where(MODEL_PRICE_TABLE.WORKSPACE_ID.eq(query.workspaceId()))
                .fetchOptional()
                .map(table -> {
                    List<ModelPrice> entries = db.selectFrom(MODEL_PRICE)
                            .where(MODEL_PRICE.WORKSPACE_ID.eq(query.workspaceId()))
                            .orderBy(MODEL_PRICE.MODEL)
                            .fetch(row -> new ModelPrice(row.getModel(),
                                    row.getInputUsdPerMillion().stripTrailingZeros(),
                                    row.getOutputUsdPerMillion().stripTrailingZeros()));
                    return new WorkspaceModelPrices(table.getWorkspaceId(), table.getVersion(),
                            table.getOverridden(), entries, instant(table.getChangedAt()), table.getChangedBy());
                });
    }
}
