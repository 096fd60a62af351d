package io.agentassembly.cli.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.BufferedReader;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a compliance export, JSON Lines or CSV (told apart by the first line), one item at a time: an entry as the
 * JSON object the JSONL format has, or the manifest. CSV rows are turned into the same objects (payload parsed from
 * its canonical JSON, empty cells as null).
 */
public final class ExportReader {

    /** {@code fields}: the entry read without a tree (JSON Lines, when asked for), {@code entry} then null. */
    public record Item(long line, JsonNode entry, JsonNode manifest, ExportEntry fields) {
        Item(long line, JsonNode entry, JsonNode manifest) {
            this(line, entry, manifest, null);
        }
    }

    private static final String CSV_HEADER_START = "sequence,occurred_at,";

    private final ExportLines in;
    private final ExportEntry.Parser streamedEntries;
    private Boolean csv;
    private List<String> columns;
    private long lines;

    public ExportReader(BufferedReader in) {
        this(ExportLines.of(in), false);
    }

    /** {@code streamEntries}: JSON Lines entries come as {@link Item#fields()} (no tree), for verification. */
    public ExportReader(ExportLines in, boolean streamEntries) {
        this.in = in;
        this.streamedEntries = streamEntries ? new ExportEntry.Parser() : null;
    }

    private String readLine() throws IOException {
        return in.next() ? in.text() : null;
    }

    /** An entry a re-filter left out: only its sequence and hash ({@code "elided": true}; in CSV no event_type). */
    public static boolean isElided(JsonNode entry) {
        return entry.path("elided").asBoolean(false);
    }

    public long lines() {
        return lines;
    }

    public boolean isCsv() {
        return Boolean.TRUE.equals(csv);
    }

    public List<String> columns() {
        return columns;
    }

    public Item next() throws IOException {
        if (!in.next()) {
            return null;
        }
        lines++;
        if (Boolean.FALSE.equals(csv) && streamedEntries != null) {
            ExportEntry fields = streamedEntries.parse(in.bytes(), in.length());
            if (fields != null) {
                return new Item(lines, null, null, fields);
            }
        }
        String line = in.text();
        if (csv == null) {
            csv = line.startsWith(CSV_HEADER_START);
            if (csv) {
                columns = List.of(line.split(","));
                return next();
            }
        }
        if (line.isBlank()) {
            return next();
        }
        if (!csv) {
            JsonNode node = parse(line);
            return node.has("manifest") ? new Item(lines, null, node.path("manifest")) : new Item(lines, node, null);
        }
        long start = lines;
        List<String> cells = cells(line);
        while (cells == null) {
            String more = readLine();
            if (more == null) {
                throw new IOException("row " + start + ": unterminated quoted value");
            }
            lines++;
            line = line + "\n" + more;
            cells = cells(line);
        }
        if (cells.size() != columns.size()) {
            throw new IOException("row " + start + ": " + cells.size() + " values, the header has " + columns.size());
        }
        String manifest = cells.get(columns.indexOf("manifest"));
        if (manifest != null) {
            return new Item(start, null, parse(manifest));
        }
        ObjectNode entry = ChainFormat.JSON.createObjectNode();
        for (int i = 0; i < columns.size(); i++) {
            String column = columns.get(i);
            String value = cells.get(i);
            switch (column) {
                case "manifest" -> { }
                case "sequence" -> entry.put(column, value == null ? -1 : Long.parseLong(value));
                case "payload" -> entry.set(column, value == null ? null : parse(value));
                case "payload_redacted" -> entry.put(column, Boolean.parseBoolean(value));
                default -> entry.put(column, value);
            }
        }
        if (entry.path("event_type").isNull()) {
            entry.put("elided", true);
        }
        return new Item(start, entry, null);
    }

    private JsonNode parse(String json) throws IOException {
        try {
            return ChainFormat.JSON.readTree(json);
        } catch (IOException e) {
            throw new IOException("line " + lines + ": not JSON (" + e.getMessage() + ")");
        }
    }

    /** RFC 4180 cells of one record; null when a quoted value goes on on the next line. Empty unquoted = null. */
    static List<String> cells(String line) {
        List<String> cells = new ArrayList<>();
        int i = 0;
        int n = line.length();
        while (true) {
            if (i < n && line.charAt(i) == '"') {
                StringBuilder value = new StringBuilder();
                i++;
                while (true) {
                    if (i >= n) {
                        return null;
                    }
                    char c = line.charAt(i);
                    if (c == '"') {
                        if (i + 1 < n && line.charAt(i + 1) == '"') {
                            value.append('"');
                            i += 2;
                        } else {
                            i++;
                            break;
                        }
                    } else {
                        value.append(c);
                        i++;
                    }
                }
                cells.add(value.toString());
            } else {
                int comma = line.indexOf(',', i);
                int end = comma < 0 ? n : comma;
                cells.add(end == i ? null : line.substring(i, end));
                i = end;
            }
            if (i >= n) {
                return cells;
            }
            i++; // the comma
            if (i == n) {
                cells.add(null);
                return cells;
            }
        }
    }
}
