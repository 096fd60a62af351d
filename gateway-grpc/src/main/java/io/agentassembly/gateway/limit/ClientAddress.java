package io.agentassembly.gateway.limit;

import io.agentassembly.identity.limit.ClientAddresses;
import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Grpc;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import net.devh.boot.grpc.server.interceptor.GrpcGlobalServerInterceptor;

import java.net.InetSocketAddress;
import java.net.SocketAddress;

/**
 * Makes the caller's address available to gRPC services: the transport's remote address (the peer of the TCP
 * connection; an L7 proxy in front of the gateway would hide the agents' addresses), an IPv6 one as its /64.
 */
@GrpcGlobalServerInterceptor
public class ClientAddress implements ServerInterceptor {

    private static final Context.Key<String> ADDRESS = Context.key("aasm-client-address");
    private static final String UNKNOWN = "unknown";

    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
                                                       ServerCallHandler<Q, R> next) {
        return Contexts.interceptCall(Context.current().withValue(ADDRESS, of(call)), call, headers, next);
    }

    public static String of(ServerCall<?, ?> call) {
        SocketAddress remote = call.getAttributes().get(Grpc.TRANSPORT_ATTR_REMOTE_ADDR);
        return remote instanceof InetSocketAddress inet && inet.getAddress() != null
                ? ClientAddresses.of(inet.getAddress()) : UNKNOWN;
    }

    /** The address of the current call's client. */
    public static String current() {
        String address = ADDRESS.get();
        return address == null ? UNKNOWN : address;
    }
}
