package io.agentassembly.cli.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Consumer;

/**
 * Verifies a compliance export offline with only the workspace's public key (docs/audit.md, "Verifying an export"):
 * every entry's payload digest and hash are recomputed; in an unfiltered export every entry links to the one before
 * it, from the first entry of the chain to the signed chain head; the manifest's count, first and last sequence
 * and entries_digest (SHA-256 over the exported entries' hashes in order) must match the entries, and its Ed25519
 * signature must verify. Streams the file: memory does not grow with its size.
 */
public final class ExportVerifier {

    /** {@code line}: 1-based line (JSONL) or row (CSV, the header being row 1); {@code sequence} may be null. */
    public record Problem(long line, Long sequence, String problem, String detail) {
    }

    public record Result(boolean ok, long entries, Problem problem, JsonNode manifest) {
    }

    private static final HexFormat HEX = HexFormat.of();

    private ExportVerifier() {
    }

    public static Result verify(BufferedReader in, String publicKeyBase64, Consumer<Long> progress) throws IOException {
        return verify(ExportLines.of(in), publicKeyBase64, progress);
    }

    public static Result verify(InputStream in, String publicKeyBase64, Consumer<Long> progress) throws IOException {
        return verify(ExportLines.of(in), publicKeyBase64, progress);
    }

    private static Result verify(ExportLines in, String publicKeyBase64, Consumer<Long> progress) throws IOException {
        ExportReader reader = new ExportReader(in, true);
        MessageDigest entriesDigest = sha256();
        String previousHash = null;
        Long first = null;
        long last = -1;
        long count = 0;
        JsonNode manifest = null;
        List<Problem> linkProblems = new ArrayList<>();
        ExportReader.Item item;
        while ((item = reader.next()) != null) {
            if (manifest != null) {
                return new Result(false, count, new Problem(item.line(), null, "content_after_manifest",
                        "the manifest must be the last line"), manifest);
            }
            if (item.manifest() != null) {
                manifest = item.manifest();
                continue;
            }
            ExportEntry entry = item.fields() != null ? item.fields() : ExportEntry.of(item.entry());
            long sequence = entry.sequence();
            if (entry.elided()) {
                // Left out by a re-filter: only its hash, which the manifest and the next link still check.
                String hash = entry.hash();
                if (hash == null || !hash.matches("[0-9a-f]{64}")) {
                    return new Result(false, count, new Problem(item.line(), sequence, "hash_mismatch",
                            "an elided entry must carry its hash"), null);
                }
                if (first != null && sequence <= last) {
                    return new Result(false, count, new Problem(item.line(), sequence, "out_of_order",
                            "sequence " + sequence + " after " + last), null);
                }
                entriesDigest.update(HEX.parseHex(hash));
                previousHash = hash;
                first = first == null ? sequence : first;
                last = sequence;
                count++;
                continue;
            }
            String digest = entry.payloadDigest();
            if (!entry.payloadRedacted()) {
                String recomputed = entry.recomputedPayloadDigest();
                if (!recomputed.equals(digest)) {
                    return new Result(false, count, new Problem(item.line(), sequence, "payload_digest_mismatch",
                            "expected " + recomputed + ", found " + digest), null);
                }
            }
            String hash = ChainFormat.entryHash(entry.workspaceId(), sequence, entry.occurredAt(),
                    entry.eventType(), entry.actorType(), entry.actorId(), entry.orgId(), digest, entry.prevHash());
            if (!hash.equals(entry.hash())) {
                return new Result(false, count, new Problem(item.line(), sequence, "hash_mismatch",
                        "expected " + hash + ", found " + entry.hash()), null);
            }
            if (first != null && sequence <= last) {
                return new Result(false, count, new Problem(item.line(), sequence, "out_of_order",
                        "sequence " + sequence + " after " + last), null);
            }
            String prev = entry.prevHash();
            if (previousHash == null ? !ChainFormat.GENESIS_HEX.equals(prev) : !previousHash.equals(prev)) {
                // Only a problem when the export is the whole chain: known once the manifest is read.
                linkProblems.add(new Problem(item.line(), sequence, "prev_hash_mismatch",
                        "expected " + (previousHash == null ? ChainFormat.GENESIS_HEX : previousHash) + ", found " + prev));
            }
            entriesDigest.update(HEX.parseHex(hash));
            previousHash = hash;
            if (first == null) {
                first = sequence;
            }
            last = sequence;
            count++;
            if (progress != null && count % 10_000 == 0) {
                progress.accept(count);
            }
        }
        if (manifest == null) {
            return new Result(false, count, new Problem(reader.lines(), null, "manifest_missing",
                    "the export has no manifest: it was cut short"), null);
        }
        long manifestLine = reader.lines();
        String signature = text(manifest, "signature");
        ObjectNode signed = ((ObjectNode) manifest).deepCopy();
        signed.remove("signature");
        if (signature == null || !verifySignature(publicKeyBase64, ChainFormat.canonical(signed), signature)) {
            return new Result(false, count, new Problem(manifestLine, null, "manifest_signature_invalid",
                    "the manifest's signature does not verify with this public key"), manifest);
        }
        String digest = HEX.formatHex(entriesDigest.digest());
        if (manifest.path("count").asLong(-1) != count) {
            return new Result(false, count, new Problem(manifestLine, null, "count_mismatch",
                    "manifest says " + manifest.path("count").asText() + " entries, the export has " + count), manifest);
        }
        if (!digest.equals(text(manifest, "entries_digest"))) {
            return new Result(false, count, new Problem(manifestLine, null, "entries_digest_mismatch",
                    "the exported entries are not the ones the manifest signed (removed, added or reordered)"), manifest);
        }
        if (count > 0 && (manifest.path("first_sequence").asLong() != first || manifest.path("last_sequence").asLong() != last)) {
            return new Result(false, count, new Problem(manifestLine, null, "range_mismatch",
                    "first/last sequence differ from the manifest"), manifest);
        }
        if (unfiltered(manifest)) {
            if (!linkProblems.isEmpty()) {
                return new Result(false, count, linkProblems.getFirst(), manifest);
            }
            JsonNode head = manifest.path("chain_head");
            String headHash = text(head, "hash");
            if (count > 0 ? !(head.path("sequence").asLong() == last && headHash.equals(previousHash))
                    : !ChainFormat.GENESIS_HEX.equals(headHash)) {
                return new Result(false, count, new Problem(manifestLine, null, "head_mismatch",
                        "the export does not end at the signed chain head"), manifest);
            }
        }
        return new Result(true, count, null, manifest);
    }

    static boolean unfiltered(JsonNode manifest) {
        JsonNode filters = manifest.path("filters");
        for (String name : new String[]{"org_id", "agent_key", "from", "to", "event_type"}) {
            if (!filters.path(name).isNull() && !filters.path(name).isMissingNode()) {
                return false;
            }
        }
        return true;
    }

    public static boolean verifySignature(String publicKeyBase64, String message, String signatureBase64) {
        try {
            Signature signature = Signature.getInstance("Ed25519");
            signature.initVerify(KeyFactory.getInstance("Ed25519")
                    .generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(publicKeyBase64.trim()))));
            signature.update(message.getBytes(StandardCharsets.UTF_8));
            return signature.verify(Base64.getDecoder().decode(signatureBase64));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false;
        }
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.path(field);
        return value.isNull() || value.isMissingNode() ? null : value.asText();
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
