package io.agentassembly.app;

import io.agentassembly.app.support.Api;
import io.agentassembly.app.support.GatewayClient;
import io.agentassembly.app.support.GatewayClient.RegisteredAgent;
import io.agentassembly.app.support.IntegrationTest;
import io.agentassembly.app.support.TestDatabase;
import io.agentassembly.app.support.Tenants;
import io.agentassembly.app.support.Tenants.Member;
import io.agentassembly.gateway.proto.policy.v1.CheckActionRequest;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

import static io.agentassembly.app.support.Api.json;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Kills the app (SIGKILL, a separate JVM) in the middle of a CheckAction load: every decision a client
 * received an answer for is in the event store, because answers are sent only after their commit.
 */
class DecisionDurabilityTest {

    @Test
    void everyDecisionAClientReceivedSurvivesAKill() throws Exception {
        TestDatabase.Connection3 database = TestDatabase.create("kill");
        int httpPort = freePort();
        int grpcPort = freePort();
        Path log = Files.createTempFile("aasm-kill-test", ".log");
        Process app = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "-Ddisable-axoniq-console-message=true",
                AasmApplication.class.getName(),
                "--spring.datasource.url=" + database.url(), "--spring.datasource.username=" + database.user(),
                "--spring.datasource.password=" + database.password(), "--server.port=" + httpPort,
                "--grpc.server.port=" + grpcPort, "--spring.mail.host=127.0.0.1",
                "--spring.mail.port=" + IntegrationTest.MAIL.getSmtp().getPort(),
                "--aasm.security.token-key=" + IntegrationTest.TOKEN_KEY, "--aasm.notifications.poll-interval-ms=100")
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        Set<String> answered = ConcurrentHashMap.newKeySet();
        try {
            Api api = new Api(httpPort);
            awaitHealthy(api, app, log);
            Member owner = new Tenants(api, IntegrationTest.MAIL).signUp("pro");
            String apiKey = api.post("/api/v1/api-keys", owner.accessToken(), json("name", "load")).text("token");
            try (GatewayClient gateway = new GatewayClient(grpcPort)) {
                RegisteredAgent agent = gateway.register(apiKey, "org-k", "team-k", "loader");
                AtomicBoolean stop = new AtomicBoolean();
                List<Thread> callers = new ArrayList<>();
                for (int i = 0; i < 8; i++) {
                    callers.add(Thread.ofPlatform().start(() -> {
                        while (!stop.get()) {
                            CheckActionRequest request = GatewayClient.toolCall(agent, agent.id(), "search");
                            try {
                                gateway.policy().checkAction(request);
                                answered.add(request.getTraceId());
                            } catch (RuntimeException e) {
                                return;
                            }
                        }
                    }));
                }
                Instant until = Instant.now().plusSeconds(30);
                while (answered.size() < 300 && Instant.now().isBefore(until)) {
                    Thread.sleep(20);
                }
                app.destroyForcibly().waitFor();
                stop.set(true);
                for (Thread caller : callers) {
                    caller.join(10_000);
                }
            }
        } finally {
            app.destroyForcibly();
        }

        assertThat(answered).hasSizeGreaterThanOrEqualTo(300);
        Set<String> recorded = recordedTraceIds(database);
        assertThat(recorded).containsAll(answered);
    }

    private static Set<String> recordedTraceIds(TestDatabase.Connection3 database) throws Exception {
        Set<String> traceIds = new HashSet<>();
        try (Connection connection = DriverManager.getConnection(database.url(), database.user(), database.password());
             ResultSet rows = connection.createStatement().executeQuery("select convert_from(payload, 'UTF8')::jsonb "
                     + "->> 'trace_id' from domainevententry where payloadtype like '%AgentActionDecidedEvent'")) {
            while (rows.next()) {
                traceIds.add(rows.getString(1));
            }
        }
        return traceIds;
    }

    private static void awaitHealthy(Api api, Process app, Path log) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(90));
        while (Instant.now().isBefore(deadline)) {
            if (!app.isAlive()) {
                throw new AssertionError("the app exited early:\n" + Files.readString(log));
            }
            try {
                if (api.get("/actuator/health", null).status() == 200) {
                    return;
                }
            } catch (IllegalStateException notYet) {
                // not listening yet
            }
            Thread.sleep(250);
        }
        throw new AssertionError("the app did not become healthy:\n" + Files.readString(log));
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

}
