package io.agentassembly.audit.format;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

import java.io.IOException;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;

/**
 * canonical_json (docs/audit.md) written straight from a parser's tokens into a reusable UTF-8 buffer, without a
 * tree or intermediate strings. The parser reads JSON text, or a {@code TokenBuffer} a value was serialised into
 * (an embedded value, binary or raw JSON, is refused: serialise such a value to text). Object members are written in their given order and, when their keys are out of
 * order, reordered in place (a repeated key keeps its last value, as a parsed tree does). The output is
 * byte-identical to the tree-based canonical form (AuditChain.canonical in the app, ChainFormat.canonical in the
 * CLI) of the same JSON read as a tree. Not thread-safe: one per thread.
 */
public final class CanonicalJsonEncoder {

    private static final JsonFactory JSON = new JsonFactory();
    private static final byte[] HEX_DIGITS = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] NULL = {'n', 'u', 'l', 'l'};
    private static final byte[] TRUE = {'t', 'r', 'u', 'e'};
    private static final byte[] FALSE = {'f', 'a', 'l', 's', 'e'};

    private byte[] out = new byte[1024];
    private int length;
    private byte[] reordered = new byte[1024];
    private char[] keyChars = new char[64];
    // The members of the objects being written, innermost last: key and [start, end) in the buffer.
    private String[] memberKeys = new String[64];
    private int[] memberStarts = new int[64];
    private int[] memberEnds = new int[64];
    private int members;

    public CanonicalJsonEncoder reset() {
        length = 0;
        members = 0;
        return this;
    }

    public byte[] buffer() {
        return out;
    }

    public int length() {
        return length;
    }

    public byte[] toByteArray() {
        return Arrays.copyOf(out, length);
    }

    public byte[] digest(MessageDigest digest) {
        digest.update(out, 0, length);
        return digest.digest();
    }

    public void writeTo(OutputStream stream) throws IOException {
        stream.write(out, 0, length);
    }

    /** Resets the buffer and writes the canonical form of the JSON text in {@code json}. */
    public CanonicalJsonEncoder encodeJson(byte[] json, int offset, int count) {
        reset();
        try (JsonParser parser = JSON.createParser(json, offset, count)) {
            value(parser, parser.nextToken());
        } catch (IOException e) {
            throw new IllegalArgumentException("not JSON: " + e.getMessage(), e);
        }
        return this;
    }

    public CanonicalJsonEncoder encodeJson(byte[] json) {
        return encodeJson(json, 0, json.length);
    }

    /** Appends the canonical form of the value at the parser's current token (the next one when there is none). */
    public CanonicalJsonEncoder value(JsonParser parser) throws IOException {
        value(parser, parser.hasCurrentToken() ? parser.currentToken() : parser.nextToken());
        return this;
    }

    private void value(JsonParser parser, JsonToken token) throws IOException {
        if (token == null) {
            raw(NULL);
            return;
        }
        switch (token) {
            case START_OBJECT -> object(parser);
            case START_ARRAY -> array(parser);
            case VALUE_STRING -> {
                if (parser.hasTextCharacters()) {
                    string(parser.getTextCharacters(), parser.getTextOffset(), parser.getTextLength());
                } else {
                    string(parser.getText());
                }
            }
            case VALUE_NUMBER_INT -> integer(parser);
            // A buffered float is read as the text JSON writes for it, not as the double it widens to.
            case VALUE_NUMBER_FLOAT -> decimal(parser.getNumberValue() instanceof Float f
                    ? new BigDecimal(Float.toString(f)) : parser.getDecimalValue());
            case VALUE_TRUE -> raw(TRUE);
            case VALUE_FALSE -> raw(FALSE);
            case VALUE_NULL -> raw(NULL);
            default -> throw new IOException("unexpected " + token);
        }
    }

    private void object(JsonParser parser) throws IOException {
        int first = members;
        raw('{');
        int contentStart = length;
        boolean inOrder = true;
        String previousKey = null;
        JsonToken token;
        while ((token = parser.nextToken()) == JsonToken.FIELD_NAME) {
            String key = parser.currentName();
            if (members > first) {
                raw(',');
            }
            int member = addMember(key, length);
            string(key);
            raw(':');
            value(parser, parser.nextToken());
            memberEnds[member] = length;
            members = member + 1;
            if (previousKey != null && previousKey.compareTo(key) >= 0) {
                inOrder = false;
            }
            previousKey = key;
        }
        if (token != JsonToken.END_OBJECT) {
            throw new IOException("unterminated object");
        }
        if (!inOrder) {
            reorder(first, contentStart);
        }
        members = first;
        raw('}');
    }

    private int addMember(String key, int start) {
        if (members == memberKeys.length) {
            memberKeys = Arrays.copyOf(memberKeys, members * 2);
            memberStarts = Arrays.copyOf(memberStarts, members * 2);
            memberEnds = Arrays.copyOf(memberEnds, members * 2);
        }
        memberKeys[members] = key;
        memberStarts[members] = start;
        return members++;
    }

    /** Rewrites the members {@code first..members-1} (written from {@code contentStart}) sorted by key. */
    private void reorder(int first, int contentStart) {
        int count = members - first;
        int[] order = new int[count];
        for (int i = 0; i < count; i++) {
            order[i] = first + i;
        }
        for (int i = 1; i < count; i++) { // insertion sort: stable, members are few
            int moving = order[i];
            int j = i - 1;
            while (j >= 0 && memberKeys[order[j]].compareTo(memberKeys[moving]) > 0) {
                order[j + 1] = order[j];
                j--;
            }
            order[j + 1] = moving;
        }
        int size = length - contentStart;
        if (reordered.length < size) {
            reordered = new byte[Math.max(size, reordered.length * 2)];
        }
        int at = 0;
        for (int i = 0; i < count; i++) {
            int member = order[i];
            if (i + 1 < count && memberKeys[order[i + 1]].equals(memberKeys[member])) {
                continue; // a repeated key: the later value wins
            }
            if (at > 0) {
                reordered[at++] = ',';
            }
            int memberLength = memberEnds[member] - memberStarts[member];
            System.arraycopy(out, memberStarts[member], reordered, at, memberLength);
            at += memberLength;
        }
        System.arraycopy(reordered, 0, out, contentStart, at);
        length = contentStart + at;
    }

    private void array(JsonParser parser) throws IOException {
        raw('[');
        boolean firstValue = true;
        JsonToken token;
        while ((token = parser.nextToken()) != JsonToken.END_ARRAY) {
            if (token == null) {
                throw new IOException("unterminated array");
            }
            if (!firstValue) {
                raw(',');
            }
            firstValue = false;
            value(parser, token);
        }
        raw(']');
    }

    private void integer(JsonParser parser) throws IOException {
        char[] digits = parser.getTextCharacters();
        int offset = parser.getTextOffset();
        int count = parser.getTextLength();
        if (count == 2 && digits[offset] == '-' && digits[offset + 1] == '0') {
            raw('0');
            return;
        }
        ensure(count);
        for (int i = 0; i < count; i++) {
            out[length++] = (byte) digits[offset + i];
        }
    }

    private void decimal(BigDecimal value) {
        string0(number(value));
    }

    /** A number's canonical text: the shortest plain decimal, no exponent, no trailing fractional zeros. */
    public static String number(BigDecimal value) {
        return value.signum() == 0 ? "0" : value.stripTrailingZeros().toPlainString();
    }

    private void string0(String ascii) {
        ensure(ascii.length());
        for (int i = 0; i < ascii.length(); i++) {
            out[length++] = (byte) ascii.charAt(i);
        }
    }

    /** A JSON string, canonically escaped. */
    public CanonicalJsonEncoder string(String value) {
        int count = value.length();
        if (keyChars.length < count) {
            keyChars = new char[Math.max(count, keyChars.length * 2)];
        }
        value.getChars(0, count, keyChars, 0);
        string(keyChars, 0, count);
        return this;
    }

    private void string(char[] chars, int offset, int count) {
        ensure(count * 3 + 2);
        byte[] b = out;
        int at = length;
        b[at++] = '"';
        int end = offset + count;
        for (int i = offset; i < end; i++) {
            char c = chars[i];
            if (c < 0x80) {
                if (c == '"' || c == '\\') {
                    b[at++] = '\\';
                    b[at++] = (byte) c;
                } else if (c < 0x20) {
                    length = at;
                    ensure(6 + (end - i) * 3 + 1);
                    b = out;
                    b[at++] = '\\';
                    b[at++] = 'u';
                    b[at++] = '0';
                    b[at++] = '0';
                    b[at++] = HEX_DIGITS[c >> 4];
                    b[at++] = HEX_DIGITS[c & 15];
                } else {
                    b[at++] = (byte) c;
                }
            } else if (c < 0x800) {
                b[at++] = (byte) (0xc0 | (c >> 6));
                b[at++] = (byte) (0x80 | (c & 0x3f));
            } else if (Character.isSurrogate(c)) {
                if (Character.isHighSurrogate(c) && i + 1 < end && Character.isLowSurrogate(chars[i + 1])) {
                    int codePoint = Character.toCodePoint(c, chars[++i]);
                    b[at++] = (byte) (0xf0 | (codePoint >> 18));
                    b[at++] = (byte) (0x80 | ((codePoint >> 12) & 0x3f));
                    b[at++] = (byte) (0x80 | ((codePoint >> 6) & 0x3f));
                    b[at++] = (byte) (0x80 | (codePoint & 0x3f));
                } else {
                    b[at++] = '?'; // an unpaired surrogate, as String.getBytes(UTF_8) writes it
                }
            } else {
                b[at++] = (byte) (0xe0 | (c >> 12));
                b[at++] = (byte) (0x80 | ((c >> 6) & 0x3f));
                b[at++] = (byte) (0x80 | (c & 0x3f));
            }
        }
        b[at++] = '"';
        length = at;
    }

    /** 32 bytes as a JSON string of 64 lower-case hex digits. */
    public CanonicalJsonEncoder hexString(byte[] bytes) {
        ensure(bytes.length * 2 + 2);
        out[length++] = '"';
        for (byte each : bytes) {
            out[length++] = HEX_DIGITS[(each >> 4) & 15];
            out[length++] = HEX_DIGITS[each & 15];
        }
        out[length++] = '"';
        return this;
    }

    public CanonicalJsonEncoder number(long value) {
        string0(Long.toString(value));
        return this;
    }

    /** Bytes as they are (already encoded). */
    public CanonicalJsonEncoder raw(byte[] bytes, int offset, int count) {
        ensure(count);
        System.arraycopy(bytes, offset, out, length, count);
        length += count;
        return this;
    }

    /** A string's UTF-8 bytes without any escaping. */
    public CanonicalJsonEncoder text(String value) {
        int count = value.length();
        ensure(count);
        for (int i = 0; i < count; i++) {
            char c = value.charAt(i);
            if (c >= 0x80) {
                byte[] utf8 = value.substring(i).getBytes(StandardCharsets.UTF_8);
                return raw(utf8, 0, utf8.length);
            }
            out[length++] = (byte) c;
        }
        return this;
    }

    public CanonicalJsonEncoder nullValue() {
        raw(NULL);
        return this;
    }

    public CanonicalJsonEncoder raw(char ascii) {
        ensure(1);
        out[length++] = (byte) ascii;
        return this;
    }

    private void raw(byte[] bytes) {
        ensure(bytes.length);
        System.arraycopy(bytes, 0, out, length, bytes.length);
        length += bytes.length;
    }

    private void ensure(int more) {
        if (length + more > out.length) {
            out = Arrays.copyOf(out, Math.max(length + more, out.length * 2));
        }
    }
}
