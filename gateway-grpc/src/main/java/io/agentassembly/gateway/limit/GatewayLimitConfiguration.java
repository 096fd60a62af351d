package io.agentassembly.gateway.limit;

import io.agentassembly.identity.limit.Limits;
import net.devh.boot.grpc.server.interceptor.GrpcGlobalServerInterceptor;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Per-client-address limits of the gateway. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(GatewayLimitProperties.class)
public class GatewayLimitConfiguration {

    @Bean
    @GrpcGlobalServerInterceptor
    UnauthenticatedCallLimit unauthenticatedCallLimit(Limits limits, GatewayLimitProperties properties) {
        return new UnauthenticatedCallLimit(limits.inMemory("grpc-unauthenticated", properties.unauthenticated(),
                properties.unauthenticatedAddresses()));
    }
}
