package io.agentassembly.app;

import io.agentassembly.app.config.AxonUpdateCheckOptIn;
import io.agentassembly.app.support.Api;
import io.agentassembly.app.support.AppInstances;
import io.agentassembly.app.support.TestDatabase;
import org.axonframework.updates.UpdateChecker;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.core.env.MapPropertySource;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A start-up with the defaults: the app does not phone home (ADR 0017), and says that its operator API is closed
 * when no operator credential is configured. Axon's update checker skips itself when it finds a test framework on
 * the calling thread's stack, so the app is started here on a thread of its own, as {@code java -jar} starts it.
 */
@ExtendWith(OutputCaptureExtension.class)
class StartUpTest {

    @Test
    void startsWithoutTheUpdateCheckerCallsNobodyAndSaysTheOperatorApiIsClosed(CapturedOutput log) throws Exception {
        try (ServerSocket usageServer = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            AtomicInteger connections = countConnections(usageServer);
            String usageUrl = "http://127.0.0.1:" + usageServer.getLocalPort() + "/updates/framework";
            TestDatabase.Connection3 database = TestDatabase.create("nophonehome");

            try (ConfigurableApplicationContext app = withoutTestFrames(
                    () -> AppInstances.start(database, "--axon.update-check.url=" + usageUrl,
                            "--aasm.security.operator-token-sha256="))) {
                assertThat(app.getBeanProvider(UpdateChecker.class).getIfAvailable())
                        .as("Axon's update checker").isNull();
                // The checker's first report would leave one second after start-up.
                Thread.sleep(3000);
                assertThat(connections.get()).as("connections to the usage-reporting address").isZero();
                assertThat(log.getOut()).doesNotContain("UpdateChecker", "axoniq.io");

                assertThat(log.getOut()).contains("WARN", "No operator credential is configured on this server");
                Api api = new Api(AppInstances.port(app)).deliberatelyInvalid();
                for (String operatorOnly : new String[]{"/api/v1/operator/workspaces", "/actuator/metrics"}) {
                    Api.Response refused = api.get(operatorOnly, "aaop-some-token");
                    assertThat(refused.status()).as(operatorOnly).isEqualTo(401);
                    assertThat(refused.text("detail")).as(operatorOnly)
                            .startsWith("no operator credential is configured on this server")
                            .contains("AASM_OPERATOR_TOKEN_SHA256", "Authorization: Bearer <operator token>");
                }
                assertThat(api.get("/api/v1/workspace", null).text("detail")).as("a tenant endpoint")
                        .doesNotContain("operator credential is configured");
            }
        }
    }

    @Test
    void theDocumentedSwitchTurnsUsageReportingOn(@TempDir Path home) throws Exception {
        String realHome = System.getProperty("user.home");
        System.setProperty("user.home", home.toString()); // the checker writes a machine id there
        try {
            assertThat(hasUpdateChecker("false")).as("axon.update-check.disabled=false").isTrue();
            assertThat(hasUpdateChecker(null)).as("without the switch").isFalse();
            assertThat(hasUpdateChecker("true")).as("axon.update-check.disabled=true").isFalse();
        } finally {
            System.setProperty("user.home", realHome);
        }
    }

    private static boolean hasUpdateChecker(String disabled) throws Exception {
        // Not ApplicationContextRunner: it is a test framework on the stack, and the checker would skip itself.
        return withoutTestFrames(() -> {
            try (var context = new AnnotationConfigApplicationContext()) {
                if (disabled != null) {
                    context.getEnvironment().getPropertySources().addFirst(
                            new MapPropertySource("switch", Map.of("axon.update-check.disabled", disabled)));
                }
                context.register(AxonUpdateCheckOptIn.class);
                context.refresh();
                return context.getBeanProvider(UpdateChecker.class).getIfAvailable() != null;
            }
        });
    }

    private static <T> T withoutTestFrames(Callable<T> work) throws Exception {
        FutureTask<T> task = new FutureTask<>(work);
        Thread thread = new Thread(task, "started-like-java-jar");
        thread.start();
        return task.get(3, TimeUnit.MINUTES);
    }

    private static AtomicInteger countConnections(ServerSocket server) {
        AtomicInteger connections = new AtomicInteger();
        Thread.ofVirtual().start(() -> {
            while (!server.isClosed()) {
                try (Socket ignored = server.accept()) {
                    connections.incrementAndGet();
                } catch (IOException closed) {
                    return;
                }
            }
        });
        return connections;
    }
}
