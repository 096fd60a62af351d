package io.agentassembly.gateway;

import io.agentassembly.gateway.edge.ErrorDetailsInterceptor;
import io.agentassembly.gateway.edge.InboundValidationInterceptor;
import io.agentassembly.gateway.edge.InboundValidator;
import io.agentassembly.gateway.edge.WireLimits;
import io.grpc.BindableService;
import io.grpc.HandlerRegistry;
import io.grpc.MethodDescriptor;
import io.grpc.ServerCall;
import io.grpc.ServerMethodDefinition;
import io.grpc.protobuf.services.ProtoReflectionServiceV1;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import net.devh.boot.grpc.server.interceptor.GrpcGlobalServerInterceptor;
import net.devh.boot.grpc.server.serverfactory.GrpcServerConfigurer;
import net.devh.boot.grpc.server.service.GrpcService;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.util.Map;

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
    GatewayExecutors gatewayExecutors(ObjectProvider<MeterRegistry> meters,
                                      @Value("${aasm.gateway.handler-threads:8}") int handlerThreads,
                                      @Value("${aasm.gateway.handler-queue:1000}") int handlerQueue,
                                      @Value("${aasm.gateway.blocking-threads:8}") int blockingThreads,
                                      @Value("${aasm.gateway.blocking-queue:64}") int blockingQueue,
                                      @Value("${aasm.gateway.blocking-per-workspace:4}") int blockingPerWorkspace) {
        GatewayExecutors executors = new GatewayExecutors(handlerThreads, handlerQueue, blockingThreads, blockingQueue,
                blockingPerWorkspace);
        MeterRegistry registry = meters.getIfAvailable(SimpleMeterRegistry::new);
        Map.of("handler", executors.handlers(), "blocking", executors.blocking().pool()).forEach((name, pool) -> {
            Gauge.builder("aasm.gateway.pool.queued", pool, GatewayExecutors.Pool::queued).tag("pool", name)
                    .description("tasks waiting for a gateway thread").register(registry);
            Gauge.builder("aasm.gateway.pool.active", pool, GatewayExecutors.Pool::active).tag("pool", name)
                    .description("gateway threads running a task").register(registry);
            FunctionCounter.builder("aasm.gateway.calls.refused", pool, GatewayExecutors.Pool::refused)
                    .tags("pool", name, "reason", "queue_full")
                    .description("calls answered RESOURCE_EXHAUSTED").register(registry);
        });
        FunctionCounter.builder("aasm.gateway.calls.refused", executors.blocking(), BlockingWork::refusedShare)
                .tags("pool", "blocking", "reason", "workspace_share")
                .description("calls answered RESOURCE_EXHAUSTED").register(registry);
        return executors;
    }

    @Bean
    BlockingWork blockingWork(GatewayExecutors executors) {
        return executors.blocking();
    }

    /** The text rule and the documented maxima (WireLimits) of every gateway request message. */
    @Bean
    InboundValidator inboundValidator() {
        return new InboundValidator(WireLimits.FILES, WireLimits.TABLE);
    }

    /** The outermost interceptor: ErrorInfo details on every error a call ends with, INTERNAL for the unexpected. */
    @Bean
    @GrpcGlobalServerInterceptor
    @Order(Ordered.HIGHEST_PRECEDENCE)
    ErrorDetailsInterceptor errorDetails() {
        return new ErrorDetailsInterceptor();
    }

    /**
     * A method no service serves is answered UNIMPLEMENTED ("Method not found: …", as grpc-java words it) with the
     * ErrorInfo details: grpc-java's own answer bypasses every interceptor.
     */
    @Bean
    GrpcServerConfigurer unknownMethodsWithDetails() {
        return builder -> builder.fallbackHandlerRegistry(new HandlerRegistry() {
            @Override
            public ServerMethodDefinition<?, ?> lookupMethod(String methodName, String authority) {
                MethodDescriptor<byte[], byte[]> method = MethodDescriptor.<byte[], byte[]>newBuilder()
                        .setFullMethodName(methodName).setType(MethodDescriptor.MethodType.UNKNOWN)
                        .setRequestMarshaller(Unread.INSTANCE).setResponseMarshaller(Unread.INSTANCE).build();
                return ServerMethodDefinition.create(method, (call, headers) -> {
                    GrpcStatuses.close(call, GrpcStatuses.unimplemented("Method not found: " + methodName));
                    return new ServerCall.Listener<>() {
                    };
                });
            }
        });
    }

    /** The messages of a call answered before reading them. */
    private enum Unread implements MethodDescriptor.Marshaller<byte[]> {
        INSTANCE;

        @Override
        public InputStream stream(byte[] value) {
            return new ByteArrayInputStream(value);
        }

        @Override
        public byte[] parse(InputStream stream) {
            return new byte[0];
        }
    }

    /** Every inbound message of every gateway service is checked before its handler runs. */
    @Bean
    @GrpcGlobalServerInterceptor
    InboundValidationInterceptor inboundValidation(InboundValidator validator) {
        return new InboundValidationInterceptor(validator);
    }
}
