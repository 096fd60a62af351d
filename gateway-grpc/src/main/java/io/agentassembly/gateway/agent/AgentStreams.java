package io.agentassembly.gateway.agent;

import io.grpc.StatusRuntimeException;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Supplier;

/** Open server streams per agent on this node, and delivery to them once the causing change has committed. */
final class AgentStreams<T> {

    private static final Logger log = LoggerFactory.getLogger(AgentStreams.class);

    private final ConcurrentHashMap<String, Set<ServerCallStreamObserver<T>>> streams = new ConcurrentHashMap<>();
    private final Consumer<String> lastClosed;

    AgentStreams() {
        this(agentKey -> {
        });
    }

    /** {@code lastClosed} is told the agent key whenever the agent's last open stream here has closed. */
    AgentStreams(Consumer<String> lastClosed) {
        this.lastClosed = lastClosed;
    }

    /** Holds the stream until it is cancelled or completed; false (nothing held) when the agent already has {@code max}. */
    boolean open(String agentKey, ServerCallStreamObserver<T> stream, int max) {
        boolean[] opened = new boolean[1];
        streams.compute(agentKey, (key, set) -> {
            Set<ServerCallStreamObserver<T>> held = set == null ? ConcurrentHashMap.newKeySet() : set;
            if (held.size() < max) {
                opened[0] = held.add(stream);
            }
            return held.isEmpty() ? null : held;
        });
        if (opened[0]) {
            stream.setOnCancelHandler(() -> close(agentKey, stream));
        }
        return opened[0];
    }

    int count(String agentKey) {
        return streams.getOrDefault(agentKey, Set.of()).size();
    }

    /** Sends to every open stream of the agent; {@code last} completes the streams afterwards. */
    void sendAfterCommit(String agentKey, T message, boolean last) {
        afterCommit(() -> deliver(agentKey, message, last ? StreamObserver::onCompleted : null));
    }

    /** Ends every open stream of the agent with {@code error}, after sending {@code lastMessage} unless null. */
    void failAfterCommit(String agentKey, T lastMessage, Supplier<StatusRuntimeException> error) {
        afterCommit(() -> deliver(agentKey, lastMessage, stream -> stream.onError(error.get())));
    }

    static <T> void sendTo(ServerCallStreamObserver<T> stream, T message) {
        synchronized (stream) {
            stream.onNext(message);
        }
    }

    private static void afterCommit(Runnable delivery) {
        if (CurrentUnitOfWork.isStarted()) {
            CurrentUnitOfWork.get().afterCommit(unitOfWork -> delivery.run());
        } else {
            delivery.run();
        }
    }

    /** {@code ending}, unless null, ends each stream after the message and removes it. */
    private void deliver(String agentKey, T message, Consumer<ServerCallStreamObserver<T>> ending) {
        for (ServerCallStreamObserver<T> stream : streams.getOrDefault(agentKey, Set.of())) {
            try {
                synchronized (stream) {
                    if (message != null) {
                        stream.onNext(message);
                    }
                    if (ending != null) {
                        ending.accept(stream);
                    }
                }
            } catch (RuntimeException e) {
                log.debug("stream of {} is gone: {}", agentKey, e.getMessage());
                close(agentKey, stream);
                continue;
            }
            if (ending != null) {
                close(agentKey, stream);
            }
        }
    }

    private void close(String agentKey, ServerCallStreamObserver<T> stream) {
        boolean[] emptied = new boolean[1];
        streams.computeIfPresent(agentKey, (key, set) -> {
            set.remove(stream);
            emptied[0] = set.isEmpty();
            return emptied[0] ? null : set;
        });
        if (emptied[0]) {
            lastClosed.accept(agentKey);
        }
    }
}
