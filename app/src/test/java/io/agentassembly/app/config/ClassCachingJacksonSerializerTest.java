package io.agentassembly.app.config;

import io.agentassembly.command.api.gateway.GatewayEvents.AgentActionDecidedEvent;
import org.axonframework.serialization.SimpleSerializedType;
import org.axonframework.serialization.UnknownSerializedType;
import org.axonframework.serialization.json.JacksonSerializer;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ClassCachingJacksonSerializerTest {

    private final ClassCachingJacksonSerializer serializer =
            new ClassCachingJacksonSerializer(JacksonSerializer.builder());

    @Test
    void resolvesTheClassesAxonResolvesAndAnswersRepeatsFromItsCache() {
        var decided = new SimpleSerializedType(AgentActionDecidedEvent.class.getName(), "2");
        assertThat(serializer.classForType(decided)).isSameAs(AgentActionDecidedEvent.class);
        assertThat(serializer.classForType(new SimpleSerializedType(AgentActionDecidedEvent.class.getName(), "2")))
                .isSameAs(AgentActionDecidedEvent.class);
        assertThat(serializer.classForType(SimpleSerializedType.emptyType())).isSameAs(Void.class);
        assertThat(serializer.classForType(new SimpleSerializedType("io.agentassembly.NoSuchEvent", null)))
                .isSameAs(UnknownSerializedType.class);
    }
}
