package io.agentassembly.policy;

import java.util.ArrayList;
import java.util.List;

/**
 * Cuts a YAML stream into its documents' source texts at {@code ---} (and {@code ...}) lines. A document marker
 * at the start of a line always ends the previous document in YAML, so cutting on lines is exact; each slice is
 * then parsed on its own, which keeps every document's source text exactly as submitted.
 */
final class YamlSlices {

    /** {@code text} starts at 1-based {@code firstLine} of the whole file. */
    record Slice(String text, int firstLine) {
    }

    private YamlSlices() {
    }

    static List<Slice> split(String body) {
        List<Slice> slices = new ArrayList<>();
        int sliceStart = 0;
        int sliceLine = 1;
        int lineStart = 0;
        int line = 1;
        while (lineStart < body.length()) {
            int newline = body.indexOf('\n', lineStart);
            int lineEnd = newline < 0 ? body.length() : newline + 1;
            String marker = marker(body, lineStart, lineEnd);
            if (marker != null) {
                slices.add(new Slice(body.substring(sliceStart, lineStart), sliceLine));
                boolean contentAfterMarker = marker.equals("---") && hasContentAfterMarker(body, lineStart + 3, lineEnd);
                if (contentAfterMarker) {
                    // "--- {inline: document}" or "--- !tag": the marker line belongs to the document
                    sliceStart = lineStart;
                    sliceLine = line;
                } else {
                    sliceStart = lineEnd;
                    sliceLine = line + 1;
                }
            }
            lineStart = lineEnd;
            line++;
        }
        slices.add(new Slice(body.substring(sliceStart), sliceLine));
        return slices;
    }

    /** "---" or "..." when the line is a document marker, else null. */
    private static String marker(String body, int lineStart, int lineEnd) {
        if (lineEnd - lineStart < 3) {
            return null;
        }
        String head = body.substring(lineStart, lineStart + 3);
        if (!head.equals("---") && !head.equals("...")) {
            return null;
        }
        if (lineStart + 3 == lineEnd) {
            return head;
        }
        char next = body.charAt(lineStart + 3);
        return next == ' ' || next == '\t' || next == '\r' || next == '\n' ? head : null;
    }

    private static boolean hasContentAfterMarker(String body, int from, int lineEnd) {
        String rest = body.substring(from, lineEnd).strip();
        return !rest.isEmpty() && !rest.startsWith("#");
    }
}
