package io.agentassembly.app.openapi;

import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.EnumValueDescriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import io.agentassembly.gateway.edge.FieldLimit;
import io.swagger.v3.oas.models.media.ArraySchema;
import io.swagger.v3.oas.models.media.Schema;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Schemas of a protobuf message in its standard JSON form (protobuf-java-util's {@code JsonFormat}), derived from
 * its descriptor and the gateway's wire limits: one component per message, named by its full protobuf name. Fields carry their original
 * (snake_case) names; {@code JsonFormat} also reads the lowerCamelCase names, so the schemas do not close the
 * set of properties. Bytes are base64 strings, enums their value names (without the zero {@code …_UNSPECIFIED}),
 * 64-bit integers decimal strings.
 */
final class ProtobufSchemas {

    private ProtobufSchemas() {
    }

    static final String REF_PREFIX = "#/components/schemas/";

    /**
     * The schemas of {@code root} and of every message it uses, by component name (the root first), with the
     * {@code limits} by field full name.
     */
    static Map<String, Schema<?>> of(Descriptor root, Map<String, FieldLimit> limits) {
        Map<String, Schema<?>> schemas = new LinkedHashMap<>();
        add(root, limits, schemas);
        return schemas;
    }

    static String componentName(Descriptor message) {
        return message.getFullName();
    }

    private static void add(Descriptor message, Map<String, FieldLimit> limits, Map<String, Schema<?>> schemas) {
        if (schemas.containsKey(componentName(message))) {
            return;
        }
        Schema<Object> schema = new Schema<>().type("object").additionalProperties(Boolean.TRUE)
                .description("protobuf message " + message.getFullName() + " in its JSON form; field names as "
                        + "written here or in lowerCamelCase");
        schemas.put(componentName(message), schema);
        for (FieldDescriptor field : message.getFields()) {
            if (field.getRealContainingOneof() != null) {
                schema.setDescription(schema.getDescription() + "; at most one of the fields of '"
                        + field.getRealContainingOneof().getName() + "'");
            }
            schema.addProperty(field.getName(), fieldSchema(field, limits, schemas));
        }
    }

    private static Schema<?> fieldSchema(FieldDescriptor field, Map<String, FieldLimit> limits,
                                         Map<String, Schema<?>> schemas) {
        FieldLimit limit = limits.get(field.getFullName());
        if (field.isMapField()) {
            FieldDescriptor value = field.getMessageType().findFieldByName("value");
            Schema<?> map = new Schema<>().type("object").additionalProperties(
                    limited(valueSchema(value, limits, schemas), limit == null ? null : limit.element()));
            if (limit != null) {
                map.setMaxProperties(limit.max());
            }
            return map;
        }
        Schema<?> value = valueSchema(field, limits, schemas);
        if (!field.isRepeated()) {
            return limited(value, limit);
        }
        ArraySchema list = new ArraySchema().items(limited(value, limit == null ? null : limit.element()));
        if (limit != null) {
            list.setMaxItems(limit.max());
        }
        return list;
    }

    /** Text limits count characters; bytes limits count bytes, which base64 writes as four characters per three. */
    private static Schema<?> limited(Schema<?> schema, FieldLimit limit) {
        if (limit != null && limit.kind() == FieldLimit.Kind.TEXT) {
            schema.setMaxLength(limit.max());
        } else if (limit != null && limit.kind() == FieldLimit.Kind.BYTES) {
            schema.setMaxLength((limit.max() + 2) / 3 * 4);
        }
        return schema;
    }

    /** The zero value named {@code …_UNSPECIFIED} means "not set" (protobuf style): nothing to send. */
    private static boolean unset(EnumValueDescriptor value) {
        return value.getNumber() == 0 && value.getName().endsWith("_UNSPECIFIED");
    }

    private static Schema<?> valueSchema(FieldDescriptor field, Map<String, FieldLimit> limits,
                                         Map<String, Schema<?>> schemas) {
        return switch (field.getJavaType()) {
            case MESSAGE -> {
                add(field.getMessageType(), limits, schemas);
                yield new Schema<>().$ref(REF_PREFIX + componentName(field.getMessageType()));
            }
            case ENUM -> {
                Schema<String> schema = new Schema<String>().type("string");
                for (EnumValueDescriptor value : field.getEnumType().getValues()) {
                    if (!unset(value)) {
                        schema.addEnumItemObject(value.getName());
                    }
                }
                yield schema;
            }
            case STRING -> new Schema<>().type("string");
            case BYTE_STRING -> new Schema<>().type("string").format("byte");
            case BOOLEAN -> new Schema<>().type("boolean");
            case INT -> new Schema<>().type("integer").format("int32");
            case LONG -> new Schema<>().type("string").pattern("^-?[0-9]+$").format("int64");
            case FLOAT -> new Schema<>().type("number").format("float");
            case DOUBLE -> new Schema<>().type("number").format("double");
        };
    }
}
