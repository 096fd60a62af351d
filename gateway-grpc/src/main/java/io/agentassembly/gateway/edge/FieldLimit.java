package io.agentassembly.gateway.edge;

import io.agentassembly.command.api.common.TextInput.Lines;

/**
 * The most one field of an inbound gateway message may hold: characters of a string (and how many lines), bytes
 * of a bytes field, items of a repeated field (with the limit of each scalar item), entries of a map (with the
 * limits of its keys and scalar values). {@code hint} is added to the error, e.g. where to send more.
 */
public record FieldLimit(Kind kind, int max, Lines lines, FieldLimit element, FieldLimit key, String hint) {

    public enum Kind { TEXT, BYTES, ITEMS, ENTRIES }

    /** A string of at most {@code maxChars} characters on one line. */
    public static FieldLimit text(int maxChars) {
        return new FieldLimit(Kind.TEXT, maxChars, Lines.ONE, null, null, null);
    }

    /** A string of at most {@code maxChars} characters that may hold several lines (TAB, LF, CR allowed). */
    public static FieldLimit lines(int maxChars) {
        return new FieldLimit(Kind.TEXT, maxChars, Lines.SEVERAL, null, null, null);
    }

    public static FieldLimit bytes(int maxBytes) {
        return new FieldLimit(Kind.BYTES, maxBytes, null, null, null, null);
    }

    /** A repeated message field of at most {@code maxItems} items (each item is checked by its own fields). */
    public static FieldLimit items(int maxItems) {
        return new FieldLimit(Kind.ITEMS, maxItems, null, null, null, null);
    }

    /** A repeated string or bytes field of at most {@code maxItems} items, each within {@code each}. */
    public static FieldLimit items(int maxItems, FieldLimit each) {
        return new FieldLimit(Kind.ITEMS, maxItems, null, each, null, null);
    }

    /** A map of at most {@code maxEntries} entries with string keys within {@code key} and values within {@code value}. */
    public static FieldLimit entries(int maxEntries, FieldLimit key, FieldLimit value) {
        return new FieldLimit(Kind.ENTRIES, maxEntries, null, value, key, null);
    }

    public FieldLimit withHint(String hint) {
        return new FieldLimit(kind, max, lines, element, key, hint);
    }

    /** As the .proto files document it, e.g. {@code max 256 chars}, {@code max 64 entries, keys max 128 chars, …}. */
    public String describe() {
        return switch (kind) {
            case TEXT -> "max " + max + " chars" + (lines == Lines.SEVERAL ? ", several lines" : "");
            case BYTES -> "max " + (max % (1024 * 1024) == 0 ? max / (1024 * 1024) + " MiB"
                    : max % 1024 == 0 ? max / 1024 + " KiB" : max + " bytes");
            case ITEMS -> "max " + max + " items" + (element == null ? "" : ", each " + element.describe());
            case ENTRIES -> "max " + max + " entries, keys " + key.describe()
                    + (element == null ? "" : ", values " + element.describe());
        };
    }
}
