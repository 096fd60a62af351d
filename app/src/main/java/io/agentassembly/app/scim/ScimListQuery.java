package io.agentassembly.app.scim;

import com.fasterxml.jackson.databind.JsonNode;
import com.unboundid.scim2.common.exceptions.BadRequestException;
import com.unboundid.scim2.common.filters.Filter;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The query of a list (RFC 7644 §3.4.2): from the parameters of a GET (bound by name), or from a SearchRequest body
 * of {@code POST /.search} (§3.4.3). {@code attributes} and {@code excludedAttributes} are comma-separated.
 */
public record ScimListQuery(String filter, String sortBy, String sortOrder, Integer startIndex, Integer count,
                            String attributes, String excludedAttributes) {

    static final String SEARCH_SCHEMA = "urn:ietf:params:scim:api:messages:2.0:SearchRequest";
    private static final Set<String> FIELDS = Set.of("schemas", "filter", "sortby", "sortorder", "startindex", "count",
            "attributes", "excludedattributes");

    static ScimListQuery ofSearch(JsonNode body) throws BadRequestException {
        if (body == null || !body.isObject()) {
            throw BadRequestException.invalidSyntax("a search is a JSON object with \"schemas\": [\"" + SEARCH_SCHEMA
                    + "\"]");
        }
        Map<String, JsonNode> fields = new HashMap<>();
        for (var it = body.fields(); it.hasNext(); ) {
            var field = it.next();
            String name = field.getKey().toLowerCase(Locale.ROOT);
            if (!FIELDS.contains(name)) {
                throw BadRequestException.invalidSyntax("unknown attribute '" + field.getKey() + "' in a SearchRequest");
            }
            fields.put(name, field.getValue());
        }
        return new ScimListQuery(text(fields.get("filter"), "filter"), text(fields.get("sortby"), "sortBy"),
                text(fields.get("sortorder"), "sortOrder"), number(fields.get("startindex"), "startIndex"),
                number(fields.get("count"), "count"), list(fields.get("attributes"), "attributes"),
                list(fields.get("excludedattributes"), "excludedAttributes"));
    }

    Filter parsedFilter() throws BadRequestException {
        return ScimFilters.parse(filter);
    }

    SortSpec sort() throws BadRequestException {
        return SortSpec.of(sortBy, sortOrder);
    }

    int start() {
        return startIndex == null ? 1 : startIndex;
    }

    int countOr(int maxResults) {
        return count == null ? maxResults : count;
    }

    ScimAttributeSelection selection() throws BadRequestException {
        return ScimAttributeSelection.of(attributes, excludedAttributes);
    }

    private static String text(JsonNode value, String name) throws BadRequestException {
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            throw BadRequestException.invalidValue("'" + name + "' must be a string");
        }
        return value.asText();
    }

    private static Integer number(JsonNode value, String name) throws BadRequestException {
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.canConvertToInt() || !value.isIntegralNumber()) {
            throw BadRequestException.invalidValue("'" + name + "' must be an integer");
        }
        return value.asInt();
    }

    private static String list(JsonNode value, String name) throws BadRequestException {
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isArray()) {
            throw BadRequestException.invalidValue("'" + name + "' must be an array of attribute names");
        }
        List<String> names = new ArrayList<>();
        for (JsonNode element : value) {
            names.add(text(element, name));
        }
        return String.join(",", names);
    }
}
