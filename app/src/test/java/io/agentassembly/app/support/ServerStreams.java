package io.agentassembly.app.support;

import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import io.grpc.stub.StreamObserver;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/** Observers of the streams the gateway sends: what a stream received, in order, for a test to poll. */
public final class ServerStreams {

    /** Put in the queue after the last message when the server completes the stream. */
    public static final Object COMPLETED = new Object();

    private ServerStreams() {
    }

    /** Puts each message, then the error ({@code StatusRuntimeException}) or {@link #COMPLETED} in {@code received}. */
    public static <T> StreamObserver<T> collector(BlockingQueue<Object> received) {
        return new StreamObserver<>() {
            @Override
            public void onNext(T message) {
                received.add(message);
            }

            @Override
            public void onError(Throwable error) {
                received.add(error);
            }

            @Override
            public void onCompleted() {
                received.add(COMPLETED);
            }
        };
    }

    /** A server stream the test can cancel as the client, and what it received. */
    public record Cancellable(BlockingQueue<Object> received, AtomicReference<ClientCallStreamObserver<?>> call) {
        public void cancel() {
            call.get().cancel("the agent closes this stream", null);
        }
    }

    /** Opens a stream with {@code open} (given the observer to pass to the stub) that the test can cancel. */
    public static <T> Cancellable cancellable(Consumer<StreamObserver<T>> open) {
        BlockingQueue<Object> received = new LinkedBlockingQueue<>();
        AtomicReference<ClientCallStreamObserver<?>> call = new AtomicReference<>();
        StreamObserver<T> collector = collector(received);
        open.accept(new ClientResponseObserver<Object, T>() {
            @Override
            public void beforeStart(ClientCallStreamObserver<Object> requestStream) {
                call.set(requestStream);
            }

            @Override
            public void onNext(T message) {
                collector.onNext(message);
            }

            @Override
            public void onError(Throwable error) {
                collector.onError(error);
            }

            @Override
            public void onCompleted() {
                collector.onCompleted();
            }
        });
        return new Cancellable(received, call);
    }
}
