package io.agentassembly.policy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/** Field-level differences between two versions of a document, computed on their canonical JSON. */
public final class PolicyDiff {

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS).build();

    /** One changed leaf or subtree: {@code path} like {@code spec.tools.shell.allow}; {@code from}/{@code to} null when absent. */
    public record Change(String path, Object from, Object to) {
    }

    private PolicyDiff() {
    }

    /**
     * Changes in path order; empty when the documents mean the same. Mappings are compared key by key; a key
     * present on one side only is one change carrying the whole subtree; lists (allowlists, patterns) are compared
     * whole. Values are plain Java: String, Boolean, Long/BigDecimal, List, Map.
     */
    public static List<Change> between(ParsedPolicy from, ParsedPolicy to) {
        List<Change> changes = new ArrayList<>();
        compare("", tree(from), tree(to), changes);
        return List.copyOf(changes);
    }

    private static JsonNode tree(ParsedPolicy policy) {
        try {
            return MAPPER.readTree(policy.canonicalJson());
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("canonical JSON of " + policy.name() + " does not parse", e);
        }
    }

    private static void compare(String path, JsonNode from, JsonNode to, List<Change> changes) {
        if (from != null && to != null && from.isObject() && to.isObject()) {
            TreeSet<String> keys = new TreeSet<>();
            from.fieldNames().forEachRemaining(keys::add);
            to.fieldNames().forEachRemaining(keys::add);
            for (String key : keys) {
                compare(FieldPaths.child(path, key), from.get(key), to.get(key), changes);
            }
        } else if (from == null ? to != null : !from.equals(to)) {
            changes.add(new Change(path, plain(from), plain(to)));
        }
    }

    private static Object plain(JsonNode node) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (node.isObject()) {
            return MAPPER.convertValue(node, Map.class);
        }
        if (node.isArray()) {
            return MAPPER.convertValue(node, List.class);
        }
        if (node.isBoolean()) {
            return node.booleanValue();
        }
        if (node.isIntegralNumber()) {
            return node.canConvertToLong() ? (Object) node.longValue() : node.bigIntegerValue();
        }
        if (node.isNumber()) {
            return node.decimalValue();
        }
        return node.textValue();
    }
}
