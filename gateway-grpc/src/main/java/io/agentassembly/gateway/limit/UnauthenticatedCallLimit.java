package io.agentassembly.gateway.limit;

import io.agentassembly.identity.limit.LimitOutcome;
import io.agentassembly.identity.limit.MemoryLimiter;
import io.grpc.ForwardingServerCall;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Counts, per client address, the gateway calls that end UNAUTHENTICATED (unknown, revoked or malformed
 * credentials and API keys): each can cost a database lookup. Past the limit, every call of the address's
 * gateway services is refused with RESOURCE_EXHAUSTED until the lock ends, before any lookup. Kept in this
 * node's bounded memory: a database write per refused call would itself be the attack.
 */
public class UnauthenticatedCallLimit implements ServerInterceptor {

    private static final Logger log = LoggerFactory.getLogger(UnauthenticatedCallLimit.class);
    /** The gateway's own services (assembly.*.v1); health and reflection are never refused. */
    private static final String GATEWAY_SERVICES = "assembly.";

    private final MemoryLimiter limiter;

    public UnauthenticatedCallLimit(MemoryLimiter limiter) {
        this.limiter = limiter;
    }

    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
                                                       ServerCallHandler<Q, R> next) {
        if (!call.getMethodDescriptor().getServiceName().startsWith(GATEWAY_SERVICES)) {
            return next.startCall(call, headers);
        }
        String address = ClientAddress.of(call);
        LimitOutcome locked = limiter.check(address);
        if (locked.refused()) {
            call.close(Status.RESOURCE_EXHAUSTED.withDescription("too many calls with unknown or revoked credentials "
                    + "from your network address; retry in " + locked.retryAfterSeconds(limiter.now()) + " s"),
                    new Metadata());
            return new ServerCall.Listener<>() {
            };
        }
        return next.startCall(new ForwardingServerCall.SimpleForwardingServerCall<>(call) {
            @Override
            public void close(Status status, Metadata trailers) {
                if (status.getCode() == Status.Code.UNAUTHENTICATED) {
                    LimitOutcome counted = limiter.acquire(address);
                    if (counted.allowed() && counted.lockedUntil() != null) {
                        log.warn("unauthenticated gateway calls from {} reached {}: locked until {}", address,
                                limiter, counted.lockedUntil());
                    }
                }
                super.close(status, trailers);
            }
        }, headers);
    }
}
