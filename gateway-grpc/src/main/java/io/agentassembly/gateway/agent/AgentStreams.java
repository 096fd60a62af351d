package io.agentassembly.gateway.agent;

import io.grpc.stub.ServerCallStreamObserver;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** Open server streams per agent on this node, and delivery to them once the causing change has committed. */
final class AgentStreams<T> {

    private static final Logger log = LoggerFactory.getLogger(AgentStreams.class);

    private final ConcurrentHashMap<String, Set<ServerCallStreamObserver<T>>> streams = new ConcurrentHashMap<>();

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
        if (CurrentUnitOfWork.isStarted()) {
            CurrentUnitOfWork.get().afterCommit(unitOfWork -> send(agentKey, message, last));
        } else {
            send(agentKey, message, last);
        }
    }

    static <T> void sendTo(ServerCallStreamObserver<T> stream, T message) {
        synchronized (stream) {
            stream.onNext(message);
        }
    }

    private void send(String agentKey, T message, boolean last) {
        for (ServerCallStreamObserver<T> stream : streams.getOrDefault(agentKey, Set.of())) {
            try {
                synchronized (stream) {
                    stream.onNext(message);
                    if (last) {
                        stream.onCompleted();
                    }
                }
            } catch (RuntimeException e) {
                log.debug("stream of {} is gone: {}", agentKey, e.getMessage());
                close(agentKey, stream);
                continue;
            }
            if (last) {
                close(agentKey, stream);
            }
        }
    }

    private void close(String agentKey, ServerCallStreamObserver<T> stream) {
        streams.computeIfPresent(agentKey, (key, set) -> {
            set.remove(stream);
            return set.isEmpty() ? null : set;
        });
    }
}
