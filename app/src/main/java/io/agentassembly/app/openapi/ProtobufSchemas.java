package io.agentassembly.app.openapi;

import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.EnumValueDescriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import io.swagger.v3.oas.models.media.ArraySchema;
import io.swagger.v3.oas.models.media.Schema;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Schemas of a protobuf message in its standard JSON form (protobuf-java-util's {@code JsonFormat}), derived from
 * its descriptor: one component per message, named by its full protobuf name. Fields carry their original
 * (snake_case) names; {@code JsonFormat} also reads the lowerCamelCase names, so the schemas do not close the
 * set of properties. Bytes are base64 strings, enums their value names, 64-bit integers strings or numbers.
 */
final class ProtobufSchemas {

    private ProtobufSchemas() {
    }

    static final String REF_PREFIX = "#/components/schemas/";

    /** The schemas of {@code root} and of every message it uses, by component name; the root comes first. */
    static Map<String, Schema<?>> of(Descriptor root) {
        Map<String, Schema<?>> schemas = new LinkedHashMap<>();
        add(root, schemas);
        return schemas;
    }

    static String componentName(Descriptor message) {
        return message.getFullName();
    }

    private static void add(Descriptor message, Map<String, Schema<?>> schemas) {
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
            schema.addProperty(field.getName(), fieldSchema(field, schemas));
        }
    }

    private static Schema<?> fieldSchema(FieldDescriptor field, Map<String, Schema<?>> schemas) {
        if (field.isMapField()) {
            FieldDescriptor value = field.getMessageType().findFieldByName("value");
            return new Schema<>().type("object").additionalProperties(valueSchema(value, schemas));
        }
        Schema<?> value = valueSchema(field, schemas);
        return field.isRepeated() ? new ArraySchema().items(value) : value;
    }

    private static Schema<?> valueSchema(FieldDescriptor field, Map<String, Schema<?>> schemas) {
        return switch (field.getJavaType()) {
            case MESSAGE -> {
                add(field.getMessageType(), schemas);
                yield new Schema<>().$ref(REF_PREFIX + componentName(field.getMessageType()));
            }
            case ENUM -> {
                Schema<String> schema = new Schema<String>().type("string");
                for (EnumValueDescriptor value : field.getEnumType().getValues()) {
                    schema.addEnumItemObject(value.getName());
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
