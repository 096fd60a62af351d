package io.agentassembly.app.support;

import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.PostgreSQLContainer;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.UUID;

/**
 * Databases for integration tests. An explicitly configured PostgreSQL server (AASM_TEST_DB_HOST/PORT/USER/
 * PASSWORD, default 127.0.0.1:5432 as postgres) gets a fresh database per test run, dropped at JVM exit.
 * Where no server answers and a Docker engine exists, a Testcontainers PostgreSQL is used instead.
 */
public final class TestDatabase {

    public record Connection3(String url, String user, String password) {
    }

    private static final String HOST = env("AASM_TEST_DB_HOST", "127.0.0.1");
    private static final int PORT = Integer.parseInt(env("AASM_TEST_DB_PORT", "5432"));
    private static final String USER = env("AASM_TEST_DB_USER", "postgres");
    private static final String PASSWORD = env("AASM_TEST_DB_PASSWORD", "");

    private static PostgreSQLContainer<?> container;

    private TestDatabase() {
    }

    /** Creates a new, empty database and arranges for it to be dropped when the JVM exits. */
    public static synchronized Connection3 create(String purpose) {
        if (!serverAnswers()) {
            return containerDatabase();
        }
        String name = "aasm_test_" + purpose + "_" + UUID.randomUUID().toString().substring(0, 8);
        admin("CREATE DATABASE " + name);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> admin("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)")));
        return new Connection3("jdbc:postgresql://" + HOST + ":" + PORT + "/" + name, USER, PASSWORD);
    }

    private static boolean serverAnswers() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(HOST, PORT), 1000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static Connection3 containerDatabase() {
        if (!DockerClientFactory.instance().isDockerAvailable()) {
            throw new IllegalStateException("No PostgreSQL answers on " + HOST + ":" + PORT
                    + " and no Docker engine is available: run the tests with bin/test, which starts one, "
                    + "or set AASM_TEST_DB_HOST/AASM_TEST_DB_PORT/AASM_TEST_DB_USER/AASM_TEST_DB_PASSWORD");
        }
        if (container == null) {
            container = new PostgreSQLContainer<>("postgres:15");
            container.start();
        }
        return new Connection3(container.getJdbcUrl(), container.getUsername(), container.getPassword());
    }

    private static void admin(String sql) {
        try (Connection connection = DriverManager.getConnection(
                "jdbc:postgresql://" + HOST + ":" + PORT + "/postgres", USER, PASSWORD)) {
            connection.createStatement().execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot run '" + sql + "' on the test PostgreSQL server", e);
        }
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
