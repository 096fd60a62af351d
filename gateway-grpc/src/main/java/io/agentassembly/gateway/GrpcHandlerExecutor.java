package io.agentassembly.gateway;

import io.grpc.ServerBuilder;
import net.devh.boot.grpc.server.serverfactory.GrpcServerConfigurer;
import org.springframework.beans.factory.DisposableBean;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A fixed pool runs the gateway's handlers instead of grpc-java's default unbounded cached pool. Handlers rarely
 * block (a CheckAction caller blocks only while it commits a batch for everyone, see DecisionJournal), so a few
 * threads serve many concurrent calls. With the cached pool the steps of each call were spread over dozens of
 * threads, and parking and waking them took more CPU than deciding (docs/benchmarks.md).
 */
public class GrpcHandlerExecutor implements GrpcServerConfigurer, DisposableBean {

    private final ExecutorService executor;

    public GrpcHandlerExecutor(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("aasm.gateway.handler-threads must be at least 1, not " + threads);
        }
        AtomicInteger counter = new AtomicInteger();
        this.executor = new ThreadPoolExecutor(threads, threads, 0, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
                runnable -> {
                    Thread thread = new Thread(runnable, "grpc-handler-" + counter.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                });
    }

    @Override
    public void accept(ServerBuilder<?> serverBuilder) {
        serverBuilder.executor(executor);
    }

    /** Runs after the gRPC server has stopped (it depends on this bean's configurer). */
    @Override
    public void destroy() {
        executor.shutdown();
    }
}
