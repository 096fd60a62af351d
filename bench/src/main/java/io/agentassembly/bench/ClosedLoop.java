package io.agentassembly.bench;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;

/**
 * N callers, each issuing its next call when the previous one answered, for a fixed time after a warm-up.
 * {@link #run} gives each caller a thread (for blocking clients such as JDBC); {@link #runAsync} keeps N calls in
 * flight from callbacks, as a production gRPC client would, so the load generator itself needs almost no threads
 * and leaves the two cores to the server under test.
 */
final class ClosedLoop {

    /** {@code cpuPerCall}: CPU µs one call cost each process group (empty where not measured). */
    record Result(String name, int callers, long calls, long errors, double seconds, Histogram latency,
                  Map<String, Double> cpuPerCall) {
        static final String HEADER = """
                | measurement                         | callers |   calls/s |   p50 µs |   p95 µs |   p99 µs |   p999 µs | errors | CPU µs/call: app | postgres | load gen | cores busy |
                |-------------------------------------|---------|-----------|----------|----------|----------|-----------|--------|------------------|----------|----------|------------|""";

        double perSecond() {
            return calls / seconds;
        }

        String row() {
            String cpu = cpuPerCall.isEmpty() ? "|                  |          |          |            |"
                    : String.format("| %16.0f | %8.0f | %8.0f | %10.2f |", cpuPerCall.get(CpuMeter.APP)
                    + cpuPerCall.get(CpuMeter.ECHO), cpuPerCall.get(CpuMeter.POSTGRES),
                    cpuPerCall.get(CpuMeter.LOAD_GENERATOR),
                    cpuPerCall.values().stream().mapToDouble(Double::doubleValue).sum() * perSecond() / 1e6);
            return String.format("| %-35s | %7d | %9.0f | %8.0f | %8.0f | %8.0f | %9.0f | %6d %s", name, callers,
                    perSecond(), micros(0.50), micros(0.95), micros(0.99), micros(0.999), errors, cpu);
        }

        private double micros(double quantile) {
            return latency.getValueAtPercentile(quantile * 100) / 1_000.0;
        }
    }

    interface Call {
        void run() throws Exception;
    }

    /** Starts one call and reports its end exactly once, from any thread. */
    interface AsyncCall {
        void start(Runnable onSuccess, java.util.function.Consumer<Throwable> onFailure);
    }

    private ClosedLoop() {
    }

    static Result run(String name, int callers, Duration warmup, Duration measure, CpuMeter cpu, Call call)
            throws InterruptedException {
        Recorder recorder = new Recorder(3);
        AtomicLong errors = new AtomicLong();
        long warmupEnd = System.nanoTime() + warmup.toNanos();
        long end = warmupEnd + measure.toNanos();
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < callers; i++) {
            threads.add(Thread.ofPlatform().name(name + "-" + i).start(() -> {
                while (true) {
                    long start = System.nanoTime();
                    if (start >= end) {
                        return;
                    }
                    boolean failed = false;
                    try {
                        call.run();
                    } catch (Exception e) {
                        failed = true;
                    }
                    long finished = System.nanoTime();
                    if (start >= warmupEnd) {
                        if (failed) {
                            errors.incrementAndGet();
                        } else {
                            recorder.recordValue(finished - start);
                        }
                    }
                }
            }));
        }
        Thread.sleep(warmup.toMillis());
        recorder.reset();
        Map<String, Long> cpuBefore = cpu.snapshot();
        for (Thread thread : threads) {
            thread.join();
        }
        return result(name, callers, measure, recorder, errors, cpu, cpuBefore);
    }

    static Result runAsync(String name, int callers, Duration warmup, Duration measure, CpuMeter cpu, AsyncCall call)
            throws InterruptedException {
        Recorder recorder = new Recorder(3);
        AtomicLong errors = new AtomicLong();
        long warmupEnd = System.nanoTime() + warmup.toNanos();
        long end = warmupEnd + measure.toNanos();
        CountDownLatch finished = new CountDownLatch(callers);
        for (int i = 0; i < callers; i++) {
            new AsyncCaller(call, recorder, errors, warmupEnd, end, finished).next();
        }
        Thread.sleep(warmup.toMillis());
        recorder.reset();
        Map<String, Long> cpuBefore = cpu.snapshot();
        finished.await();
        return result(name, callers, measure, recorder, errors, cpu, cpuBefore);
    }

    private static Result result(String name, int callers, Duration measure, Recorder recorder, AtomicLong errors,
                                 CpuMeter cpu, Map<String, Long> cpuBefore) {
        Map<String, Long> cpuAfter = cpu.snapshot();
        Histogram histogram = recorder.getIntervalHistogram();
        long calls = histogram.getTotalCount();
        return new Result(name, callers, calls, errors.get(), measure.toNanos() / 1e9, histogram,
                CpuMeter.perCall(cpuBefore, cpuAfter, calls));
    }

    private record AsyncCaller(AsyncCall call, Recorder recorder, AtomicLong errors, long warmupEnd, long end,
                               CountDownLatch finished) {
        void next() {
            long start = System.nanoTime();
            if (start >= end) {
                finished.countDown();
                return;
            }
            call.start(() -> {
                long now = System.nanoTime();
                if (start >= warmupEnd) {
                    recorder.recordValue(now - start);
                }
                next();
            }, failure -> {
                if (start >= warmupEnd) {
                    errors.incrementAndGet();
                }
                next();
            });
        }
    }
}
