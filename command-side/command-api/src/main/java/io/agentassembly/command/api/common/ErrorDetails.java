package io.agentassembly.command.api.common;

/**
 * What a rejected command says: carried as the details of Axon's {@code CommandExecutionException}
 * so it survives distribution, and rendered by the edges. {@code field} names the offending input, if any.
 */
public record ErrorDetails(ErrorCode code, String field, String message) {
}
