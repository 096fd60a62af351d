package io.agentassembly.command.api.budget;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.util.List;

/**
 * Commands of the PriceTable aggregate ({@link #priceTableId}: {@code prices-<workspace id>}, one per workspace):
 * the workspace's own model price table, which replaces the platform's default table while it is set. Every change
 * is a new version (1, 2, …), so a cost priced with a version never changes afterwards.
 */
public final class PriceCommands {
    private PriceCommands() {
    }

    public static final String PREFIX = "prices-";

    /** The price table aggregate of a workspace. */
    public static String priceTableId(String workspaceId) {
        return PREFIX + workspaceId;
    }

    /**
     * Replaces the workspace's table as a whole; answers the version in force after it (an identical table records
     * nothing and answers the current version).
     */
    public record ChangeModelPricesCommand(@TargetAggregateIdentifier String priceTableId, String workspaceId,
                                           List<ModelPrice> entries) {
    }

    /** Back to the platform's default table; answers the version in force after it (a no-op without an override). */
    public record ResetModelPricesCommand(@TargetAggregateIdentifier String priceTableId, String workspaceId) {
    }
}
