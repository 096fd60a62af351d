package io.agentassembly.app.scim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.unboundid.scim2.common.Path;
import com.unboundid.scim2.common.exceptions.BadRequestException;
import com.unboundid.scim2.common.filters.CombiningFilter;
import com.unboundid.scim2.common.filters.EqualFilter;
import com.unboundid.scim2.common.filters.Filter;
import com.unboundid.scim2.common.filters.FilterType;
import com.unboundid.scim2.common.messages.PatchOpType;
import com.unboundid.scim2.common.messages.PatchOperation;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A group PATCH folded into one change without reading the members: a name, an external id, and which members to
 * drop and add, in the order the operations came. Every form identity providers send for members is taken: Okta's
 * {@code remove} with {@code members[value eq "id"]}, Entra ID's {@code Remove} with {@code "path": "members"} and a
 * value list, {@code add} with a value list, {@code replace} of all members, and operations without a path.
 */
final class GroupChange {

    String displayName;
    String externalId;
    /** Whether an operation named the display name or the external id; if not, they are left as they are. */
    boolean renames;
    boolean removeAllMembers;
    final Set<String> add = new LinkedHashSet<>();
    final Set<String> remove = new LinkedHashSet<>();

    GroupChange(String displayName, String externalId) {
        this.displayName = displayName;
        this.externalId = externalId;
    }

    static GroupChange of(String displayName, String externalId, List<PatchOperation> operations)
            throws BadRequestException {
        GroupChange change = new GroupChange(displayName, externalId);
        for (PatchOperation operation : operations) {
            change.apply(operation);
        }
        return change;
    }

    private void apply(PatchOperation operation) throws BadRequestException {
        Path path = operation.getPath();
        PatchOpType op = operation.getOpType();
        if (path == null || path.isRoot()) {
            JsonNode value = operation.getJsonNode();
            if (op == PatchOpType.REMOVE || value == null || !value.isObject()) {
                throw BadRequestException.noTarget("an operation without a path needs an object value of the "
                        + "attributes to " + op.getStringValue());
            }
            for (var it = value.fields(); it.hasNext(); ) {
                var field = it.next();
                attribute(op, field.getKey(), null, field.getValue());
            }
            return;
        }
        if (path.size() != 1 || (path.getSchemaUrn() != null
                && !path.getSchemaUrn().equalsIgnoreCase(ScimFilters.GROUP_SCHEMA))) {
            throw BadRequestException.invalidPath("the path '" + path + "' names no attribute of a Group; use "
                    + "displayName, externalId or members");
        }
        attribute(op, path.getElement(0).getAttribute(), path.getElement(0).getValueFilter(), operation.getJsonNode());
    }

    private void attribute(PatchOpType op, String name, Filter filter, JsonNode value) throws BadRequestException {
        switch (name.toLowerCase(Locale.ROOT)) {
            case "displayname" -> {
                if (op == PatchOpType.REMOVE) {
                    throw BadRequestException.mutability("displayName is required and cannot be removed");
                }
                displayName = text(value, "displayName");
                renames = true;
            }
            case "externalid" -> {
                externalId = op == PatchOpType.REMOVE ? null : text(value, "externalId");
                renames = true;
            }
            case "members" -> members(op, filter, value);
            case "id", "meta" -> throw BadRequestException.mutability("the attribute '" + name + "' is read-only");
            case "schemas" -> {
            }
            default -> throw BadRequestException.invalidPath("a Group has no attribute '" + name + "'");
        }
    }

    private void members(PatchOpType op, Filter filter, JsonNode value) throws BadRequestException {
        if (filter != null) {
            if (op != PatchOpType.REMOVE) {
                throw BadRequestException.invalidPath("a filter on members is only taken by remove");
            }
            for (String id : filteredIds(filter)) {
                dropMember(id);
            }
            return;
        }
        List<String> ids = value == null || value.isNull() ? List.of() : ids(value);
        switch (op) {
            case ADD -> ids.forEach(this::addMember);
            case REMOVE -> {
                if (ids.isEmpty()) {
                    removeAll();
                } else {
                    ids.forEach(this::dropMember);
                }
            }
            case REPLACE -> {
                removeAll();
                ids.forEach(this::addMember);
            }
        }
    }

    private void removeAll() {
        removeAllMembers = true;
        add.clear();
        remove.clear();
    }

    private void addMember(String id) {
        remove.remove(id);
        add.add(id);
    }

    private void dropMember(String id) {
        add.remove(id);
        remove.add(id);
    }

    /** The ids a filter such as {@code value eq "a" or value eq "b"} names; other filters are refused. */
    private static List<String> filteredIds(Filter filter) throws BadRequestException {
        List<String> ids = new ArrayList<>();
        if (filter.getFilterType() == FilterType.OR) {
            for (Filter part : ((CombiningFilter) filter).getCombinedFilters()) {
                ids.addAll(filteredIds(part));
            }
            return ids;
        }
        if (filter instanceof EqualFilter equal && equal.getAttributePath().size() == 1
                && equal.getAttributePath().getElement(0).getAttribute().equalsIgnoreCase("value")
                && equal.getComparisonValue() != null && equal.getComparisonValue().isTextual()) {
            ids.add(equal.getComparisonValue().asText());
            return ids;
        }
        throw BadRequestException.invalidFilter("members can be chosen by value eq \"<id>\" (joined with or), not by '"
                + filter + "'");
    }

    /** Member ids from a list of {"value": id} (or one such object). */
    static List<String> ids(JsonNode value) throws BadRequestException {
        List<String> ids = new ArrayList<>();
        for (JsonNode member : value.isArray() ? value : List.of(value)) {
            JsonNode id = member.isObject() ? caseless((ObjectNode) member, "value") : null;
            if (id == null || !id.isTextual() || id.asText().isBlank()) {
                throw BadRequestException.invalidValue("each member is an object with the user's id as \"value\"");
            }
            ids.add(id.asText());
        }
        return ids;
    }

    private static JsonNode caseless(ObjectNode node, String name) {
        for (var it = node.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            if (key.equalsIgnoreCase(name)) {
                return node.get(key);
            }
        }
        return null;
    }

    private static String text(JsonNode value, String name) throws BadRequestException {
        if (value == null || !value.isTextual()) {
            throw BadRequestException.invalidValue("'" + name + "' must be a string");
        }
        return value.asText();
    }
}
