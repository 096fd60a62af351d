package io.agentassembly.cli.audit;

import io.agentassembly.audit.format.CanonicalJsonEncoder;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.security.MessageDigest;
import java.util.HexFormat;

/**
 * The fields of one exported entry that verification reads, with the SHA-256 of its payload's canonical JSON
 * (hex; null when the payload is redacted). Values are read as {@link JsonNode#asText()}, {@code asLong()} and
 * {@code asBoolean(false)} read them, from a tree or, for a JSON Lines entry, straight from the line's tokens.
 */
public record ExportEntry(long sequence, boolean elided, String workspaceId, String occurredAt, String eventType,
                          String actorType, String actorId, String orgId, boolean payloadRedacted,
                          String recomputedPayloadDigest, String payloadDigest, String prevHash, String hash) {

    private static final HexFormat HEX = HexFormat.of();

    public static ExportEntry of(JsonNode entry) {
        boolean redacted = entry.path("payload_redacted").asBoolean(false);
        return new ExportEntry(entry.path("sequence").asLong(), ExportReader.isElided(entry),
                text(entry, "workspace_id"), text(entry, "occurred_at"), text(entry, "event_type"),
                text(entry, "actor_type"), text(entry, "actor_id"), text(entry, "org_id"), redacted,
                redacted ? null : ChainFormat.payloadDigest(entry.path("payload")), text(entry, "payload_digest"),
                text(entry, "prev_hash"), text(entry, "hash"));
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.path(field);
        return value.isNull() || value.isMissingNode() ? null : value.asText();
    }

    /**
     * Reads JSON Lines entries from their bytes without a tree. Answers null for a line it leaves to the tree
     * reader: not an entry object (the manifest, another shape), not JSON, or a value of an unusual kind.
     */
    static final class Parser {
        private static final JsonFactory JSON = new JsonFactory();
        private final CanonicalJsonEncoder payload = new CanonicalJsonEncoder();
        private final MessageDigest sha256 = ChainFormat.newSha256();

        ExportEntry parse(byte[] line, int length) {
            try (JsonParser parser = JSON.createParser(line, 0, length)) {
                return parse(parser);
            } catch (IOException | UnsupportedValue e) {
                return null;
            }
        }

        private ExportEntry parse(JsonParser parser) throws IOException {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            long sequence = 0;
            boolean elided = false;
            boolean redacted = false;
            boolean payloadSeen = false;
            String workspaceId = null, occurredAt = null, eventType = null, actorType = null, actorId = null;
            String orgId = null, payloadDigest = null, prevHash = null, hash = null;
            JsonToken token;
            while ((token = parser.nextToken()) == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                JsonToken value = parser.nextToken();
                switch (name) {
                    case "manifest" -> {
                        return null;
                    }
                    case "payload" -> {
                        payload.reset().value(parser);
                        payloadSeen = true;
                    }
                    case "sequence" -> sequence = asLong(parser, value);
                    case "elided" -> elided = asBoolean(parser, value);
                    case "payload_redacted" -> redacted = asBoolean(parser, value);
                    case "workspace_id" -> workspaceId = text(parser, value);
                    case "occurred_at" -> occurredAt = text(parser, value);
                    case "event_type" -> eventType = text(parser, value);
                    case "actor_type" -> actorType = text(parser, value);
                    case "actor_id" -> actorId = text(parser, value);
                    case "org_id" -> orgId = text(parser, value);
                    case "payload_digest" -> payloadDigest = text(parser, value);
                    case "prev_hash" -> prevHash = text(parser, value);
                    case "hash" -> hash = text(parser, value);
                    default -> parser.skipChildren();
                }
            }
            if (token != JsonToken.END_OBJECT) {
                return null;
            }
            String recomputed = null;
            if (!redacted) {
                if (!payloadSeen) {
                    payload.reset().nullValue();
                }
                recomputed = HEX.formatHex(payload.digest(sha256));
            }
            return new ExportEntry(sequence, elided, workspaceId, occurredAt, eventType, actorType, actorId, orgId,
                    redacted, recomputed, payloadDigest, prevHash, hash);
        }

        private static String text(JsonParser parser, JsonToken value) throws IOException {
            return switch (value) {
                case VALUE_NULL -> null;
                case VALUE_STRING, VALUE_TRUE, VALUE_FALSE -> parser.getText();
                default -> throw new UnsupportedValue();
            };
        }

        private static long asLong(JsonParser parser, JsonToken value) throws IOException {
            return switch (value) {
                case VALUE_NUMBER_INT -> parser.getLongValue();
                default -> throw new UnsupportedValue();
            };
        }

        private static boolean asBoolean(JsonParser parser, JsonToken value) {
            return switch (value) {
                case VALUE_TRUE -> true;
                case VALUE_FALSE, VALUE_NULL -> false;
                default -> throw new UnsupportedValue();
            };
        }
    }

    /** A value the tree reader reads with its own conversions (a number as text, a string as a number, …). */
    private static final class UnsupportedValue extends RuntimeException {
        UnsupportedValue() {
            super(null, null, false, false);
        }
    }
}
