package io.agentassembly.app.web;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.BeanProperty;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.KeyDeserializer;
import com.fasterxml.jackson.databind.deser.ContextualDeserializer;
import com.fasterxml.jackson.databind.deser.std.JsonNodeDeserializer;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.deser.std.StringDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import io.agentassembly.command.api.common.TextInput;
import io.agentassembly.command.api.common.TextInput.Lines;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The text rule ({@link TextInput}) for every JSON string of a REST request body: string values (also inside lists
 * and maps), map keys, and the keys and strings of free JSON values ({@link JsonNode}). Fields marked
 * {@link MultiLine} accept tab, line feed and carriage return. A refusal is an {@link InvalidTextException}
 * carrying the field's path.
 * <p>
 * Registered only on the ObjectMapper that reads HTTP bodies, never on the application's own, which also reads
 * stored events: the rule guards what comes in, it must not make recorded history unreadable.
 */
public final class TextInputModule extends SimpleModule {

    public TextInputModule() {
        super("aasm-text-input");
        addDeserializer(String.class, new Text(Lines.ONE));
        addKeyDeserializer(String.class, new Key());
        addDeserializer(JsonNode.class, new Json(Lines.ONE));
    }

    private static Lines linesOf(BeanProperty property) {
        return property != null && property.getAnnotation(MultiLine.class) != null ? Lines.SEVERAL : Lines.ONE;
    }

    /** What is wrong with a map or object key (keys are one line), naming the key; null if nothing. */
    private static String keyProblem(String key) {
        String problem = TextInput.problem(key, Lines.ONE);
        return problem == null ? null : "key \"" + TextInput.escaped(key) + "\" " + problem;
    }

    static final class Text extends StdScalarDeserializer<String> implements ContextualDeserializer {

        private final Lines lines;

        Text(Lines lines) {
            super(String.class);
            this.lines = lines;
        }

        @Override
        public JsonDeserializer<?> createContextual(DeserializationContext ctxt, BeanProperty property) {
            Lines wanted = linesOf(property);
            return wanted == lines ? this : new Text(wanted);
        }

        @Override
        public String deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            String text = StringDeserializer.instance.deserialize(p, ctxt);
            String problem = text == null ? null : TextInput.problem(text, lines);
            if (problem != null) {
                throw new InvalidTextException(p, problem);
            }
            return text;
        }
    }

    static final class Key extends KeyDeserializer {
        @Override
        public Object deserializeKey(String key, DeserializationContext ctxt) throws IOException {
            String problem = keyProblem(key);
            if (problem != null) {
                throw new InvalidTextException(ctxt.getParser(), problem);
            }
            return key;
        }
    }

    /** Free JSON (tool arguments of a dry run): every key on one line, every string as the field allows. */
    static final class Json extends JsonDeserializer<JsonNode> implements ContextualDeserializer {

        private final Lines lines;

        Json(Lines lines) {
            this.lines = lines;
        }

        @Override
        public JsonDeserializer<?> createContextual(DeserializationContext ctxt, BeanProperty property) {
            Lines wanted = linesOf(property);
            return wanted == lines ? this : new Json(wanted);
        }

        @Override
        public JsonNode deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            JsonNode node = JsonNodeDeserializer.getDeserializer(JsonNode.class).deserialize(p, ctxt);
            check(p, node, new ArrayList<>());
            return node;
        }

        @Override
        public JsonNode getNullValue(DeserializationContext ctxt) throws JsonMappingException {
            return JsonNodeDeserializer.getDeserializer(JsonNode.class).getNullValue(ctxt);
        }

        private void check(JsonParser p, JsonNode node, List<Object> path) throws JsonMappingException {
            if (node.isTextual()) {
                String problem = TextInput.problem(node.textValue(), lines);
                if (problem != null) {
                    throw at(new InvalidTextException(p, problem), path);
                }
            } else if (node.isArray()) {
                for (int i = 0; i < node.size(); i++) {
                    path.add(i);
                    check(p, node.get(i), path);
                    path.removeLast();
                }
            } else if (node.isObject()) {
                for (Map.Entry<String, JsonNode> field : node.properties()) {
                    String problem = keyProblem(field.getKey());
                    if (problem != null) {
                        throw at(new InvalidTextException(p, problem), path);
                    }
                    path.add(field.getKey());
                    check(p, field.getValue(), path);
                    path.removeLast();
                }
            }
        }

        private static InvalidTextException at(InvalidTextException e, List<Object> path) {
            for (int i = path.size() - 1; i >= 0; i--) {
                if (path.get(i) instanceof Integer index) {
                    e.prependPath(null, index);
                } else {
                    e.prependPath(null, (String) path.get(i));
                }
            }
            return e;
        }
    }
}
