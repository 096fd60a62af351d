package io.agentassembly.policy.engine;

/** Replace the value at {@code fieldPath} (JSONPath such as {@code $.args.api_key}) with {@code replacement}. */
public record Redaction(String fieldPath, String replacement) {
}
