package io.agentassembly.app.scim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.unboundid.scim2.common.Path;
import com.unboundid.scim2.common.exceptions.BadRequestException;
import com.unboundid.scim2.common.messages.PatchOperation;
import com.unboundid.scim2.common.messages.PatchRequest;
import com.unboundid.scim2.common.utils.JsonUtils;

import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A PATCH request body (RFC 7644 §3.5.2) read leniently where identity providers differ: Entra ID capitalises
 * {@code op} ("Replace", "Remove") and sends booleans as strings; both are accepted.
 */
public final class ScimPatch {

    public static final String PATCH_SCHEMA = "urn:ietf:params:scim:api:messages:2.0:PatchOp";
    private static final Set<String> READ_ONLY = Set.of("id", "meta", "groups");

    private ScimPatch() {
    }

    public static List<PatchOperation> operations(JsonNode body) throws BadRequestException {
        if (body == null || !body.isObject()) {
            throw BadRequestException.invalidSyntax("a PATCH body is a JSON object with \"schemas\": [\""
                    + PATCH_SCHEMA + "\"] and \"Operations\"");
        }
        ObjectNode copy = ((ObjectNode) body).deepCopy();
        JsonNode operations = field(copy, "Operations");
        if (operations == null || !operations.isArray() || operations.isEmpty()) {
            throw BadRequestException.invalidSyntax("a PATCH body needs a non-empty \"Operations\" array");
        }
        copy.remove(fieldName(copy, "Operations"));
        copy.set("Operations", operations);
        for (JsonNode operation : operations) {
            if (!operation.isObject() || field(operation, "op") == null || !field(operation, "op").isTextual()) {
                throw BadRequestException.invalidSyntax("every PATCH operation needs \"op\": add, replace or remove");
            }
            ObjectNode op = (ObjectNode) operation;
            String name = field(op, "op").asText().toLowerCase(Locale.ROOT);
            if (!Set.of("add", "replace", "remove").contains(name)) {
                throw BadRequestException.invalidSyntax("unknown PATCH op '" + field(op, "op").asText()
                        + "'; use add, replace or remove");
            }
            op.remove(fieldName(op, "op"));
            op.put("op", name);
            JsonNode path = field(op, "path");
            if (path != null && path.isTextual()) {
                requireWritable(Path.fromString(path.asText()));
            }
            if (name.equals("remove") && field(op, "value") != null) {
                removeByValues(op);
            }
        }
        PatchRequest request;
        try {
            request = JsonUtils.getObjectReader().treeToValue(copy, PatchRequest.class);
        } catch (IOException | IllegalArgumentException e) {
            throw BadRequestException.invalidSyntax("the PATCH body is not a valid PatchOp message: "
                    + rootMessage(e));
        }
        return request.getOperations();
    }

    private static void requireWritable(Path path) throws BadRequestException {
        if (!path.isRoot() && path.getSchemaUrn() == null
                && READ_ONLY.contains(path.getElement(0).getAttribute().toLowerCase(Locale.ROOT))) {
            throw BadRequestException.mutability("the attribute '" + path + "' is read-only");
        }
    }

    /** Applies the operations to a copy of the resource. */
    public static ObjectNode apply(ObjectNode resource, List<PatchOperation> operations) throws BadRequestException {
        ObjectNode patched = resource.deepCopy();
        try {
            for (PatchOperation operation : operations) {
                operation.apply(patched);
            }
        } catch (BadRequestException e) {
            throw e;
        } catch (com.unboundid.scim2.common.exceptions.ScimException e) {
            throw BadRequestException.invalidValue(e.getMessage());
        }
        return patched;
    }

    /**
     * Entra ID removes members as {@code "path": "members", "value": [{"value": id}, …]}; RFC 7644 has no value on
     * remove, so the values become the path's filter: {@code members[value eq "id" or …]}.
     */
    private static void removeByValues(ObjectNode op) throws BadRequestException {
        JsonNode path = field(op, "path");
        JsonNode values = field(op, "value");
        if (path == null || !path.isTextual() || path.asText().contains("[")) {
            throw BadRequestException.invalidSyntax("a remove operation takes a value only with a plain attribute path"
                    + " (e.g. \"path\": \"members\", \"value\": [{\"value\": \"<id>\"}])");
        }
        StringBuilder filter = new StringBuilder();
        for (JsonNode value : values.isArray() ? values : List.of(values)) {
            JsonNode id = value.isObject() ? field(value, "value") : null;
            if (id == null || !id.isTextual()) {
                throw BadRequestException.invalidValue("each value of a remove is an object with the id as \"value\"");
            }
            filter.append(filter.isEmpty() ? "" : " or ").append("value eq ")
                    .append(id);
        }
        op.remove(fieldName(op, "value"));
        op.remove(fieldName(op, "path"));
        op.put("path", filter.isEmpty() ? path.asText() : path.asText() + "[" + filter + "]");
    }

    private static JsonNode field(JsonNode node, String name) {
        String key = fieldName(node, name);
        return key == null ? null : node.get(key);
    }

    private static String fieldName(JsonNode node, String name) {
        for (var it = node.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            if (key.equalsIgnoreCase(name)) {
                return key;
            }
        }
        return null;
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        String message = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
