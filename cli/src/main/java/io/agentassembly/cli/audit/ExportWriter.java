package io.agentassembly.cli.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.io.Writer;
import java.util.List;

/** Writes entries and the manifest in the export's formats (docs/audit.md, "Export"), as the server does. */
public final class ExportWriter {

    public static final List<String> CSV_COLUMNS = List.of("sequence", "occurred_at", "event_type", "actor_type",
            "actor_id", "org_id", "workspace_id", "payload", "payload_redacted", "payload_digest", "prev_hash", "hash",
            "manifest");

    private final Writer out;
    private final boolean csv;

    public ExportWriter(Writer out, boolean csv) throws IOException {
        this.out = out;
        this.csv = csv;
        if (csv) {
            out.write(String.join(",", CSV_COLUMNS) + "\r\n");
        }
    }

    public void entry(JsonNode entry) throws IOException {
        if (!csv) {
            out.write(json(entry));
            out.write('\n');
            return;
        }
        boolean elided = ExportReader.isElided(entry);
        StringBuilder row = new StringBuilder();
        for (String column : CSV_COLUMNS) {
            if (!row.isEmpty() || !column.equals("sequence")) {
                row.append(column.equals("sequence") ? "" : ",");
            }
            JsonNode value = entry.path(column);
            if (column.equals("manifest") || value.isNull() || value.isMissingNode()
                    || (elided && !column.equals("sequence") && !column.equals("hash"))) {
                continue;
            }
            row.append(cell(column.equals("payload") ? ChainFormat.canonical(value) : value.asText()));
        }
        out.write(row.append("\r\n").toString());
    }

    /** Only the sequence and hash of an entry left out. */
    public void elided(JsonNode entry) throws IOException {
        var elided = ChainFormat.JSON.createObjectNode();
        elided.put("sequence", entry.path("sequence").asLong());
        elided.put("hash", entry.path("hash").asText());
        elided.put("elided", true);
        entry(elided);
    }

    public void manifest(JsonNode manifest) throws IOException {
        if (csv) {
            out.write(",".repeat(CSV_COLUMNS.size() - 1) + cell(json(manifest)) + "\r\n");
        } else {
            out.write(json(ChainFormat.JSON.createObjectNode().set("manifest", manifest)));
            out.write('\n');
        }
    }

    private static String json(JsonNode node) throws JsonProcessingException {
        return ChainFormat.JSON.writeValueAsString(node);
    }

    static String cell(String value) {
        if (value.isEmpty()) {
            return "\"\"";
        }
        boolean quote = value.indexOf(',') >= 0 || value.indexOf('"') >= 0 || value.indexOf('\n') >= 0
                || value.indexOf('\r') >= 0;
        return quote ? '"' + value.replace("\"", "\"\"") + '"' : value;
    }
}
