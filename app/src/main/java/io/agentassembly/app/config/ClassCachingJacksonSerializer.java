package io.agentassembly.app.config;

import org.axonframework.serialization.SerializedType;
import org.axonframework.serialization.json.JacksonSerializer;

import javax.annotation.Nonnull;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Axon's Jackson serializer, remembering which class a serialized type names. Axon looks the class up by name
 * for every event it reads (tracking processors, replays, aggregate loading), and {@code Class.forName} was the
 * largest single cost of the event store's tracking reads under gateway load (docs/benchmarks.md).
 */
final class ClassCachingJacksonSerializer extends JacksonSerializer {

    private final Map<SerializedType, Class<?>> classes = new ConcurrentHashMap<>();

    ClassCachingJacksonSerializer(Builder builder) {
        super(builder);
    }

    @Override
    @SuppressWarnings("rawtypes")
    public Class classForType(@Nonnull SerializedType type) {
        return classes.computeIfAbsent(type, super::classForType);
    }
}
