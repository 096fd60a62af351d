package io.agentassembly.policy;

import com.fasterxml.jackson.core.JsonToken;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;

/** A document as read from YAML or JSON, every node with its 1-based position in the submitted file. */
sealed interface SourceNode {

    int line();

    int column();

    /** What a message calls this node: "a mapping", "a list", "the string 'x'", … */
    String describe();

    record Mapping(int line, int column, LinkedHashMap<String, Entry> entries) implements SourceNode {
        @Override
        public String describe() {
            return "a mapping";
        }
    }

    /** A mapping entry: where the key is, and its value. */
    record Entry(int line, int column, SourceNode value) {
    }

    record Sequence(int line, int column, List<SourceNode> elements) implements SourceNode {
        @Override
        public String describe() {
            return "a list";
        }
    }

    /** {@code number} is set for numeric tokens. */
    record Scalar(int line, int column, JsonToken token, String text, BigDecimal number) implements SourceNode {

        boolean isString() {
            return token == JsonToken.VALUE_STRING;
        }

        boolean isBoolean() {
            return token == JsonToken.VALUE_TRUE || token == JsonToken.VALUE_FALSE;
        }

        boolean isNull() {
            return token == JsonToken.VALUE_NULL;
        }

        @Override
        public String describe() {
            return switch (token) {
                case VALUE_STRING -> "the string '" + text + "'";
                case VALUE_NULL -> "an empty value";
                case VALUE_TRUE, VALUE_FALSE -> "the boolean " + text;
                default -> "the number " + text;
            };
        }
    }
}
