package io.agentassembly.gateway;

import io.agentassembly.gateway.proto.agent.v1.AgentLifecycleServiceGrpc;
import io.agentassembly.gateway.proto.audit.v1.AuditServiceGrpc;
import io.grpc.Metadata;
import io.grpc.ServerBuilder;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import net.devh.boot.grpc.server.serverfactory.GrpcServerConfigurer;
import org.springframework.beans.factory.DisposableBean;

import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * The gateway's handlers run on two fixed pools instead of grpc-java's default cached pool (whose parking and
 * waking of threads took more CPU than deciding, docs/benchmarks.md):
 * <ul>
 * <li><b>handlers</b>: CheckAction, BatchCheck, the control streams, health and reflection, which do not wait
 *     for the database except to commit a batch of decisions for everyone (DecisionJournal);</li>
 * <li><b>blocking</b> ({@link BlockingWork}): the calls that wait for the database on their own thread
 *     (RequestChallenge, Register, Heartbeat, Deregister, ReportEvents, StreamEvents) and the approval a PENDING
 *     CheckAction resolves, so that a slow database or a flood of them never holds CheckAction's threads.</li>
 * </ul>
 * The server itself runs no handler code: grpc-java asks {@link #executorFor} on the transport thread which pool a
 * new call runs on, and admission is decided there, before anything is queued. When the pool already has
 * {@code max-queue} tasks waiting, the call stays on the transport thread, where {@link #refuseUnadmitted} closes it
 * at once with RESOURCE_EXHAUSTED ("retry later"); the work of calls already admitted (their next messages) is
 * always queued. An admitted call's handler starts on a pool thread, a refused one's does not: that is how the
 * interceptor, which runs before every other, tells them apart, with nothing to forge and nothing allocated.
 */
public class GatewayExecutors implements GrpcServerConfigurer, DisposableBean {

    /** Methods whose handlers wait for the database (ControlStream and OpControlStream only register a stream). */
    private static final Set<String> BLOCKING_METHODS = Set.of(
            AgentLifecycleServiceGrpc.getRequestChallengeMethod().getFullMethodName(),
            AgentLifecycleServiceGrpc.getRegisterMethod().getFullMethodName(),
            AgentLifecycleServiceGrpc.getHeartbeatMethod().getFullMethodName(),
            AgentLifecycleServiceGrpc.getDeregisterMethod().getFullMethodName(),
            AuditServiceGrpc.getReportEventsMethod().getFullMethodName(),
            AuditServiceGrpc.getStreamEventsMethod().getFullMethodName());

    /** A thread of one of the gateway's pools. */
    private static final class PoolThread extends Thread {
        PoolThread(Runnable runnable, String name) {
            super(runnable, name);
            setDaemon(true);
        }
    }

    /** A fixed pool whose queue admits new calls up to {@code maxQueue} waiting tasks. */
    public static final class Pool {
        private final ThreadPoolExecutor executor;
        private final int maxQueue;
        private final String refusal;
        private final LongAdder refused = new LongAdder();

        Pool(String name, int threads, int maxQueue, String busyWith) {
            if (threads < 1 || maxQueue < 0) {
                throw new IllegalArgumentException("aasm.gateway " + name + " pool needs at least 1 thread and a queue"
                        + " of 0 or more; got " + threads + " and " + maxQueue);
            }
            AtomicInteger counter = new AtomicInteger();
            this.executor = new ThreadPoolExecutor(threads, threads, 0, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
                    runnable -> new PoolThread(runnable, "grpc-" + name + "-" + counter.incrementAndGet()));
            this.maxQueue = maxQueue;
            this.refusal = "the gateway is busy " + busyWith + " (" + maxQueue
                    + " calls are waiting for a thread); retry later, with back-off";
        }

        /** Whether a new call may queue; counts the refusal when not. */
        boolean admits() {
            if (executor.getQueue().size() < maxQueue) {
                return true;
            }
            refused.increment();
            return false;
        }

        Executor executor() {
            return executor;
        }

        String refusal() {
            return refusal;
        }

        public int threads() {
            return executor.getMaximumPoolSize();
        }

        /** Tasks that may wait before new calls are refused. */
        public int maxQueue() {
            return maxQueue;
        }

        /** Tasks waiting for a thread. */
        public int queued() {
            return executor.getQueue().size();
        }

        /** Threads running a task. */
        public int active() {
            return executor.getActiveCount();
        }

        /** New calls refused because the queue was full. */
        public long refused() {
            return refused.sum();
        }

        void shutdown() {
            executor.shutdown();
        }
    }

    private final Pool handlers;
    private final BlockingWork blocking;
    private final ServerInterceptor refuseUnadmitted = new ServerInterceptor() {
        @Override
        public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
                                                           ServerCallHandler<Q, R> next) {
            if (Thread.currentThread() instanceof PoolThread) {
                return next.startCall(call, headers);
            }
            Pool pool = isBlocking(call) ? blocking.pool() : handlers;
            GrpcStatuses.close(call, GrpcStatuses.exhausted(pool.refusal()));
            return new ServerCall.Listener<>() {
            };
        }
    };

    public GatewayExecutors(int handlerThreads, int handlerQueue, int blockingThreads, int blockingQueue,
                            int blockingPerWorkspace) {
        this.handlers = new Pool("handler", handlerThreads, handlerQueue, "deciding");
        this.blocking = new BlockingWork(new Pool("blocking", blockingThreads, blockingQueue,
                "with registrations, heartbeats, reported events and approvals"), blockingPerWorkspace);
    }

    @Override
    public void accept(ServerBuilder<?> serverBuilder) {
        serverBuilder.directExecutor();
        serverBuilder.callExecutor(this::executorFor);
        serverBuilder.intercept(refuseUnadmitted);
    }

    /** The pool of a new call, or null (the transport thread, where it is refused) when that pool is full. */
    private <Q, R> Executor executorFor(ServerCall<Q, R> call, Metadata headers) {
        Pool pool = isBlocking(call) ? blocking.pool() : handlers;
        return pool.admits() ? pool.executor() : null;
    }

    private static boolean isBlocking(ServerCall<?, ?> call) {
        return BLOCKING_METHODS.contains(call.getMethodDescriptor().getFullMethodName());
    }

    public Pool handlers() {
        return handlers;
    }

    public BlockingWork blocking() {
        return blocking;
    }

    /** Runs after the gRPC server has stopped (it depends on this bean's configurer). */
    @Override
    public void destroy() {
        handlers.shutdown();
        blocking.pool().shutdown();
    }
}
