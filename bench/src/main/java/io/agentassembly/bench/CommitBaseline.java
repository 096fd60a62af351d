package io.agentassembly.bench;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.UUID;

/** One durable single-row commit after another (synchronous_commit on): the floor of a recorded decision. */
final class CommitBaseline {

    private CommitBaseline() {
    }

    /** One durable single-row commit. */
    interface Commit {
        void once() throws SQLException;
    }

    interface Measurement<R> {
        R measure(Commit commit) throws Exception;
    }

    static ClosedLoop.Result run(String url, String user, String password, Duration warmup, Duration measure,
                                CpuMeter cpu) throws Exception {
        return measure(url, user, password, commit ->
                ClosedLoop.run("single-row durable commit (JDBC)", 1, warmup, measure, cpu, commit::once));
    }

    /** Runs {@code measurement} with the commit on a table of its own, dropped afterwards. */
    static <R> R measure(String url, String user, String password, Measurement<R> measurement) throws Exception {
        try (Connection connection = DriverManager.getConnection(url, user, password)) {
            try (Statement ddl = connection.createStatement()) {
                // a regular table: temporary and unlogged tables skip the WAL, and with it the flush we measure
                ddl.execute("drop table if exists bench_commit");
                ddl.execute("create table bench_commit (id uuid primary key, payload jsonb not null)");
                ddl.execute("set synchronous_commit = on");
            }
            connection.setAutoCommit(true);
            String payload = "{\"decision\":\"DENY\",\"reason\":\"" + "x".repeat(400) + "\"}";
            try (PreparedStatement insert = connection.prepareStatement(
                    "insert into bench_commit (id, payload) values (?, ?::jsonb)")) {
                return measurement.measure(() -> {
                    insert.setObject(1, UUID.randomUUID());
                    insert.setString(2, payload);
                    insert.executeUpdate();
                });
            } finally {
                try (Statement ddl = connection.createStatement()) {
                    ddl.execute("drop table if exists bench_commit");
                }
            }
        }
    }
}
