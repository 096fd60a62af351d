package io.agentassembly.app.audit;

import io.agentassembly.audit.format.CanonicalJson;
import io.agentassembly.audit.format.CanonicalJsonEncoder;
import io.agentassembly.audit.format.Sha256;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.math.BigDecimal;
import java.sql.SQLException;
import java.sql.ResultSet;
import java.sql.PreparedStatement;
import java.sql.Connection;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;

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
        CanonicalJsonEncoder out = ENCODER.get().reset().raw('[');
        out.string(VERSION).raw(',');
        out.string(link.workspaceId()).raw(',');
        out.number(link.sequence()).raw(',');
        out.string(time(link.occurredAt())).raw(',');
        out.string(link.eventType()).raw(',');
        out.string(link.actorType() + ":" + (link.actorId() == null ? "" : link.actorId())).raw(',');
        if (link.orgId() == null) {
            out.nullValue();
        } else {
            out.string(link.orgId());
        }
        out.raw(',').hexString(link.payloadDigest()).raw(',').hexString(prevHash).raw(']');
        return out.digest(Sha256.perThread());
    }

    public static String time(OffsetDateTime time) {
        LocalDateTime utc = time.withOffsetSameInstant(ZoneOffset.UTC).toLocalDateTime();
        int year = utc.getYear();
        if (year < 1000 || year > 9999) {
            return TIME.format(utc.truncatedTo(ChronoUnit.MICROS));
        }
        char[] text = new char[27];
        digits(text, 0, year, 4);
        text[4] = '-';
        digits(text, 5, utc.getMonthValue(), 2);
        text[7] = '-';
        digits(text, 8, utc.getDayOfMonth(), 2);
        text[10] = 'T';
        digits(text, 11, utc.getHour(), 2);
        text[13] = ':';
        digits(text, 14, utc.getMinute(), 2);
        text[16] = ':';
        digits(text, 17, utc.getSecond(), 2);
        text[19] = '.';
        digits(text, 20, utc.getNano() / 1000, 6);
        text[26] = 'Z';
        return new String(text);
    }

    /**
     * {@link #time} of an instant stored as ISO-8601 text in UTC ({@code 2026-12-07T19:10:40.123Z}, as the event
     * store writes it): the fraction cut or padded to six digits, without parsing; any other form is parsed.
     */
    public static String time(String isoInstant) {
        int length = isoInstant.length();
        boolean plain = length >= 20 && length <= 30 && isoInstant.charAt(length - 1) == 'Z'
                && isoInstant.charAt(4) == '-' && isoInstant.charAt(7) == '-' && isoInstant.charAt(10) == 'T'
                && isoInstant.charAt(13) == ':' && isoInstant.charAt(16) == ':'
                && digitsAt(isoInstant, 0, 4) && digitsAt(isoInstant, 5, 7) && digitsAt(isoInstant, 8, 10)
                && digitsAt(isoInstant, 11, 13) && digitsAt(isoInstant, 14, 16) && digitsAt(isoInstant, 17, 19)
                && isoInstant.charAt(0) != '0' && between(isoInstant, 5, 1, 12) && between(isoInstant, 8, 1, 28)
                && between(isoInstant, 11, 0, 23) && between(isoInstant, 14, 0, 59) && between(isoInstant, 17, 0, 59)
                && (length == 20 || isoInstant.charAt(19) == '.' && length > 21 && digitsAt(isoInstant, 20, length - 1));
        if (!plain) {
            return time(Instant.parse(isoInstant).atOffset(ZoneOffset.UTC));
        }
        char[] text = new char[27];
        isoInstant.getChars(0, 19, text, 0);
        text[19] = '.';
        int fraction = length == 20 ? 0 : length - 21;
        for (int i = 0; i < 6; i++) {
            text[20 + i] = i < fraction ? isoInstant.charAt(20 + i) : '0';
        }
        text[26] = 'Z';
        return new String(text);
    }

    private static boolean between(String text, int at, int min, int max) {
        int value = (text.charAt(at) - '0') * 10 + text.charAt(at + 1) - '0';
        return value >= min && value <= max;
    }

    private static boolean digitsAt(String text, int from, int to) {
        for (int i = from; i < to; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    private static void digits(char[] text, int at, int value, int width) {
        for (int i = at + width - 1; i >= at; i--) {
            text[i] = (char) ('0' + value % 10);
            value /= 10;
        }
    }

    public static byte[] payloadDigest(String payloadJson) {
        return payloadDigest(payloadJson.getBytes(StandardCharsets.UTF_8));
    }

    /** SHA-256 of the canonical form of the UTF-8 JSON text {@code payloadJson}, streamed (no tree). */
    public static byte[] payloadDigest(byte[] payloadJson) {
        return ENCODER.get().encodeJson(payloadJson).digest(Sha256.perThread());
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
        return CanonicalJson.canonical(node);
    }

    static String number(BigDecimal value) {
        return CanonicalJsonEncoder.number(value);
    }

    /** A workspace's chain head: the last linked sequence (-1 before the first) and its hash (genesis before). */
    public record Head(long sequence, byte[] hash) {
    }

    static Head head(Connection connection, String workspace) throws SQLException {
        try (PreparedStatement head = connection.prepareStatement(
                "select last_sequence, last_hash from audit_chain_head where workspace_id = ?")) {
            head.setString(1, workspace);
            try (ResultSet row = head.executeQuery()) {
                return row.next() ? new Head(row.getLong(1), row.getBytes(2)) : new Head(-1, GENESIS);
            }
        }
    }

    private static final ThreadLocal<CanonicalJsonEncoder> ENCODER = ThreadLocal.withInitial(CanonicalJsonEncoder::new);

    public static byte[] sha256(byte[] bytes) {
        return Sha256.of(bytes);
    }

    public static String hex(byte[] bytes) {
        return bytes == null ? null : HEX.formatHex(bytes);
    }

    public static byte[] unhex(String hex) {
        return hex == null ? null : HEX.parseHex(hex);
    }

    public static ObjectMapper mapper() {
        return JSON;
    }
}
