package io.agentassembly.command.api.budget;

import java.math.BigDecimal;

/**
 * The price of one model: US dollars per million input (prompt) tokens and per million output (completion)
 * tokens, exact decimals with at most 6 places. {@code model} is lower-case.
 */
public record ModelPrice(String model, BigDecimal inputUsdPerMillion, BigDecimal outputUsdPerMillion) {
}
