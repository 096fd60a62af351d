package io.agentassembly.app.audit;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The audit chain's canonical encoding, exactly as docs/audit.md specifies it for third-party verifiers:
 * <pre>
 * payload_digest = SHA-256(canonical_json(payload))
 * hash           = SHA-256(canonical_json(["aasm-audit-chain-v1", workspace_id, global_sequence, occurred_at,
 *                                          event_type, actor_type + ":" + actor_id, org_id, hex(payload_digest),
 *                                          hex(prev_hash)]))
 * </pre>
 * canonical_json: no insignificant white space; object members sorted by key (by UTF-16 code units, as Java's
 * {@link String#compareTo}); strings escape only {@code "}, {@code \} and the control characters below U+0020
 * (as {@code \}{@code u00XX}, lower-case hex); every number written as the shortest plain decimal of its value
 * (no exponent, no trailing fractional zeros, {@code -0} as {@code 0}); UTF-8. occurred_at is UTC with exactly six
 * fractional digits ({@code 2026-12-07T19:10:40.123456Z}); a missing actor_id is the empty string; a missing
 * org_id is JSON null; the first entry's prev_hash is 32 zero bytes.
 */
public final class AuditChain {

    public static final String VERSION = "aasm-audit-chain-v1";
    public static final byte[] GENESIS = new byte[32];
    private static final HexFormat HEX = HexFormat.of();
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS'Z'");
    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(DeserializationFeature.USE_BIG_INTEGER_FOR_INTS)
            .build();

    private AuditChain() {
    }

    /** One entry's chained fields. */
    public record Link(String workspaceId, long sequence, OffsetDateTime occurredAt, String eventType,
                       String actorType, String actorId, String orgId, byte[] payloadDigest) {
    }

    public static byte[] hash(Link link, byte[] prevHash) {
        StringBuilder out = new StringBuilder(256).append('[');
        string(out, VERSION).append(',');
        string(out, link.workspaceId()).append(',');
        out.append(link.sequence()).append(',');
        string(out, time(link.occurredAt())).append(',');
        string(out, link.eventType()).append(',');
        string(out, link.actorType() + ":" + (link.actorId() == null ? "" : link.actorId())).append(',');
        if (link.orgId() == null) {
            out.append("null");
        } else {
            string(out, link.orgId());
        }
        out.append(',');
        string(out, HEX.formatHex(link.payloadDigest())).append(',');
        string(out, HEX.formatHex(prevHash)).append(']');
        return sha256(out.toString().getBytes(StandardCharsets.UTF_8));
    }

    public static String time(OffsetDateTime time) {
        return TIME.format(time.withOffsetSameInstant(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS));
    }

    public static byte[] payloadDigest(String payloadJson) {
        return sha256(canonicalJson(payloadJson).getBytes(StandardCharsets.UTF_8));
    }

    public static byte[] payloadDigest(JsonNode payload) {
        return sha256(canonical(payload).getBytes(StandardCharsets.UTF_8));
    }

    public static String canonicalJson(String json) {
        try {
            return canonical(JSON.readTree(json));
        } catch (IOException e) {
            throw new IllegalArgumentException("not JSON: " + e.getMessage(), e);
        }
    }

    public static String canonical(JsonNode node) {
        StringBuilder out = new StringBuilder(256);
        write(out, node);
        return out.toString();
    }

    private static void write(StringBuilder out, JsonNode node) {
        switch (node.getNodeType()) {
            case OBJECT -> {
                List<Map.Entry<String, JsonNode>> fields = new ArrayList<>(node.size());
                for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                    fields.add(it.next());
                }
                fields.sort(Map.Entry.comparingByKey());
                out.append('{');
                for (int i = 0; i < fields.size(); i++) {
                    if (i > 0) {
                        out.append(',');
                    }
                    string(out, fields.get(i).getKey()).append(':');
                    write(out, fields.get(i).getValue());
                }
                out.append('}');
            }
            case ARRAY -> {
                out.append('[');
                for (int i = 0; i < node.size(); i++) {
                    if (i > 0) {
                        out.append(',');
                    }
                    write(out, node.get(i));
                }
                out.append(']');
            }
            case STRING -> string(out, node.textValue());
            case NUMBER -> out.append(number(node.decimalValue()));
            case BOOLEAN -> out.append(node.booleanValue());
            case NULL, MISSING -> out.append("null");
            default -> string(out, node.asText());
        }
    }

    static String number(BigDecimal value) {
        if (value.signum() == 0) {
            return "0";
        }
        return value.stripTrailingZeros().toPlainString();
    }

    private static StringBuilder string(StringBuilder out, String value) {
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
        return out.append('"');
    }

    private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    });

    public static byte[] sha256(byte[] bytes) {
        return SHA256.get().digest(bytes);
    }

    public static String hex(byte[] bytes) {
        return bytes == null ? null : HEX.formatHex(bytes);
    }

    public static ObjectMapper mapper() {
        return JSON;
    }
}
