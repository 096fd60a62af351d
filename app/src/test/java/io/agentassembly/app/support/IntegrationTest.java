package io.agentassembly.app.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.agentassembly.app.AasmApplication;
import io.agentassembly.app.support.Tenants.Member;
import io.agentassembly.identity.token.SecretTokens;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Base of the integration tests: the whole app on a random port over real HTTP, a fresh PostgreSQL database
 * for the run, and a real in-process SMTP server receiving the app's mail. The context is shared by every
 * subclass, so tests create their own tenants and never rely on an empty database.
 */
@SpringBootTest(classes = AasmApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureObservability(tracing = false) // metrics exported as in production: /actuator/prometheus
public abstract class IntegrationTest {

    public static final String OPERATOR_TOKEN = "aaop-test-" + SecretTokens.newSecret();
    public static final GreenMail MAIL = startMail();
    public static final TestDatabase.Connection3 DATABASE = TestDatabase.create("it");
    public static final String TOKEN_KEY = randomKey();

    @LocalServerPort
    protected int port;

    protected Api api;
    protected Tenants tenants;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", DATABASE::url);
        registry.add("spring.datasource.username", DATABASE::user);
        registry.add("spring.datasource.password", DATABASE::password);
        registry.add("spring.mail.host", () -> "127.0.0.1");
        registry.add("spring.mail.port", () -> MAIL.getSmtp().getPort());
        registry.add("aasm.security.token-key", () -> TOKEN_KEY);
        registry.add("aasm.security.operator-token-sha256", () -> SecretTokens.sha256Hex(OPERATOR_TOKEN));
        registry.add("aasm.notifications.poll-interval-ms", () -> "100");
        registry.add("grpc.server.port", () -> "0");
        registry.add("aasm.approvals.sweep-interval", () -> "200ms");
        // Sign-up tests run the expiry sweep themselves, and resend at once after signing up.
        registry.add("aasm.signup.sweep-interval", () -> "1h");
        registry.add("aasm.signup.resend-interval", () -> "0s");
        // Every test calls from 127.0.0.1: per-client-address limits would make them depend on each other.
        // They are tested with their own small values in PublicEndpointLimitsTest; per-e-mail and per-workspace
        // limits stay real (each test works in workspaces of its own).
        for (String perAddress : new String[]{"aasm.security.limits.login-address", "aasm.security.limits.signup",
                "aasm.security.limits.signup-verify", "aasm.security.limits.auth-refresh",
                "aasm.security.limits.invitation-accept", "aasm.gateway.limits.challenge",
                "aasm.gateway.limits.unauthenticated", "aasm.gateway.limits.invalid"}) {
            registry.add(perAddress + ".max", () -> "1000000");
        }
        registry.add("aasm.gateway.limits.challenge-outstanding-per-address", () -> "1000000");
        // Small enough that NoisyNeighbourTest fills a workspace's rate-limit windows in seconds.
        registry.add("aasm.gateway.rate-counter.max-windows-per-workspace", () -> "200");
        // Workspaces are snapshotted every few events, so every test also decides on workspaces loaded from one.
        registry.add("aasm.workspace.snapshot-after-events", () -> "3");
        // Alerts go to receivers the tests run on 127.0.0.1 over plain HTTP, and are retried quickly.
        registry.add("aasm.alerts.allow-plain-http", () -> "true");
        registry.add("aasm.alerts.allow-private-addresses", () -> "true");
        registry.add("aasm.alerts.poll-interval-ms", () -> "100");
        registry.add("aasm.alerts.retry-initial-delay", () -> "300ms");
        // Every pass of the audit chainer that links entries signs a checkpoint at its head (AuditChainTest).
        registry.add("aasm.audit.checkpoint-interval", () -> "0s");
        // Rolled-back inserts (DecisionJournalIsolationTest) leave holes that must not hold the chain back for long.
        registry.add("aasm.audit.gap-timeout", () -> "2s");
    }

    @BeforeEach
    void connect() {
        api = new Api(port);
        tenants = new Tenants(api, MAIL);
    }

    /** The audit log as {@code reader} reads it (up to 500 entries, newest first), filtered by {@code query}. */
    protected List<JsonNode> auditEntries(Member reader, String query) {
        Api.Response logs = api.get("/api/v1/logs?per_page=500&" + query, reader.accessToken());
        assertThat(logs.status()).as(logs.body().toString()).isEqualTo(200);
        List<JsonNode> entries = new ArrayList<>();
        logs.body().path("entries").forEach(entries::add);
        return entries;
    }

    private static GreenMail startMail() {
        GreenMail mail = new GreenMail(ServerSetupTest.SMTP.dynamicPort());
        mail.start();
        return mail;
    }

    private static String randomKey() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return Base64.getEncoder().encodeToString(key);
    }
}
