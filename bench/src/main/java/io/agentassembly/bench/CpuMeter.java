package io.agentassembly.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;

/**
 * CPU time spent by the processes of a run, read from {@code /proc} (Linux): the app, the echo server, every
 * PostgreSQL process, and this load generator. Divided by the calls of a phase it says what one call costs each
 * of them, which is what bounds throughput on a machine they all share. Elsewhere it reads nothing.
 */
final class CpuMeter {

    /** USER_HZ: the unit of utime and stime in /proc/[pid]/stat, 100 on every Linux architecture Java runs on. */
    private static final long TICK_NANOS = 10_000_000L;

    static final String APP = "app";
    static final String ECHO = "echo";
    static final String POSTGRES = "postgres";
    static final String LOAD_GENERATOR = "load generator";

    private final long appPid;
    private final long echoPid;

    CpuMeter(long appPid, long echoPid) {
        this.appPid = appPid;
        this.echoPid = echoPid;
    }

    /** CPU nanoseconds per process group so far. */
    Map<String, Long> snapshot() {
        Map<String, Long> nanos = new LinkedHashMap<>();
        nanos.put(APP, ticks(appPid) * TICK_NANOS);
        nanos.put(ECHO, ticks(echoPid) * TICK_NANOS);
        nanos.put(POSTGRES, postgresTicks() * TICK_NANOS);
        nanos.put(LOAD_GENERATOR, ticks(ProcessHandle.current().pid()) * TICK_NANOS);
        return nanos;
    }

    /** CPU microseconds per call spent by each group between two snapshots. */
    static Map<String, Double> perCall(Map<String, Long> before, Map<String, Long> after, long calls) {
        Map<String, Double> micros = new LinkedHashMap<>();
        after.forEach((group, nanos) -> micros.put(group,
                calls == 0 ? 0 : (nanos - before.getOrDefault(group, 0L)) / 1_000.0 / calls));
        return micros;
    }

    private static long postgresTicks() {
        try (Stream<Path> processes = Files.list(Path.of("/proc"))) {
            return processes.filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit))
                    .filter(CpuMeter::isPostgres)
                    .mapToLong(p -> ticks(Long.parseLong(p.getFileName().toString())))
                    .sum();
        } catch (IOException e) {
            return 0;
        }
    }

    private static boolean isPostgres(Path process) {
        try {
            return Files.readString(process.resolve("comm")).strip().startsWith("postgres");
        } catch (IOException e) {
            return false;
        }
    }

    /** utime + stime of a process, 0 if it is gone or unknown; comm may hold spaces, so fields follow the last ')'. */
    private static long ticks(long pid) {
        if (pid <= 0) {
            return 0;
        }
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }
}
