package io.agentassembly.policy;

/**
 * Control characters in text this module reads from policy documents or renders from an agent's input (JSON keys
 * in redaction paths, tool names and hosts in reasons): C0 (U+0000–U+001F), DEL (U+007F), C1 (U+0080–U+009F) and
 * unpaired surrogates. The same definition as the edges' text rule ({@code TextInput} in the command API; this
 * module depends on no other, and a test of the app checks that both agree).
 */
public final class ControlCharacters {

    private ControlCharacters() {
    }

    /** The offset of the first control character, or -1; with {@code lineBreaks}, TAB, LF and CR are allowed. */
    public static int first(CharSequence text, boolean lineBreaks) {
        return first(text, 0, lineBreaks);
    }

    /** The text with each control character written as a JSON/JSONPath escape (U+0000 becomes backslash-u0000). */
    public static String escaped(String text) {
        int at = first(text, 0, false);
        if (at < 0) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length() + 16).append(text, 0, at);
        while (at >= 0) {
            out.append(String.format("\\u%04x", (int) text.charAt(at)));
            int next = at + 1;
            at = first(text, next, false);
            out.append(text, next, at < 0 ? text.length() : at);
        }
        return out.toString();
    }

    private static int first(CharSequence text, int from, boolean lineBreaks) {
        for (int i = from, length = text.length(); i < length; i++) {
            char c = text.charAt(i);
            if (c < 0x20) {
                if (!lineBreaks || c != '\t' && c != '\n' && c != '\r') {
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
}
