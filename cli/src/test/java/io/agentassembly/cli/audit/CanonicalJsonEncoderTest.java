package io.agentassembly.cli.audit;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** The streaming encoder writes exactly the bytes of the tree-based reference (ChainFormat.canonical of the parsed tree). */
class CanonicalJsonEncoderTest {

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
        String reference = "[\"v\",\"w\\\"é\",42,null,\"" + java.util.HexFormat.of().formatHex(digest) + "\"]";
        encoder.reset().raw('[').string("v").raw(',').string("w\"é").raw(',').number(42).raw(',').nullValue()
                .raw(',').hexString(digest).raw(']');
        assertThat(new String(encoder.toByteArray(), StandardCharsets.UTF_8)).isEqualTo(reference);
    }

    private void assertSame(String json) {
        byte[] expected = canonicalOfTree(json);
        byte[] actual = encoder.encodeJson(json.getBytes(StandardCharsets.UTF_8)).toByteArray();
        assertThat(new String(actual, StandardCharsets.UTF_8)).as(json)
                .isEqualTo(new String(expected, StandardCharsets.UTF_8));
        assertThat(actual).as(json).isEqualTo(expected);
    }

    private static byte[] canonicalOfTree(String json) {
        try {
            return ChainFormat.canonical(ChainFormat.JSON.readTree(json)).getBytes(StandardCharsets.UTF_8);
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException(e);
        }
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
