package io.agentassembly.command.api.common;

/**
 * The one rule for text that comes from outside (gRPC messages, REST bodies, query parameters, path variables):
 * no control characters — C0 (U+0000–U+001F), DEL (U+007F), C1 (U+0080–U+009F) — and no unpaired surrogates.
 * Fields documented to hold several lines ({@link Lines#SEVERAL}) also accept TAB, LF and CR. PostgreSQL refuses
 * U+0000 in text and jsonb, and the other characters have no business in names, ids or messages that end up in
 * the audit log, logs and consoles.
 * <p>
 * Positions in messages are 0-based character (UTF-16 unit) offsets.
 */
public final class TextInput {

    /** How many lines a field may hold. */
    public enum Lines {
        /** No control character at all. */
        ONE,
        /** TAB, LF and CR allowed; every other control character refused. */
        SEVERAL
    }

    private TextInput() {
    }

    /** The 0-based offset of the first character the rule refuses, or -1 when the text is acceptable. */
    public static int firstViolation(CharSequence text, Lines lines) {
        return firstViolation(text, 0, lines);
    }

    private static int firstViolation(CharSequence text, int from, Lines lines) {
        for (int i = from, length = text.length(); i < length; i++) {
            char c = text.charAt(i);
            if (c < 0x20) {
                if (lines == Lines.ONE || c != '\t' && c != '\n' && c != '\r') {
                    return i;
                }
            } else if (c >= 0x7f && c <= 0x9f) {
                return i;
            } else if (Character.isSurrogate(c)) {
                if (Character.isHighSurrogate(c) && i + 1 < length && Character.isLowSurrogate(text.charAt(i + 1))) {
                    i++;
                } else {
                    return i;
                }
            }
        }
        return -1;
    }

    /**
     * What is wrong with the text, without the field's name — e.g. {@code contains a control character (U+0000)
     * at position 4; remove it} — or null when it is acceptable.
     */
    public static String problem(CharSequence text, Lines lines) {
        int at = firstViolation(text, lines);
        if (at < 0) {
            return null;
        }
        char c = text.charAt(at);
        String code = String.format("U+%04X", (int) c);
        if (Character.isSurrogate(c)) {
            return "contains an unpaired surrogate (" + code + ") at position " + at + "; send well-formed Unicode text";
        }
        String allowed = lines == Lines.SEVERAL ? " (only tab, line feed and carriage return are allowed)" : "";
        return "contains a control character (" + code + ") at position " + at + allowed + "; remove it";
    }

    /**
     * The text with every character the rule refuses on one line written as a backslash-u escape (U+0000 becomes
     * the six characters backslash, u, 0, 0, 0, 0), for putting input into an error message, a log line or a stored
     * path where it must stay readable and storable.
     */
    public static String escaped(String text) {
        int at = firstViolation(text, Lines.ONE);
        if (at < 0) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length() + 16).append(text, 0, at);
        while (at >= 0) {
            out.append(String.format("\\u%04x", (int) text.charAt(at)));
            int next = at + 1;
            at = firstViolation(text, next, Lines.ONE);
            out.append(text, next, at < 0 ? text.length() : at);
        }
        return out.toString();
    }

    /** The text when the rule accepts it (null passes), else VALIDATION_FAILED naming the field. */
    public static String require(String field, String text, Lines lines) {
        if (text != null) {
            String problem = problem(text, lines);
            if (problem != null) {
                throw new DomainException(ErrorCode.VALIDATION_FAILED, field, field + " " + problem);
            }
        }
        return text;
    }
}
