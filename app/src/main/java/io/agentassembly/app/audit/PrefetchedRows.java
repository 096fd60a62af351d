package io.agentassembly.app.audit;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Rows read on a second thread into a bounded queue, in batches, so that the database producing the next rows and
 * the driver decoding them overlap the caller's work on the previous ones (a cursor fetch otherwise leaves one side
 * idle while the other works). Memory stays bounded: at most {@code batches} batches of {@code batchSize} rows wait.
 * The reader must not use the connection after {@link #close()} returns; close() waits for it.
 */
final class PrefetchedRows<T> implements AutoCloseable {

    /** Reads every row, handing each to {@code sink}; runs on the reader thread. */
    @FunctionalInterface
    interface Reader<T> {
        void read(Sink<T> sink) throws SQLException;
    }

    @FunctionalInterface
    interface Sink<T> {
        void accept(T row);
    }

    private record Batch<T>(List<T> rows, Exception failure, boolean last) {
    }

    private static final class Cancelled extends RuntimeException {
        Cancelled() {
            super(null, null, false, false);
        }
    }

    private final BlockingQueue<Batch<T>> queue;
    private final int batchSize;
    private final Thread thread;
    private volatile boolean closed;
    private List<T> current = List.of();
    private int position;
    private boolean finished;

    PrefetchedRows(String name, int batchSize, int batches, Reader<T> reader) {
        this.batchSize = batchSize;
        this.queue = new ArrayBlockingQueue<>(batches);
        this.thread = Thread.ofPlatform().name(name).daemon().start(() -> run(reader));
    }

    private void run(Reader<T> reader) {
        List<T> batch = new ArrayList<>(batchSize);
        Batch<T> end;
        try {
            reader.read(row -> {
                batch.add(row);
                if (batch.size() == batchSize) {
                    put(new Batch<>(new ArrayList<>(batch), null, false));
                    batch.clear();
                }
            });
            end = new Batch<>(batch, null, true);
        } catch (Cancelled e) {
            return;
        } catch (SQLException e) {
            end = new Batch<>(List.of(), e, true);
        } catch (RuntimeException e) {
            end = new Batch<>(List.of(), e, true);
        }
        try {
            put(end);
        } catch (Cancelled e) {
            // the caller stopped reading
        }
    }

    private void put(Batch<T> batch) {
        try {
            while (!closed) {
                if (queue.offer(batch, 100, TimeUnit.MILLISECONDS)) {
                    return;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        throw new Cancelled();
    }

    /** The next row, or null after the last. A failure of the reader is thrown here. */
    T next() throws SQLException {
        while (position == current.size()) {
            if (finished) {
                return null;
            }
            Batch<T> batch;
            try {
                batch = queue.take();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while reading", e);
            }
            if (batch.failure() != null) {
                finished = true;
                if (batch.failure() instanceof SQLException e) {
                    throw e;
                }
                throw (RuntimeException) batch.failure();
            }
            current = batch.rows();
            position = 0;
            finished = batch.last();
        }
        return current.get(position++);
    }

    @Override
    public void close() {
        closed = true;
        queue.clear();
        boolean interrupted = false;
        while (thread.isAlive()) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
