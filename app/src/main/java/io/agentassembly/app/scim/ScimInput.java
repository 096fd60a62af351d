package io.agentassembly.app.scim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.unboundid.scim2.common.exceptions.BadRequestException;
import com.unboundid.scim2.common.types.AttributeDefinition;
import com.unboundid.scim2.common.utils.SchemaUtils;

import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Map.Entry;
import java.util.Set;

/**
 * Checks a resource sent by an identity provider against the SCIM schema (RFC 7643) and returns it with the
 * schema's attribute names (names are case-insensitive on the wire): an unknown attribute is refused
 * ({@code invalidSyntax}), a value of the wrong type too ({@code invalidValue}); read-only attributes (id, meta,
 * groups, members' display) are dropped, as RFC 7644 §3.3 asks. Booleans sent as "True"/"False" (Entra ID) are
 * taken as booleans.
 */
public final class ScimInput {


    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final Set<String> COMMON = Set.of("schemas", "id", "externalId", "meta");

    public static final ScimInput USERS = new ScimInput(ScimFilters.USER_SCHEMA,
            byName(ScimFilters.USER_SCHEMA_RESOURCE.getAttributes()),
            Map.of(ScimFilters.ENTERPRISE_USER_SCHEMA, byName(ScimFilters.ENTERPRISE_USER_SCHEMA_RESOURCE.getAttributes())));
    public static final ScimInput GROUPS = new ScimInput(ScimFilters.GROUP_SCHEMA,
            byName(ScimFilters.GROUP_SCHEMA_RESOURCE.getAttributes()), Map.of());

    private final String coreSchema;
    private final Map<String, AttributeDefinition> core;
    private final Map<String, Map<String, AttributeDefinition>> extensions;

    private ScimInput(String coreSchema, Map<String, AttributeDefinition> core,
                      Map<String, Map<String, AttributeDefinition>> extensions) {
        this.coreSchema = coreSchema;
        this.core = core;
        this.extensions = extensions;
    }

    public String coreSchema() {
        return coreSchema;
    }

    public Set<String> extensionSchemas() {
        return extensions.keySet();
    }

    /** The core attribute of this name, whatever its case, or null. */
    public AttributeDefinition attribute(String name) {
        return core.get(name.toLowerCase(Locale.ROOT));
    }

    /** The resource with canonical attribute names, read-only attributes dropped; refused when it breaks the schema. */
    public ObjectNode check(JsonNode body) throws BadRequestException {
        if (body == null || !body.isObject()) {
            throw BadRequestException.invalidSyntax("the request body must be a JSON object (a SCIM resource)");
        }
        ObjectNode result = NODES.objectNode();
        for (Iterator<Entry<String, JsonNode>> it = body.fields(); it.hasNext(); ) {
            Entry<String, JsonNode> field = it.next();
            String name = field.getKey();
            String lower = name.toLowerCase(Locale.ROOT);
            if (lower.equals("schemas")) {
                result.set("schemas", schemas(field.getValue()));
            } else if (lower.equals("id") || lower.equals("meta")) {
                continue;
            } else if (lower.equals("externalid")) {
                result.set("externalId", value(SchemaUtils.EXTERNAL_ID_ATTRIBUTE_DEFINITION, field.getValue(), name));
            } else if (extension(name) != null) {
                String urn = extension(name);
                result.set(urn, complex(extensions.get(urn), field.getValue(), urn));
            } else {
                AttributeDefinition definition = core.get(lower);
                if (definition == null) {
                    throw unknown(name);
                }
                JsonNode value = value(definition, field.getValue(), definition.getName());
                if (definition.getMutability() != AttributeDefinition.Mutability.READ_ONLY && value != null) {
                    result.set(definition.getName(), value);
                }
            }
        }
        return result;
    }

    private String extension(String name) {
        return extensions.keySet().stream().filter(urn -> urn.equalsIgnoreCase(name)).findFirst().orElse(null);
    }

    private JsonNode schemas(JsonNode value) throws BadRequestException {
        if (!value.isArray()) {
            throw BadRequestException.invalidValue("'schemas' must be an array of schema URNs");
        }
        ArrayNode schemas = NODES.arrayNode();
        for (JsonNode urn : value) {
            String text = urn.asText();
            if (text.equalsIgnoreCase(coreSchema)) {
                schemas.add(coreSchema);
            } else if (extension(text) != null) {
                schemas.add(extension(text));
            } else {
                throw BadRequestException.invalidValue("unknown schema '" + text + "'; this resource accepts "
                        + coreSchema + (extensions.isEmpty() ? "" : " and " + String.join(", ", extensions.keySet())));
            }
        }
        return schemas;
    }

    private JsonNode value(AttributeDefinition definition, JsonNode value, String path) throws BadRequestException {
        if (value == null || value.isNull()) {
            return null;
        }
        if (definition.isMultiValued()) {
            ArrayNode values = NODES.arrayNode();
            for (JsonNode element : value.isArray() ? value : NODES.arrayNode().add(value)) {
                JsonNode checked = single(definition, element, path);
                if (checked != null) {
                    values.add(checked);
                }
            }
            return values;
        }
        if (value.isArray()) {
            throw BadRequestException.invalidValue("'" + path + "' takes a single value, not an array");
        }
        return single(definition, value, path);
    }

    private JsonNode single(AttributeDefinition definition, JsonNode value, String path) throws BadRequestException {
        if (value.isNull()) {
            return null;
        }
        return switch (definition.getType()) {
            case COMPLEX -> complex(subAttributes(definition), value, path);
            case BOOLEAN -> bool(value, path);
            case INTEGER -> {
                if (!value.isIntegralNumber()) {
                    throw BadRequestException.invalidValue("'" + path + "' must be an integer");
                }
                yield value;
            }
            case DECIMAL -> {
                if (!value.isNumber()) {
                    throw BadRequestException.invalidValue("'" + path + "' must be a number");
                }
                yield value;
            }
            default -> {
                if (!value.isTextual()) {
                    throw BadRequestException.invalidValue("'" + path + "' must be a string");
                }
                yield value;
            }
        };
    }

    private static JsonNode bool(JsonNode value, String path) throws BadRequestException {
        if (value.isBoolean()) {
            return value;
        }
        if (value.isTextual() && (value.asText().equalsIgnoreCase("true") || value.asText().equalsIgnoreCase("false"))) {
            return NODES.booleanNode(Boolean.parseBoolean(value.asText().toLowerCase(Locale.ROOT)));
        }
        throw BadRequestException.invalidValue("'" + path + "' must be true or false");
    }

    private ObjectNode complex(Map<String, AttributeDefinition> attributes, JsonNode value, String path)
            throws BadRequestException {
        if (!value.isObject()) {
            throw BadRequestException.invalidValue("'" + path + "' must be a JSON object");
        }
        ObjectNode result = NODES.objectNode();
        for (Iterator<Entry<String, JsonNode>> it = value.fields(); it.hasNext(); ) {
            Entry<String, JsonNode> field = it.next();
            AttributeDefinition definition = attributes.get(field.getKey().toLowerCase(Locale.ROOT));
            if (definition == null) {
                throw unknown(path + "." + field.getKey());
            }
            JsonNode checked = value(definition, field.getValue(), path + "." + definition.getName());
            if (checked != null && definition.getMutability() != AttributeDefinition.Mutability.READ_ONLY) {
                result.set(definition.getName(), checked);
            }
        }
        return result;
    }

    private static BadRequestException unknown(String name) {
        return BadRequestException.invalidSyntax("unknown attribute '" + name + "'; see /scim/v2/Schemas for the "
                + "attributes this service accepts");
    }

    private static Map<String, AttributeDefinition> subAttributes(AttributeDefinition definition) {
        return byName(definition.getSubAttributes() == null ? List.of() : definition.getSubAttributes());
    }

    private static Map<String, AttributeDefinition> byName(Collection<AttributeDefinition> definitions) {
        Map<String, AttributeDefinition> byName = new LinkedHashMap<>();
        for (AttributeDefinition definition : definitions) {
            if (!COMMON.contains(definition.getName())) {
                byName.put(definition.getName().toLowerCase(Locale.ROOT), definition);
            }
        }
        return byName;
    }
}
