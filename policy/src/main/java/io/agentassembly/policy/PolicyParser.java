package io.agentassembly.policy;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads policy files. YAML files may hold several documents separated by {@code ---}; JSON bodies hold one
 * document object or an array of them. Validation is strict and complete before anything is returned:
 * unknown fields, wrong {@code apiVersion}/{@code kind}, bad names ({@code [a-z0-9][a-z0-9._-]{0,62}}), bad scope
 * syntax, bad enforcement modes, CEL expressions that do not compile, bad host patterns or regexes, bad times or
 * time zones, negative or inconsistent limits (a monthly limit below its daily limit), CEL conditions costlier
 * than the {@link ConditionLimits} allow, duplicate names within
 * one file, and legacy {@code rules:} lists each give a {@link PolicyViolation} naming the line and field.
 */
public final class PolicyParser {

    public enum Format { YAML, JSON }

    private static final JsonFactory JSON = JsonFactory.builder().build();
    /** YAML 1.2 booleans (only true/false; "off" is a string) and empty plain values read as null. */
    private static final YAMLFactory YAML = YAMLFactory.builder()
            .enable(YAMLParser.Feature.EMPTY_STRING_AS_NULL)
            .enable(YAMLParser.Feature.PARSE_BOOLEAN_LIKE_WORDS_AS_STRINGS)
            .build();

    private PolicyParser() {
    }

    /** {@link #parse(String, Format, ConditionLimits)} with the default condition limits. */
    public static List<ParsedPolicy> parse(String body, Format format) {
        return parse(body, format, ConditionLimits.DEFAULT);
    }

    /**
     * @param conditionLimits what {@code requires_approval_if} conditions may cost: costlier ones are violations
     * @throws InvalidPolicyException with every violation; never returns an empty list (an empty file is a violation).
     */
    public static List<ParsedPolicy> parse(String body, Format format, ConditionLimits conditionLimits) {
        String text = body == null ? "" : body.startsWith("\uFEFF") ? body.substring(1) : body;
        List<PolicyViolation> violations = new ArrayList<>();
        List<RawDocument> raw = format == Format.JSON ? readJson(text, violations) : readYaml(text, violations);
        if (raw.isEmpty() && violations.isEmpty()) {
            violations.add(new PolicyViolation(1, 1, 1, null,
                    "the file holds no policy document; submit at least one document with apiVersion, kind, metadata and spec"));
        }

        List<ParsedPolicy> parsed = new ArrayList<>();
        Map<String, Integer> documentByName = new HashMap<>();
        for (RawDocument document : raw) {
            DocumentValidator validator = new DocumentValidator(document.index(), violations, conditionLimits);
            PolicyDocument model = validator.validate(document.root());
            SourceNode.Scalar name = validator.nameNode();
            if (name != null) {
                Integer first = documentByName.putIfAbsent(name.text(), document.index());
                if (first != null) {
                    violations.add(new PolicyViolation(document.index(), name.line(), name.column(), "metadata.name",
                            "duplicate name '" + name.text() + "': document " + first
                                    + " of this file has it too; give each document its own name"));
                    continue;
                }
            }
            if (model != null) {
                String canonical = CanonicalJson.of(model);
                parsed.add(new ParsedPolicy(model, document.source(), canonical, CanonicalJson.digest(canonical)));
            }
        }
        if (!violations.isEmpty()) {
            List<PolicyViolation> sorted = new ArrayList<>(violations);
            sorted.sort(Comparator.comparingInt(PolicyViolation::document)
                    .thenComparing(PolicyViolation::line, Comparator.nullsFirst(Comparator.naturalOrder()))
                    .thenComparing(PolicyViolation::column, Comparator.nullsFirst(Comparator.naturalOrder())));
            throw new InvalidPolicyException(sorted);
        }
        return List.copyOf(parsed);
    }

    /** A document's tree, its number in the file (the first is 1) and its own source text. */
    private record RawDocument(int index, SourceNode root, String source) {
    }

    private static List<RawDocument> readJson(String body, List<PolicyViolation> violations) {
        List<RawDocument> documents = new ArrayList<>();
        int index = 0;
        try (JsonParser parser = JSON.createParser(body)) {
            JsonToken first = parser.nextToken();
            if (first == JsonToken.START_OBJECT) {
                documents.add(new RawDocument(1, new SourceTreeReader(parser, 1, 0, violations).read(""), body));
            } else if (first == JsonToken.START_ARRAY) {
                while (parser.nextToken() != JsonToken.END_ARRAY) {
                    int start = (int) parser.currentTokenLocation().getCharOffset();
                    SourceNode root = new SourceTreeReader(parser, index + 1, 0, violations).read("");
                    int end = (int) parser.currentLocation().getCharOffset();
                    documents.add(new RawDocument(index + 1, root, body.substring(start, end)));
                    index++;
                }
            } else if (first != null) {
                JsonLocation at = parser.currentTokenLocation();
                violations.add(new PolicyViolation(1, at.getLineNr(), at.getColumnNr(), null,
                        "a JSON body must be a policy document object or an array of them"));
                return documents;
            }
            if (first != null && parser.nextToken() != null) {
                JsonLocation at = parser.currentTokenLocation();
                violations.add(new PolicyViolation(Math.max(index, 1), at.getLineNr(), at.getColumnNr(), null,
                        "unexpected content after the JSON value; send one object or one array"));
            }
        } catch (JsonProcessingException e) {
            violations.add(syntaxViolation(e, index + 1, 0));
        } catch (IOException e) {
            throw new IllegalStateException("reading a string cannot fail", e);
        }
        return documents;
    }

    private static List<RawDocument> readYaml(String body, List<PolicyViolation> violations) {
        List<YamlSlices.Slice> slices = YamlSlices.split(body);
        List<RawDocument> documents = new ArrayList<>();
        int index = 0;
        for (YamlSlices.Slice slice : slices) {
            int lineOffset = slice.firstLine() - 1;
            try (JsonParser parser = YAML.createParser(slice.text())) {
                if (parser.nextToken() == null) {
                    continue; // nothing but blank lines and comments between two separators
                }
                SourceNode root = new SourceTreeReader(parser, index + 1, lineOffset, violations).read("");
                if (parser.nextToken() != null) {
                    JsonLocation at = parser.currentTokenLocation();
                    violations.add(new PolicyViolation(index + 1, at.getLineNr() + lineOffset, at.getColumnNr(), null,
                            "unexpected content after the document; separate documents with a --- line"));
                }
                documents.add(new RawDocument(index + 1, root, slice.text()));
            } catch (JsonProcessingException e) {
                violations.add(syntaxViolation(e, index + 1, lineOffset));
            } catch (IOException e) {
                throw new IllegalStateException("reading a string cannot fail", e);
            }
            index++;
        }
        if (documents.size() == 1 && index == 1) {
            RawDocument only = documents.getFirst();
            documents.set(0, new RawDocument(only.index(), only.root(), body));
        }
        return documents;
    }

    private static PolicyViolation syntaxViolation(JsonProcessingException e, int document, int lineOffset) {
        JsonLocation at = e.getLocation();
        String message = e.getOriginalMessage();
        int newline = message == null ? -1 : message.indexOf('\n');
        String firstLine = message == null ? "unreadable input" : newline < 0 ? message : message.substring(0, newline);
        Integer line = at == null || at.getLineNr() < 1 ? null : at.getLineNr() + lineOffset;
        Integer column = at == null || at.getColumnNr() < 1 ? null : at.getColumnNr();
        return new PolicyViolation(document, line, column, null, "syntax error: " + firstLine.strip());
    }
}
