package io.agentassembly.app.scim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.unboundid.scim2.common.Path;
import com.unboundid.scim2.common.exceptions.BadRequestException;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map.Entry;
import java.util.Set;

/**
 * {@code attributes} and {@code excludedAttributes} (RFC 7644 §3.4.2.5): which attributes a response returns.
 * {@code schemas}, {@code id} and {@code meta} are always returned. Names are case-insensitive and may carry
 * their schema URN ({@code urn:…:enterprise:2.0:User:department}).
 */
public record ScimAttributeSelection(List<Path> attributes, List<Path> excluded) {

    private static final Set<String> ALWAYS = Set.of("schemas", "id", "meta");

    public static ScimAttributeSelection of(String attributes, String excludedAttributes) throws BadRequestException {
        return new ScimAttributeSelection(paths(attributes), paths(excludedAttributes));
    }

    public boolean excludes(String attribute) {
        if (!attributes.isEmpty()) {
            return attributes.stream().noneMatch(p -> p.getSchemaUrn() == null && !p.isRoot()
                    && p.getElement(0).getAttribute().equalsIgnoreCase(attribute));
        }
        return excluded.stream().anyMatch(p -> p.getSchemaUrn() == null && p.size() == 1
                && p.getElement(0).getAttribute().equalsIgnoreCase(attribute));
    }

    public ObjectNode apply(ObjectNode resource) {
        if (!attributes.isEmpty()) {
            ObjectNode kept = JsonNodeFactory.instance.objectNode();
            for (Iterator<Entry<String, JsonNode>> it = resource.fields(); it.hasNext(); ) {
                Entry<String, JsonNode> field = it.next();
                if (ALWAYS.contains(field.getKey())) {
                    kept.set(field.getKey(), field.getValue());
                    continue;
                }
                for (Path path : attributes) {
                    JsonNode selected = select(field.getKey(), field.getValue(), path);
                    if (selected != null) {
                        kept.set(field.getKey(), merge(kept.get(field.getKey()), selected));
                    }
                }
            }
            return kept;
        }
        ObjectNode copy = resource.deepCopy();
        for (Path path : excluded) {
            remove(copy, path);
        }
        return copy;
    }

    /** The part of {@code value} (the attribute {@code name}) that {@code path} asks for, or null. */
    private static JsonNode select(String name, JsonNode value, Path path) {
        List<String> names = names(path);
        if (names.isEmpty() || !names.get(0).equalsIgnoreCase(name)) {
            return null;
        }
        return narrow(value, names.subList(1, names.size()));
    }

    private static JsonNode narrow(JsonNode value, List<String> rest) {
        if (rest.isEmpty()) {
            return value;
        }
        if (value.isArray()) {
            ArrayNode narrowed = JsonNodeFactory.instance.arrayNode();
            value.forEach(element -> {
                JsonNode part = narrow(element, rest);
                if (part != null) {
                    narrowed.add(part);
                }
            });
            return narrowed;
        }
        if (!value.isObject()) {
            return null;
        }
        for (Iterator<Entry<String, JsonNode>> it = value.fields(); it.hasNext(); ) {
            Entry<String, JsonNode> field = it.next();
            if (field.getKey().equalsIgnoreCase(rest.get(0))) {
                JsonNode part = narrow(field.getValue(), rest.subList(1, rest.size()));
                return part == null ? null : JsonNodeFactory.instance.objectNode().set(field.getKey(), part);
            }
        }
        return null;
    }

    private static JsonNode merge(JsonNode into, JsonNode part) {
        if (into == null) {
            return part;
        }
        if (into.isObject() && part.isObject()) {
            ((ObjectNode) into).setAll((ObjectNode) part);
            return into;
        }
        return part;
    }

    private static void remove(ObjectNode node, Path path) {
        List<String> names = names(path);
        ObjectNode parent = node;
        for (int i = 0; i < names.size(); i++) {
            String key = key(parent, names.get(i));
            if (key == null || (i == 0 && ALWAYS.contains(key))) {
                return;
            }
            if (i == names.size() - 1) {
                parent.remove(key);
                return;
            }
            JsonNode child = parent.get(key);
            if (child.isArray()) {
                List<String> rest = names.subList(i + 1, names.size());
                child.forEach(element -> {
                    if (element.isObject() && rest.size() == 1) {
                        String sub = key((ObjectNode) element, rest.get(0));
                        if (sub != null) {
                            ((ObjectNode) element).remove(sub);
                        }
                    }
                });
                return;
            }
            if (!child.isObject()) {
                return;
            }
            parent = (ObjectNode) child;
        }
    }

    private static String key(ObjectNode node, String name) {
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            if (key.equalsIgnoreCase(name)) {
                return key;
            }
        }
        return null;
    }

    /** The path's attribute names from the resource's top: an extension's URN first when the path names one. */
    private static List<String> names(Path path) {
        List<String> names = new ArrayList<>();
        String urn = path.getSchemaUrn();
        if (urn != null && !urn.equalsIgnoreCase(ScimFilters.USER_SCHEMA) && !urn.equalsIgnoreCase(ScimFilters.GROUP_SCHEMA)) {
            names.add(urn);
        }
        path.forEach(element -> names.add(element.getAttribute()));
        return names;
    }

    private static List<Path> paths(String list) throws BadRequestException {
        List<Path> paths = new ArrayList<>();
        if (list == null || list.isBlank()) {
            return paths;
        }
        for (String name : list.split(",")) {
            if (!name.isBlank()) {
                paths.add(Path.fromString(name.trim()));
            }
        }
        return paths;
    }
}
