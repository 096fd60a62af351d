package io.agentassembly.gateway.edge;

import io.agentassembly.gateway.GrpcStatuses;
import io.grpc.ForwardingServerCall;
import io.grpc.ForwardingServerCallListener;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The outermost of the gateway's interceptors: every call that ends in an error leaves with its
 * {@code google.rpc.ErrorInfo} details ({@link GrpcStatuses#withDetails}), whoever closed it (a handler, another
 * interceptor, grpc-java itself). A handler that throws something unexpected is logged and answered INTERNAL (reason
 * INTERNAL) instead of grpc-java's detail-less UNKNOWN.
 */
public final class ErrorDetailsInterceptor implements ServerInterceptor {

    private static final Logger log = LoggerFactory.getLogger(ErrorDetailsInterceptor.class);

    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
                                                       ServerCallHandler<Q, R> next) {
        ServerCall<Q, R> detailed = new ForwardingServerCall.SimpleForwardingServerCall<>(call) {
            @Override
            public void close(Status status, Metadata trailers) {
                super.close(status, GrpcStatuses.withDetails(status, trailers));
            }
        };
        ServerCall.Listener<Q> listener;
        try {
            listener = next.startCall(detailed, headers);
        } catch (RuntimeException e) {
            failed(detailed, e);
            return new ServerCall.Listener<>() {
            };
        }
        return new ForwardingServerCallListener.SimpleForwardingServerCallListener<>(listener) {
            @Override
            public void onMessage(Q message) {
                guarded(detailed, () -> super.onMessage(message));
            }

            @Override
            public void onHalfClose() {
                guarded(detailed, super::onHalfClose);
            }

            @Override
            public void onReady() {
                guarded(detailed, super::onReady);
            }
        };
    }

    private static void guarded(ServerCall<?, ?> call, Runnable handlerStep) {
        try {
            handlerStep.run();
        } catch (RuntimeException e) {
            failed(call, e);
        }
    }

    private static void failed(ServerCall<?, ?> call, RuntimeException e) {
        log.error("gateway call {} failed unexpectedly", call.getMethodDescriptor().getFullMethodName(), e);
        try {
            GrpcStatuses.close(call, GrpcStatuses.internal());
        } catch (IllegalStateException closedAlready) {
            log.debug("call was closed already", closedAlready);
        }
    }
}
