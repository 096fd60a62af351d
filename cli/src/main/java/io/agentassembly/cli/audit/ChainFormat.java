package io.agentassembly.cli.audit;

import io.agentassembly.audit.format.CanonicalJsonEncoder;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The audit chain's canonical encoding as docs/audit.md publishes it, written from that text alone (the server's
 * copy is not a dependency of the CLI): canonical JSON, the payload digest and an entry's hash.
 */
public final class ChainFormat {

    public static final String CHAIN_VERSION = "aasm-audit-chain-v1";
    public static final String GENESIS_HEX = "0".repeat(64);
    public static final ObjectMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(DeserializationFeature.USE_BIG_INTEGER_FOR_INTS)
            .build();
    private static final HexFormat HEX = HexFormat.of();

    private ChainFormat() {
    }

    /** hash = SHA-256(canonical_json([version, workspace, sequence, occurred_at, type, actor, org, digest, prev])). */
    public static String entryHash(String workspaceId, long sequence, String occurredAt, String eventType,
                                   String actorType, String actorId, String orgId, String payloadDigestHex,
                                   String prevHashHex) {
        CanonicalJsonEncoder out = ENCODER.get().reset().raw('[');
        out.string(CHAIN_VERSION).raw(',');
        stringOrNull(out, workspaceId).raw(',');
        out.number(sequence).raw(',');
        stringOrNull(out, occurredAt).raw(',');
        stringOrNull(out, eventType).raw(',');
        out.string(actorType + ":" + (actorId == null ? "" : actorId)).raw(',');
        stringOrNull(out, orgId).raw(',');
        stringOrNull(out, payloadDigestHex).raw(',');
        stringOrNull(out, prevHashHex).raw(']');
        return HEX.formatHex(out.digest(SHA256.get()));
    }

    private static CanonicalJsonEncoder stringOrNull(CanonicalJsonEncoder out, String value) {
        return value == null ? out.nullValue() : out.string(value);
    }

    public static String payloadDigest(JsonNode payload) {
        return sha256Hex(canonical(payload));
    }

    public static String sha256Hex(String text) {
        return HEX.formatHex(sha256(text.getBytes(StandardCharsets.UTF_8)));
    }

    private static final ThreadLocal<CanonicalJsonEncoder> ENCODER = ThreadLocal.withInitial(CanonicalJsonEncoder::new);
    private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(ChainFormat::newSha256);

    public static MessageDigest newSha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public static byte[] sha256(byte[] bytes) {
        return SHA256.get().digest(bytes);
    }

    public static String canonical(JsonNode node) {
        StringBuilder out = new StringBuilder(256);
        write(out, node);
        return out.toString();
    }

    private static void write(StringBuilder out, JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            out.append("null");
        } else if (node.isObject()) {
            List<Map.Entry<String, JsonNode>> fields = new ArrayList<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                fields.add(it.next());
            }
            fields.sort(Map.Entry.comparingByKey());
            out.append('{');
            String separator = "";
            for (Map.Entry<String, JsonNode> field : fields) {
                out.append(separator);
                string(out, field.getKey());
                out.append(':');
                write(out, field.getValue());
                separator = ",";
            }
            out.append('}');
        } else if (node.isArray()) {
            out.append('[');
            for (int i = 0; i < node.size(); i++) {
                out.append(i == 0 ? "" : ",");
                write(out, node.get(i));
            }
            out.append(']');
        } else if (node.isNumber()) {
            BigDecimal value = node.decimalValue();
            out.append(CanonicalJsonEncoder.number(value));
        } else if (node.isBoolean()) {
            out.append(node.booleanValue());
        } else {
            string(out, node.asText());
        }
    }

    private static void string(StringBuilder out, String value) {
        out.append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c < 0x20) {
                out.append("\\u00").append(Character.forDigit(c >> 4, 16)).append(Character.forDigit(c & 15, 16));
            } else {
                out.append(c);
            }
        }
        out.append('"');
    }
}
