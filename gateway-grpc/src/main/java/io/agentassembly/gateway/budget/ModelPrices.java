package io.agentassembly.gateway.budget;

import java.math.BigDecimal;
import java.util.Optional;

/**
 * Prices tokens with the model price table in force for a workspace: its own table when it has set one, else the
 * platform's default table ({@code model-prices.yaml}). Answered from memory (no database read per call, except
 * the first call for a workspace on a node, which loads its table).
 */
public interface ModelPrices {

    /**
     * The completion tokens an {@link #estimate} assumes when the caller does not know how many the call will use:
     * as many as the prompt has.
     */
    long DEFAULT_COMPLETION_ALLOWANCE_PER_PROMPT_TOKEN = 1;

    /** The cost of one call's tokens with the table in force now: PRICED, or UNPRICED (cost 0) for a model it lacks. */
    Priced price(String workspaceId, String model, long promptTokens, long completionTokens);

    /**
     * What a call is expected to cost before it runs, for a budget reservation: prompt tokens at the model's input
     * price plus the default completion allowance (as many tokens as the prompt) at its output price. Zero for a
     * model the table does not price.
     */
    default BigDecimal estimate(String workspaceId, String model, long promptTokens) {
        return estimate(workspaceId, model, promptTokens, promptTokens * DEFAULT_COMPLETION_ALLOWANCE_PER_PROMPT_TOKEN);
    }

    /** As {@link #estimate(String, String, long)} with an explicit completion allowance (e.g. the call's max tokens). */
    default BigDecimal estimate(String workspaceId, String model, long promptTokens, long completionTokens) {
        return price(workspaceId, model, promptTokens, completionTokens).costUsd();
    }

    /** The table in force for the workspace now (loaded if this node does not hold it yet). */
    PriceList current(String workspaceId);

    /**
     * The table in force if this node holds it, never waiting on the database: empty (and a load started in the
     * background) for a workspace the node has not loaded yet. For paths that must not block, such as CheckAction.
     */
    Optional<PriceList> ifLoaded(String workspaceId);
}
