package io.agentassembly.command.api.budget;

/**
 * Where the cost of a recorded LLM call comes from ({@code AgentUsageRecordedEvent.costSource}): the agent
 * reported it (label {@code cost_usd}); the gateway priced the tokens with the workspace's model price table; or
 * the table had no price for the model, and the cost is zero.
 */
public enum CostSource {
    REPORTED, PRICED, UNPRICED
}
