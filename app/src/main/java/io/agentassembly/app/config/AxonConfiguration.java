package io.agentassembly.app.config;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.agentassembly.command.api.common.AuditMetadata;
import org.axonframework.messaging.correlation.CorrelationDataProvider;
import org.axonframework.messaging.correlation.MessageOriginProvider;
import org.axonframework.messaging.correlation.SimpleCorrelationDataProvider;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.json.JacksonSerializer;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;

/**
 * Axon wiring: events and messages as JSON (readable in the database), tolerant of fields added by later
 * event revisions, and the actor of each command copied onto the events it causes.
 */
@Configuration
public class AxonConfiguration {

    @Bean
    @Primary
    Serializer serializer(ObjectMapper objectMapper) {
        return jackson(objectMapper);
    }

    @Bean
    @Qualifier("eventSerializer")
    Serializer eventSerializer(ObjectMapper objectMapper) {
        return jackson(objectMapper);
    }

    @Bean
    @Qualifier("messageSerializer")
    Serializer messageSerializer(ObjectMapper objectMapper) {
        return jackson(objectMapper);
    }

    private static Serializer jackson(ObjectMapper objectMapper) {
        ObjectMapper lenient = objectMapper.copy()
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .disable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);
        // A workspace snapshot is a map keyed by 10,000 user ids: interning each key thrashed Jackson's intern cache
        // (it clears itself every 180 names) and cost 14% of a SCIM write's CPU (docs/benchmarks.md).
        lenient.getFactory().disable(JsonFactory.Feature.INTERN_FIELD_NAMES);
        return new ClassCachingJacksonSerializer(JacksonSerializer.builder().objectMapper(lenient).lenientDeserialization());
    }

    @Bean
    CorrelationDataProvider actorCorrelation() {
        return new SimpleCorrelationDataProvider(AuditMetadata.ACTOR_TYPE, AuditMetadata.ACTOR_ID,
                AuditMetadata.REQUEST_ID);
    }

    @Bean
    CorrelationDataProvider messageOrigin() {
        return new MessageOriginProvider();
    }
}
