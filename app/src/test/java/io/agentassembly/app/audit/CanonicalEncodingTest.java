package io.agentassembly.app.audit;

import io.agentassembly.audit.format.CanonicalJsonEncoder;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** The streaming encoder writes exactly the bytes of the tree-based reference (AuditChain.canonicalJson). */
class CanonicalEncodingTest {

    private final CanonicalJsonEncoder encoder = new CanonicalJsonEncoder();

    @Test
    void matchesTheTreeBasedEncodingOverVariedPayloads() {
        List<String> payloads = List.of(
                "{}", "[]", "null", "true", "false", "0", "-0", "-0.0", "0.000", "1.50", "1e2", "-1E-3", "12345678901234567890123",
                "-98765432109876543210.12345000", "1.0E+10", "3.14159", "[1,2.0,3.25e1,-4]",
                "{\"b\":1,\"a\":2}", "{\"a\":{\"d\":[{\"z\":1,\"y\":null}],\"c\":true},\"B\":false,\"_\":\"x\"}",
                "{\"k\":1,\"k\":2}", "{\"k\":{\"x\":1},\"a\":0,\"k\":[3]}",
                "{\"s\":\"quote \\\" backslash \\\\ slash \\/ tab \\t nl \\n cr \\r bs \\b ff \\f nul \\u0000 us \\u001f del \\u007f\"}",
                "{\"unicode\":\"é ü ß € 中文 😀 \\ud83d\\ude00 \\u2028\",\"é\":1,\"e\":2,\"😀\":3,\"\uffff\":4}",
                "{\"lone\":\"\\ud800 x \\udc00\"}",
                "  { \"spaced\" : [ 1 , { \"b\" : 2 , \"a\" : 1 } ] }  ",
                "{\"aa\":1,\"a\":2,\"ab\":3,\"b\":{\"y\":[],\"x\":{}}}");
        for (String payload : payloads) {
            assertSame(payload);
        }
    }

    @Test
    void matchesTheTreeBasedEncodingOverRandomDocuments() {
        Random random = new Random(20261207);
        for (int i = 0; i < 3_000; i++) {
            StringBuilder json = new StringBuilder();
            randomValue(random, json, 0);
            assertSame(json.toString());
        }
    }

    @Test
    void writesTheChainArrayAsTheReferenceDoes() {
        byte[] digest = new byte[32];
        for (int i = 0; i < 32; i++) {
            digest[i] = (byte) (i * 37);
        }
        String reference = "[\"v\",\"w\\\"é\",42,null,\"" + AuditChain.hex(digest) + "\"]";
        encoder.reset().raw('[').string("v").raw(',').string("w\"é").raw(',').number(42).raw(',').nullValue()
                .raw(',').hexString(digest).raw(']');
        assertThat(new String(encoder.toByteArray(), StandardCharsets.UTF_8)).isEqualTo(reference);
    }

    enum Kind { ALPHA, BETA }

    record Nested(String zeta, int alpha, List<Object> items) {
    }

    record Payload(String workspaceId, float ratio, double score, Double missing, java.math.BigDecimal amount,
                   java.math.BigInteger big, long count, int small, boolean flag, String text, java.time.Instant at,
                   Kind kind, java.util.Map<String, Object> labels, Nested nested, List<Float> ratios) {
    }

    @Test
    void aSerialisedValuesBufferedTokensEncodeAsItsJsonTextDoes() throws Exception {
        com.fasterxml.jackson.databind.ObjectMapper mapper = com.fasterxml.jackson.databind.json.JsonMapper.builder()
                .findAndAddModules()
                .propertyNamingStrategy(com.fasterxml.jackson.databind.PropertyNamingStrategies.SNAKE_CASE)
                .serializationInclusion(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
                .disable(com.fasterxml.jackson.databind.SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .build();
        java.util.Map<String, Object> labels = new java.util.LinkedHashMap<>();
        labels.put("z", 0.1f);
        labels.put("a", 1e-7);
        labels.put("m", List.of(1, -2L, 3.0, "x\u0001\"é😀"));
        for (Payload payload : List.of(
                new Payload("w", 0.1f, 0.1, null, new java.math.BigDecimal("1.500"), new java.math.BigInteger("123456789012345678901"),
                        Long.MIN_VALUE, -0, true, "tab\t quote\" slash\\ é 😀 \u2028", java.time.Instant.parse("2026-12-07T19:10:40.123456Z"),
                        Kind.BETA, labels, new Nested("z", 1, List.of(3.4028235e38f, 1.0e20, -0.0)), List.of(1.1f, 16777217f)),
                new Payload("", -0.0f, 1e300, 2.5, java.math.BigDecimal.ZERO, java.math.BigInteger.ZERO, 0, 0, false, "",
                        null, Kind.ALPHA, java.util.Map.of(), new Nested(null, 0, List.of()), List.of()))) {
            byte[] text = mapper.writeValueAsBytes(payload);
            com.fasterxml.jackson.databind.util.TokenBuffer tokens = new com.fasterxml.jackson.databind.util.TokenBuffer(mapper, false);
            mapper.writeValue(tokens, payload);
            byte[] buffered;
            try (com.fasterxml.jackson.core.JsonParser parser = tokens.asParser()) {
                buffered = encoder.reset().value(parser).toByteArray();
            }
            assertThat(new String(buffered, StandardCharsets.UTF_8))
                    .isEqualTo(new String(AuditChain.canonicalJson(new String(text, StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8));
        }
    }

    @Test
    void storedInstantsFormatAsParsedInstantsDo() {
        for (String stored : List.of("2026-12-07T19:10:40.123Z", "2026-12-07T19:10:40Z", "2026-12-07T19:10:40.1Z",
                "2026-12-07T19:10:40.123456789Z", "2026-02-29T23:59:59.999999Z".replace("2026", "2028"),
                "2026-12-31T00:00:00.000100Z", "2026-12-07T19:10:40.123+01:00", "0999-01-01T00:00:00Z",
                "+10000-01-01T00:00:00Z", "2026-01-30T10:00:00.5Z")) {
            assertThat(AuditChain.time(stored)).as(stored).isEqualTo(
                    AuditChain.time(java.time.OffsetDateTime.parse(stored).withOffsetSameInstant(java.time.ZoneOffset.UTC)));
        }
    }

    private void assertSame(String json) {
        byte[] expected = AuditChain.canonicalJson(json).getBytes(StandardCharsets.UTF_8);
        byte[] actual = encoder.encodeJson(json.getBytes(StandardCharsets.UTF_8)).toByteArray();
        assertThat(new String(actual, StandardCharsets.UTF_8)).as(json)
                .isEqualTo(new String(expected, StandardCharsets.UTF_8));
        assertThat(actual).as(json).isEqualTo(expected);
    }

    private static final String[] KEYS = {"a", "b", "A", "aa", "ab", "é", "z", "_", "", "key", "kéy", "😀", "\\u0001", "x y"};
    private static final String[] STRINGS = {"", "plain", "with \\\"quotes\\\"", "back\\\\slash", "ctl\\u0003\\n",
            "é€中😀", "\\ud83d\\ude00", "\\u00e9", "\\/", "🙂 mixed \\t tab"};
    private static final String[] NUMBERS = {"0", "-0", "7", "-12", "9223372036854775807", "92233720368547758080",
            "1.5", "1.50", "0.1", "-0.0", "1e3", "1E-2", "2.5e+2", "123.4500", "-0.000001", "1e-20"};

    private static void randomValue(Random random, StringBuilder json, int depth) {
        int kind = random.nextInt(depth > 3 ? 4 : 6);
        switch (kind) {
            case 0 -> json.append('"').append(STRINGS[random.nextInt(STRINGS.length)]).append('"');
            case 1 -> json.append(NUMBERS[random.nextInt(NUMBERS.length)]);
            case 2 -> json.append(random.nextBoolean() ? "true" : "false");
            case 3 -> json.append("null");
            case 4 -> {
                json.append('[');
                int size = random.nextInt(4);
                for (int i = 0; i < size; i++) {
                    json.append(i > 0 ? "," : "");
                    randomValue(random, json, depth + 1);
                }
                json.append(']');
            }
            default -> {
                json.append('{');
                int size = random.nextInt(6);
                for (int i = 0; i < size; i++) {
                    json.append(i > 0 ? "," : "").append('"').append(KEYS[random.nextInt(KEYS.length)]).append("\":");
                    randomValue(random, json, depth + 1);
                }
                json.append('}');
            }
        }
    }
}
