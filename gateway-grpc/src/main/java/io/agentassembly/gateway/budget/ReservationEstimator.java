package io.agentassembly.gateway.budget;

import java.math.BigDecimal;

/**
 * What an LLM call is expected to cost before it is made, to reserve against the limits: the model's prompt
 * tokens at its input price plus the same number of completion tokens at its output price (docs/budgets.md).
 */
public interface ReservationEstimator {

    /** The estimate in USD, or null when the workspace's price table has no price for the model. */
    BigDecimal estimateUsd(String workspaceId, String model, long promptTokens, long completionTokens);
}
