package io.agentassembly.gateway.budget;

import io.agentassembly.command.api.budget.CostSource;

import java.math.BigDecimal;

/**
 * The cost of a call and where it comes from. {@code priceVersion} names the table that priced it
 * ({@code default:<version>} or {@code workspace:<n>}); for UNPRICED the table that had no price for the model;
 * null for REPORTED costs.
 */
public record Priced(BigDecimal costUsd, CostSource source, String priceVersion) {

    public static Priced reported(BigDecimal costUsd) {
        return new Priced(costUsd, CostSource.REPORTED, null);
    }
}
