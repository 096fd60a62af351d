package io.agentassembly.app.rest;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;

import java.io.IOException;

/**
 * Whole numbers that must be sent as JSON integers: Jackson would otherwise cut {@code 10.5} to 10 without a word
 * (its {@code ACCEPT_FLOAT_AS_INT} default). A fraction, a string or a number out of range is refused, and the
 * refusal names the field (400 VALIDATION_FAILED).
 */
final class WholeNumbers {
    private WholeNumbers() {
    }

    static final class StrictLong extends JsonDeserializer<Long> {
        @Override
        public Long deserialize(JsonParser parser, DeserializationContext context) throws IOException {
            if (parser.currentToken() != JsonToken.VALUE_NUMBER_INT
                    || parser.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
                return (Long) context.handleUnexpectedToken(Long.class, parser.currentToken(), parser,
                        "expected a whole number (JSON integer) within 64 bits");
            }
            return parser.getLongValue();
        }
    }

    static final class StrictInteger extends JsonDeserializer<Integer> {
        @Override
        public Integer deserialize(JsonParser parser, DeserializationContext context) throws IOException {
            if (parser.currentToken() != JsonToken.VALUE_NUMBER_INT
                    || parser.getNumberType() != JsonParser.NumberType.INT) {
                return (Integer) context.handleUnexpectedToken(Integer.class, parser.currentToken(), parser,
                        "expected a whole number (JSON integer) within 32 bits");
            }
            return parser.getIntValue();
        }
    }
}
