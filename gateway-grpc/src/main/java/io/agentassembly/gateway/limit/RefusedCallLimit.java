package io.agentassembly.gateway.limit;

import io.agentassembly.gateway.GrpcStatuses;
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

import java.util.List;

/**
 * Counts, per client address, the gateway calls that end with a refusal that is the caller's fault and costs us
 * work before it is known: UNAUTHENTICATED (unknown, revoked or malformed credentials and API keys, each possibly
 * a database lookup) and INVALID_ARGUMENT (input the edge refuses, after the message was read and parsed). Past
 * either limit, every call of the address to the gateway's services is refused with RESOURCE_EXHAUSTED when it
 * starts, before its message is read, until the lock ends. Kept in this node's bounded memory: a database write
 * per refused call would itself be the attack. Runs before every other interceptor, so it sees their refusals.
 */
public class RefusedCallLimit implements ServerInterceptor {

    /** What one limiter counts, and what a caller it locked is told. */
    public record Counted(Status.Code code, MemoryLimiter limiter, String refusal) {
    }

    private static final Logger log = LoggerFactory.getLogger(RefusedCallLimit.class);
    /** The gateway's own services (assembly.*.v1); health and reflection are never refused. */
    private static final String GATEWAY_SERVICES = "assembly.";

    private final List<Counted> counted;

    public RefusedCallLimit(List<Counted> counted) {
        this.counted = List.copyOf(counted);
    }

    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
                                                       ServerCallHandler<Q, R> next) {
        if (!call.getMethodDescriptor().getServiceName().startsWith(GATEWAY_SERVICES)) {
            return next.startCall(call, headers);
        }
        String address = ClientAddress.of(call);
        for (Counted limit : counted) {
            LimitOutcome locked = limit.limiter().check(address);
            if (locked.refused()) {
                GrpcStatuses.close(call, GrpcStatuses.exhausted(limit.refusal() + " from your network address; "
                        + "retry in " + locked.retryAfterSeconds(limit.limiter().now()) + " s"));
                return new ServerCall.Listener<>() {
                };
            }
        }
        return next.startCall(new ForwardingServerCall.SimpleForwardingServerCall<>(call) {
            @Override
            public void close(Status status, Metadata trailers) {
                count(address, status.getCode());
                super.close(status, trailers);
            }
        }, headers);
    }

    private void count(String address, Status.Code code) {
        for (Counted limit : counted) {
            if (limit.code() == code) {
                LimitOutcome outcome = limit.limiter().acquire(address);
                if (outcome.allowed() && outcome.lockedUntil() != null) {
                    log.warn("{} gateway calls from {} reached {}: locked until {}", code, address, limit.limiter(),
                            outcome.lockedUntil());
                }
            }
        }
    }
}
