package io.agentassembly.query.api;

import io.agentassembly.command.api.budget.ModelPrice;

import java.time.Instant;
import java.util.List;

/** A workspace's own model price table (the platform's default table is a file, not a read model). */
public final class PriceQueries {
    private PriceQueries() {
    }

    /** Answers {@code Optional<WorkspaceModelPrices>}: empty when the workspace never changed its table. */
    public record FindModelPricesQuery(String workspaceId) {
    }

    /**
     * {@code overridden} false: the workspace went back to the default table with its latest change ({@code entries}
     * empty); {@code version} counts every change, that one included. {@code changedBy} is the actor
     * ({@code USER:<id>}, {@code API_KEY:<id>}).
     */
    public record WorkspaceModelPrices(String workspaceId, int version, boolean overridden, List<ModelPrice> entries,
                                       Instant changedAt, String changedBy) {
    }
}
