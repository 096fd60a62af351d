package io.agentassembly.gateway;

import net.devh.boot.grpc.server.event.GrpcServerShutdownEvent;
import net.devh.boot.grpc.server.event.GrpcServerStartedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

import java.util.OptionalInt;

/**
 * The port the gRPC gateway actually listens on; tests start it with {@code grpc.server.port=0} and read it here.
 * <p>
 * net.devh 3.1.0 does not bind port 0 itself: {@code GrpcServerProperties.getPort()} replaces 0 by a free port it
 * probes for ({@code SocketUtils.findAvailableTcpPort()}) and then binds that one, so a collision between probe and
 * bind is possible though unlikely. The port is read from the started {@link io.grpc.Server}, which is the truth
 * whatever the factory did.
 */
@Component
public class GrpcServerPort {

    private volatile int port = -1;

    @EventListener
    void onStarted(GrpcServerStartedEvent event) {
        port = event.getServer().getPort();
    }

    @EventListener
    void onShutdown(GrpcServerShutdownEvent event) {
        port = -1;
    }

    /** The bound port, empty while the server is not running (or runs in-process only). */
    public OptionalInt current() {
        return port < 0 ? OptionalInt.empty() : OptionalInt.of(port);
    }

    /** The bound port; fails when the gRPC server is not running. */
    public int get() {
        return current().orElseThrow(() -> new IllegalStateException("the gRPC server is not running"));
    }
}
