package io.agentassembly.gateway.edge;

import com.google.protobuf.Message;
import io.agentassembly.gateway.GrpcStatuses;
import io.grpc.ForwardingServerCallListener;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;

/**
 * Validates every inbound message of a gateway service before its handler sees it ({@link InboundValidator}): a
 * message that breaks the text rule or a limit closes the call with INVALID_ARGUMENT naming the field, and the
 * handler is told the call was cancelled (a client stream drops what it had not committed). Calls of other
 * services (health, reflection) pass untouched.
 */
public final class InboundValidationInterceptor implements ServerInterceptor {

    private final InboundValidator validator;

    public InboundValidationInterceptor(InboundValidator validator) {
        this.validator = validator;
    }

    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
                                                       ServerCallHandler<Q, R> next) {
        MethodDescriptor<Q, R> method = call.getMethodDescriptor();
        if (!(method.getRequestMarshaller() instanceof MethodDescriptor.PrototypeMarshaller<Q> marshaller)
                || !(marshaller.getMessagePrototype() instanceof Message prototype)
                || !validator.covers(prototype.getDescriptorForType())) {
            return next.startCall(call, headers);
        }
        String streamed = method.getType().clientSendsOneMessage() ? null
                : WireLimits.STREAMED_MESSAGES.getOrDefault(method.getFullMethodName(), "messages");
        return new Validating<>(next.startCall(call, headers), call, streamed);
    }

    private final class Validating<Q> extends ForwardingServerCallListener.SimpleForwardingServerCallListener<Q> {

        private final ServerCall<Q, ?> call;
        private final String streamed;
        private long received;
        private boolean rejected;

        Validating(ServerCall.Listener<Q> delegate, ServerCall<Q, ?> call, String streamed) {
            super(delegate);
            this.call = call;
            this.streamed = streamed;
        }

        @Override
        public void onMessage(Q message) {
            if (rejected) {
                return;
            }
            InboundValidator.Problem problem = validator.check((Message) message,
                    streamed == null ? null : streamed + "[" + received + "]");
            received++;
            if (problem == null) {
                super.onMessage(message);
                return;
            }
            rejected = true;
            try {
                GrpcStatuses.close(call, problem.status());
            } catch (IllegalStateException answeredAlready) {
                return; // the handler closed the call first (a stream refused at its start, e.g. UNAUTHENTICATED)
            }
            super.onCancel();
        }

        @Override
        public void onHalfClose() {
            if (!rejected) {
                super.onHalfClose();
            }
        }

        @Override
        public void onCancel() {
            if (!rejected) {
                super.onCancel();
            }
        }

        @Override
        public void onComplete() {
            if (!rejected) {
                super.onComplete();
            }
        }

        @Override
        public void onReady() {
            if (!rejected) {
                super.onReady();
            }
        }
    }
}
