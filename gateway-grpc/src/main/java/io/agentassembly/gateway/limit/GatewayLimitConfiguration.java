package io.agentassembly.gateway.limit;

import io.agentassembly.gateway.limit.RefusedCallLimit.Counted;
import io.agentassembly.identity.limit.Limits;
import io.grpc.Status;
import net.devh.boot.grpc.server.interceptor.GrpcGlobalServerInterceptor;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;

import java.util.List;

/** Per-client-address limits of the gateway. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(GatewayLimitProperties.class)
public class GatewayLimitConfiguration {

    /**
     * First of the interceptors after ErrorDetailsInterceptor (net.devh calls them in order): it must see the
     * refusals of the others.
     */
    @Bean
    @GrpcGlobalServerInterceptor
    @Order(Ordered.HIGHEST_PRECEDENCE + 1)
    RefusedCallLimit refusedCallLimit(Limits limits, GatewayLimitProperties properties) {
        return new RefusedCallLimit(List.of(
                new Counted(Status.Code.UNAUTHENTICATED, limits.inMemory("grpc-unauthenticated",
                        properties.unauthenticated(), properties.refusedAddresses()),
                        "too many calls with unknown or revoked credentials"),
                new Counted(Status.Code.INVALID_ARGUMENT, limits.inMemory("grpc-invalid",
                        properties.invalid(), properties.refusedAddresses()),
                        "too many calls with invalid input")));
    }
}
