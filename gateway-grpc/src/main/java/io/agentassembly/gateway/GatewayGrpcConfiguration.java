package io.agentassembly.gateway;

import io.agentassembly.gateway.edge.InboundValidationInterceptor;
import io.agentassembly.gateway.edge.InboundValidator;
import io.agentassembly.gateway.edge.WireLimits;
import io.grpc.BindableService;
import io.grpc.protobuf.services.ProtoReflectionServiceV1;
import net.devh.boot.grpc.server.interceptor.GrpcGlobalServerInterceptor;
import net.devh.boot.grpc.server.service.GrpcService;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Server wiring of the gRPC gateway beyond what net.devh's starter configures. */
@Configuration(proxyBeanMethods = false)
public class GatewayGrpcConfiguration {

    /**
     * net.devh 3.1.0 registers only the deprecated {@code grpc.reflection.v1alpha} reflection service; current
     * clients (grpcurl, Postman, grpc-java tooling) ask for {@code grpc.reflection.v1} first. Serve both.
     */
    @Bean
    @GrpcService
    @ConditionalOnProperty(prefix = "grpc.server", name = "reflection-service-enabled", matchIfMissing = true)
    BindableService protoReflectionServiceV1() {
        return ProtoReflectionServiceV1.newInstance();
    }

    @Bean
    GrpcHandlerExecutor grpcHandlerExecutor(@Value("${aasm.gateway.handler-threads:8}") int threads) {
        return new GrpcHandlerExecutor(threads);
    }

    /** The text rule and the documented maxima (WireLimits) of every gateway request message. */
    @Bean
    InboundValidator inboundValidator() {
        return new InboundValidator(WireLimits.FILES, WireLimits.TABLE);
    }

    /** Every inbound message of every gateway service is checked before its handler runs. */
    @Bean
    @GrpcGlobalServerInterceptor
    InboundValidationInterceptor inboundValidation(InboundValidator validator) {
        return new InboundValidationInterceptor(validator);
    }
}
