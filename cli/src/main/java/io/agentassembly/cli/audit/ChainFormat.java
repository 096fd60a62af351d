package io.agentassembly.cli.audit;

import io.agentassembly.audit.format.CanonicalJson;
import io.agentassembly.audit.format.CanonicalJsonEncoder;
import io.agentassembly.audit.format.Sha256;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;

/**
 * The audit chain's canonical encoding as docs/audit.md publishes it (canonical JSON from the audit-format module,
 * shared with the server): the payload digest and an entry's hash.
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
        return HEX.formatHex(out.digest(Sha256.perThread()));
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

    public static MessageDigest newSha256() {
        return Sha256.newDigest();
    }

    public static byte[] sha256(byte[] bytes) {
        return Sha256.of(bytes);
    }

    public static String canonical(JsonNode node) {
        return CanonicalJson.canonical(node);
    }
}
