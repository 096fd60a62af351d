package io.agentassembly.gateway.agent;

import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import net.devh.boot.grpc.server.interceptor.GrpcGlobalServerInterceptor;

import java.util.Optional;

/** Makes the {@code authorization: Bearer …} call metadata available to gRPC services. */
@GrpcGlobalServerInterceptor
public class BearerMetadata implements ServerInterceptor {

    private static final Metadata.Key<String> AUTHORIZATION =
            Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);
    private static final Context.Key<String> BEARER = Context.key("aasm-bearer");
    private static final String PREFIX = "bearer ";

    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
                                                       ServerCallHandler<Q, R> next) {
        String authorization = headers.get(AUTHORIZATION);
        if (authorization == null || !authorization.regionMatches(true, 0, PREFIX, 0, PREFIX.length())) {
            return next.startCall(call, headers);
        }
        Context context = Context.current().withValue(BEARER, authorization.substring(PREFIX.length()).trim());
        return Contexts.interceptCall(context, call, headers, next);
    }

    public static Optional<String> current() {
        return Optional.ofNullable(BEARER.get());
    }
}
