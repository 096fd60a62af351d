package io.agentassembly.app.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Descriptors.OneofDescriptor;

import java.util.Base64;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Where protobuf JSON that {@code JsonFormat} refuses goes wrong, as a wire path ({@code request.context.tool_call}):
 * its exceptions name a field or value but not where it is. Finds unknown fields (by .proto or lowerCamelCase
 * name), a second field of a oneof, unknown enum names, bytes that are not base64 and values of the wrong JSON
 * kind for messages and lists.
 */
final class ProtobufJsonPaths {

    private ProtobufJsonPaths() {
    }

    /** The path of the first such problem under {@code path}, or null when none of these is found. */
    static String firstProblem(JsonNode json, Descriptor type, String path) {
        if (!json.isObject()) {
            return path;
        }
        Set<OneofDescriptor> oneofs = new HashSet<>();
        for (Map.Entry<String, JsonNode> member : json.properties()) {
            FieldDescriptor field = fieldOf(type, member.getKey());
            if (field == null) {
                return path + "." + member.getKey();
            }
            String at = path + "." + field.getName();
            JsonNode value = member.getValue();
            if (value.isNull()) {
                continue;
            }
            if (field.getRealContainingOneof() != null && !oneofs.add(field.getRealContainingOneof())) {
                return at;
            }
            String problem;
            if (field.isMapField()) {
                problem = value.isObject() ? null : at;
            } else if (field.isRepeated()) {
                problem = value.isArray() ? null : at;
                for (int i = 0; problem == null && i < value.size(); i++) {
                    problem = valueProblem(value.get(i), field, at + "[" + i + "]");
                }
            } else {
                problem = valueProblem(value, field, at);
            }
            if (problem != null) {
                return problem;
            }
        }
        return null;
    }

    private static FieldDescriptor fieldOf(Descriptor type, String name) {
        FieldDescriptor field = type.findFieldByName(name);
        if (field != null) {
            return field;
        }
        return type.getFields().stream().filter(f -> f.getJsonName().equals(name)).findFirst().orElse(null);
    }

    private static String valueProblem(JsonNode value, FieldDescriptor field, String at) {
        return switch (field.getJavaType()) {
            case MESSAGE -> firstProblem(value, field.getMessageType(), at);
            case ENUM -> value.isTextual() && field.getEnumType().findValueByName(value.textValue()) == null
                    || !value.isTextual() && !value.isIntegralNumber() ? at : null;
            case BYTE_STRING -> value.isTextual() && base64(value.textValue()) ? null : at;
            default -> null;
        };
    }

    private static boolean base64(String text) {
        try {
            (text.contains("-") || text.contains("_") ? Base64.getUrlDecoder() : Base64.getDecoder()).decode(text);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
