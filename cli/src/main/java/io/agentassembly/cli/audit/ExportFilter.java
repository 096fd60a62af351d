package io.agentassembly.cli.audit;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.BufferedReader;
import java.io.IOException;
import java.time.Instant;
import java.util.function.Consumer;

/**
 * Re-filters an existing export: entries that match every given filter are kept whole, the others are written
 * elided (sequence and hash only) and the original signed manifest is kept, so the result still verifies offline —
 * the manifest's count and entries_digest cover the elided entries' hashes, and in a whole-chain export each link
 * is still checked against the hash before it.
 */
public final class ExportFilter {

    public record Filters(String orgId, String agentKey, Instant from, Instant to, String eventType) {

        boolean matches(JsonNode entry) {
            if (ExportReader.isElided(entry)) {
                return false;
            }
            if (orgId != null && !orgId.equals(text(entry, "org_id"))) {
                return false;
            }
            if (eventType != null && !eventType.equals(text(entry, "event_type"))) {
                return false;
            }
            if (agentKey != null && !agentKey.equals(text(entry.path("payload"), "agent_key"))) {
                return false;
            }
            Instant at = Instant.parse(text(entry, "occurred_at"));
            return (from == null || !at.isBefore(from)) && (to == null || at.isBefore(to));
        }
    }

    private ExportFilter() {
    }

    /** Answers {kept, elided}. */
    public static long[] refilter(BufferedReader in, ExportWriter out, Filters filters, Consumer<Long> progress)
            throws IOException {
        ExportReader reader = new ExportReader(in);
        long kept = 0;
        long elided = 0;
        boolean manifest = false;
        ExportReader.Item item;
        while ((item = reader.next()) != null) {
            if (item.manifest() != null) {
                out.manifest(item.manifest());
                manifest = true;
            } else if (filters.matches(item.entry())) {
                out.entry(item.entry());
                kept++;
            } else {
                out.elided(item.entry());
                elided++;
            }
            if (progress != null && (kept + elided) % 10_000 == 0) {
                progress.accept(kept + elided);
            }
        }
        if (!manifest) {
            throw new IOException("the input has no manifest: it is not a whole export");
        }
        return new long[]{kept, elided};
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.path(field);
        return value.isNull() || value.isMissingNode() ? null : value.asText();
    }
}
