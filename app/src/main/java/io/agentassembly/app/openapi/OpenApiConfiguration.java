package io.agentassembly.app.openapi;

import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.agentassembly.gateway.edge.WireLimits;
import io.agentassembly.gateway.proto.policy.v1.CheckActionRequest;
import io.agentassembly.identity.IdentityConfiguration;
import io.swagger.v3.core.converter.AnnotatedType;
import io.swagger.v3.core.converter.ModelConverter;
import io.swagger.v3.core.converter.ModelConverterContext;
import io.swagger.v3.core.jackson.ModelResolver;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springdoc.core.customizers.PropertyCustomizer;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.info.BuildProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.lang.annotation.Annotation;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;

/**
 * The OpenAPI document at {@code /v3/api-docs}, derived from the controllers and kept equal to what is served:
 * property names as the application's ObjectMapper writes and reads them, bean-validation constraints as
 * enforced, problem+json errors, the bearer scheme with the public operations marked. The contract test
 * validates every REST call of the integration tests against it.
 */
@Configuration(proxyBeanMethods = false)
public class OpenApiConfiguration {

    /** The name of the one security scheme: access token, API key or operator credential as a bearer token. */
    public static final String BEARER = "bearer";

    /**
     * Schemas from the application's ObjectMapper (snake_case names, values as {@code @JsonValue} writes them),
     * through a copy: the model resolver registers an annotation introspector on the mapper it is given. Free JSON
     * values ({@code Object} in policy diffs, {@code JsonNode}) are any JSON value, not Jackson's node API and not
     * necessarily an object, unless the property names its own schema ({@code @Schema(ref = …)}).
     */
    @Bean
    ModelResolver modelResolver(ObjectMapper objectMapper) {
        return new ModelResolver(objectMapper.copy()) {
            @Override
            public Schema resolve(AnnotatedType type, ModelConverterContext context, Iterator<ModelConverter> chain) {
                JavaType javaType = _mapper.constructType(type.getType());
                Class<?> raw = javaType.getRawClass();
                boolean ownSchema = type.getCtxAnnotations() != null && Arrays.stream(type.getCtxAnnotations())
                        .anyMatch(a -> a instanceof io.swagger.v3.oas.annotations.media.Schema schema
                                && !schema.ref().isEmpty());
                if (!ownSchema && (raw == Object.class || JsonNode.class.isAssignableFrom(raw))) {
                    return new Schema<>().description(ContractCustomizer.ANY_JSON_VALUE);
                }
                return super.resolve(type, context, chain);
            }
        };
    }

    @Bean
    OpenAPI apiDescription(ObjectProvider<BuildProperties> build) {
        BuildProperties properties = build.getIfAvailable();
        return new OpenAPI()
                .info(new Info()
                        .title("Agent Assembly Control Plane API")
                        .version(properties == null ? "development" : properties.getVersion())
                        .description("""
                                The console and operator API of the Agent Assembly control plane: workspaces, users, \
                                API keys, agents, policies, approvals and the audit log. JSON names are snake_case; \
                                unknown fields are refused. Errors are RFC 9457 problem details \
                                (application/problem+json) with a stable `code` and the `field` to fix. Agents talk \
                                to the gRPC gateway, not to this API."""))
                .components(new Components().addSecuritySchemes(BEARER, new SecurityScheme()
                        .type(SecurityScheme.Type.HTTP).scheme("bearer")
                        .description("An access token from POST /api/v1/auth/login, an API key, or (for "
                                + "/api/v1/operator/**) the operator credential, as `Authorization: Bearer …`")))
                .addSecurityItem(new SecurityRequirement().addList(BEARER));
    }

    @Bean
    OpenApiCustomizer contractCustomizer() {
        return new ContractCustomizer(List.of(IdentityConfiguration.PUBLIC_ENDPOINTS),
                ProtobufSchemas.of(CheckActionRequest.getDescriptor(), WireLimits.TABLE));
    }

    /**
     * Minimum lengths the bean-validation model misses: {@code @NotBlank} refuses blank text (at least one character
     * that is not white space), and {@code @Schema(minLength)} states a rule checked in code (passwords). They are
     * noted here and applied by {@link ContractCustomizer}, since {@code @Size} is applied after this runs. The
     * {@code @Size} of a map becomes its {@code maxProperties}.
     */
    @Bean
    PropertyCustomizer lengthCustomizer() {
        return (property, type) -> {
            Annotation[] annotations = type.getCtxAnnotations();
            if (annotations != null && property.getAdditionalProperties() instanceof Schema<?>) {
                // springdoc applies @Size to strings and lists, not to maps
                Arrays.stream(annotations).filter(Size.class::isInstance).map(Size.class::cast).findFirst()
                        .ifPresent(size -> property.setMaxProperties(size.max()));
            }
            if (annotations == null || !"string".equals(property.getType())) {
                return property;
            }
            int minimum = 0;
            for (Annotation annotation : annotations) {
                if (annotation instanceof NotBlank) {
                    minimum = Math.max(minimum, 1);
                    if (property.getPattern() == null) {
                        property.setPattern("\\S");
                    }
                } else if (annotation instanceof io.swagger.v3.oas.annotations.media.Schema schema) {
                    minimum = Math.max(minimum, schema.minLength());
                }
            }
            if (minimum > 0) {
                property.addExtension(ContractCustomizer.MIN_LENGTH_EXTENSION, minimum);
            }
            return property;
        };
    }
}
