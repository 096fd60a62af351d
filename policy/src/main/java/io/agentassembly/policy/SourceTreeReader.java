package io.agentassembly.policy;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;

import java.io.IOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;

/**
 * Builds a {@link SourceNode} tree from the parser's current token, keeping positions. Duplicate keys and YAML
 * anchors/aliases (which Jackson would silently turn into strings) are violations, and so are control characters
 * that escapes ({@code "\0"} in YAML, a backslash-u escape in JSON) put into a key or a string: keys take none,
 * strings only tab, line feed and carriage return ({@link ControlCharacters}).
 */
final class SourceTreeReader {

    private final JsonParser parser;
    private final int document;
    private final int lineOffset;
    private final List<PolicyViolation> violations;

    SourceTreeReader(JsonParser parser, int document, int lineOffset, List<PolicyViolation> violations) {
        this.parser = parser;
        this.document = document;
        this.lineOffset = lineOffset;
        this.violations = violations;
    }

    /** Reads the value at the current token, leaving the parser on its last token. */
    SourceNode read(String path) throws IOException {
        JsonLocation at = parser.currentTokenLocation();
        int line = at.getLineNr() + lineOffset;
        int column = at.getColumnNr();
        if (parser instanceof YAMLParser yaml && (yaml.isCurrentAlias() || yaml.getCurrentAnchor() != null)) {
            violations.add(new PolicyViolation(document, line, column, path.isEmpty() ? null : path,
                    "YAML anchors and aliases are not supported; write the value out"));
        }
        JsonToken token = parser.currentToken();
        switch (token) {
            case START_OBJECT -> {
                LinkedHashMap<String, SourceNode.Entry> entries = new LinkedHashMap<>();
                while (parser.nextToken() == JsonToken.FIELD_NAME) {
                    String key = parser.currentName();
                    JsonLocation keyAt = parser.currentTokenLocation();
                    int keyLine = keyAt.getLineNr() + lineOffset;
                    String childPath = FieldPaths.child(path, key);
                    refuseControlCharacters(key, false, keyLine, keyAt.getColumnNr(), childPath, "key");
                    parser.nextToken();
                    SourceNode value = read(childPath);
                    if (entries.containsKey(key)) {
                        violations.add(new PolicyViolation(document, keyLine, keyAt.getColumnNr(), childPath,
                                "duplicate key '" + key + "'; give each key once"));
                    } else {
                        entries.put(key, new SourceNode.Entry(keyLine, keyAt.getColumnNr(), value));
                    }
                }
                return new SourceNode.Mapping(line, column, entries);
            }
            case START_ARRAY -> {
                List<SourceNode> elements = new ArrayList<>();
                while (parser.nextToken() != JsonToken.END_ARRAY) {
                    elements.add(read(path + "[" + elements.size() + "]"));
                }
                return new SourceNode.Sequence(line, column, elements);
            }
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> {
                BigDecimal number;
                try {
                    number = parser.getDecimalValue();
                } catch (IOException | NumberFormatException e) {
                    number = null; // .inf, .nan: kept as text, rejected where a number is expected
                }
                return new SourceNode.Scalar(line, column, token, parser.getText(), number);
            }
            case VALUE_STRING, VALUE_TRUE, VALUE_FALSE, VALUE_NULL -> {
                if (token == JsonToken.VALUE_STRING) {
                    refuseControlCharacters(parser.getText(), true, line, column, path, "value");
                }
                return new SourceNode.Scalar(line, column, token, parser.getText(), null);
            }
            default -> {
                // VALUE_EMBEDDED_OBJECT: YAML binary (!!binary) and the like
                return new SourceNode.Scalar(line, column, JsonToken.VALUE_STRING, parser.getText(), null);
            }
        }
    }

    private void refuseControlCharacters(String text, boolean lineBreaks, int line, int column, String path, String what) {
        int at = ControlCharacters.first(text, lineBreaks);
        if (at >= 0) {
            char c = text.charAt(at);
            violations.add(new PolicyViolation(document, line, column, path.isEmpty() ? null : path, "the " + what
                    + " contains " + (Character.isSurrogate(c) ? "an unpaired surrogate" : "a control character")
                    + " (" + String.format("U+%04X", (int) c) + ") at position " + at + "; remove it"));
        }
    }
}
