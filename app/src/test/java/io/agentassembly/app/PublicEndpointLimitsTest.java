package io.agentassembly.app;

import com.fasterxml.jackson.databind.JsonNode;
import io.agentassembly.app.support.Api;
import io.agentassembly.app.support.AppInstances;
import io.agentassembly.app.support.GatewayClient;
import io.agentassembly.app.support.GatewayClient.RegisteredAgent;
import io.agentassembly.app.support.IntegrationTest;
import io.agentassembly.app.support.TestDatabase;
import io.agentassembly.app.support.Tenants;
import io.agentassembly.app.support.Tenants.Member;
import io.agentassembly.command.api.agent.AgentKeys;
import io.agentassembly.gateway.agent.DidKey;
import io.agentassembly.gateway.proto.agent.v1.ChallengeRequest;
import io.agentassembly.gateway.proto.common.v1.AgentId;
import io.agentassembly.identity.token.BearerSecret;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import static io.agentassembly.app.support.Api.json;
import static io.agentassembly.app.support.AppInstances.grpcPort;
import static io.agentassembly.app.support.AppInstances.port;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Limits on the public endpoints, with small values, on two app instances sharing one database: what one
 * instance counted, the other enforces (sign-in, sign-up and the other public REST endpoints, registration
 * challenges, all in PostgreSQL), except the per-node memory limit on unauthenticated gateway calls. Each test
 * calls from its own loopback address (127.0.3.x), so the per-client-address limits of one test never touch
 * another.
 */
class PublicEndpointLimitsTest {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final AtomicInteger NEXT_ADDRESS = new AtomicInteger(1);
    private static final String WRONG_PASSWORD = "Wrong-Horse-9-Battery";

    private static TestDatabase.Connection3 database;
    private static ConfigurableApplicationContext first;
    private static ConfigurableApplicationContext second;

    @BeforeAll
    static void startTwoInstances() {
        database = TestDatabase.create("limits");
        String[] settings = {
                "--spring.datasource.hikari.maximum-pool-size=5",
                "--spring.datasource.hikari.minimum-idle=1",
                "--aasm.security.limits.login-email.max=3",
                "--aasm.security.limits.login-email.lockout=2s",
                "--aasm.security.limits.login-email.max-lockout=4s",
                "--aasm.security.limits.login-address.max=6",
                "--aasm.security.limits.signup.max=3",
                "--aasm.security.limits.signup-verify.max=2",
                "--aasm.security.limits.auth-refresh.max=2",
                "--aasm.security.limits.invitation-accept.max=2",
                "--aasm.gateway.limits.challenge.max=4",
                "--aasm.gateway.limits.challenge-outstanding-per-address=3",
                "--aasm.gateway.limits.challenge-outstanding=5",
                "--aasm.gateway.limits.unauthenticated.max=5",
                "--aasm.gateway.limits.invalid.max=5",
                "--aasm.security.limits.workspace-requests.max=200",
                "--aasm.security.limits.workspace-costly.max=3"};
        first = AppInstances.start(database, settings);
        second = AppInstances.start(database, settings);
    }

    @AfterAll
    static void stopInstances() {
        if (second != null) {
            second.close();
        }
        if (first != null) {
            first.close();
        }
    }

    @Test
    void failedSignInsOnOneInstanceLockTheEmailOnTheOtherUntilTheLockPasses() throws Exception {
        Member owner = owner();
        InetAddress client = nextAddress();
        Api one = new Api(port(first), client);
        Api two = new Api(port(second), client);

        assertThat(login(one, owner.email(), WRONG_PASSWORD).status()).isEqualTo(401);
        assertThat(login(two, owner.email(), WRONG_PASSWORD).status()).isEqualTo(401);
        assertThat(login(one, owner.email(), WRONG_PASSWORD).status()).isEqualTo(401);

        Api.Response locked = login(two, owner.email(), Tenants.PASSWORD);
        assertThat(locked.status()).isEqualTo(429);
        assertThat(locked.contentType()).startsWith("application/problem+json");
        assertThat(locked.text("code")).isEqualTo("RATE_LIMITED");
        assertThat(Long.parseLong(locked.header("Retry-After"))).isBetween(1L, 2L);
        assertThat(login(one, owner.email(), Tenants.PASSWORD).status()).isEqualTo(429);

        Thread.sleep(Long.parseLong(locked.header("Retry-After")) * 1000 + 200);
        assertThat(login(two, owner.email(), Tenants.PASSWORD).status()).isEqualTo(200);
        assertThat(login(one, owner.email(), WRONG_PASSWORD).status()).as("a success forgets the failures").isEqualTo(401);
        assertThat(login(two, owner.email(), WRONG_PASSWORD).status()).isEqualTo(401);

        List<JsonNode> failures = awaitAudit(one, owner, "UserSignInFailed", 6);
        assertThat(failures).extracting(f -> f.path("payload").path("reason").asText())
                .containsExactlyInAnyOrder("WRONG_PASSWORD", "WRONG_PASSWORD", "WRONG_PASSWORD", "LOCKED",
                        "WRONG_PASSWORD", "WRONG_PASSWORD");
        assertThat(failures).allSatisfy(f -> {
            assertThat(f.path("payload").path("client_address").asText()).isEqualTo(client.getHostAddress());
            assertThat(f.path("payload").path("user_id").asText()).isEqualTo(owner.userId());
            assertThat(f.path("actor_type").asText()).isEqualTo("SYSTEM");
        });
        assertThat(failures).filteredOn(f -> f.path("payload").has("locked_until")).hasSize(2);
        assertThat(failures.toString()).doesNotContain(WRONG_PASSWORD).doesNotContain(Tenants.PASSWORD);
    }

    @Test
    void anUnknownEmailIsThrottledExactlyLikeAKnownOne() {
        Member owner = owner();
        Api known = new Api(port(first), nextAddress());
        Api unknown = new Api(port(first), nextAddress());
        String nobody = Tenants.uniqueEmail("nobody");
        List<Api.Response> answers = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            Api.Response forKnown = login(known, owner.email(), WRONG_PASSWORD);
            Api.Response forUnknown = login(unknown, nobody, WRONG_PASSWORD);
            assertThat(forUnknown.status()).isEqualTo(forKnown.status()).isEqualTo(i < 3 ? 401 : 429);
            assertThat(withoutSeconds(forUnknown.body())).isEqualTo(withoutSeconds(forKnown.body()));
            answers.add(forUnknown);
        }
        assertThat(answers.getLast().header("Retry-After")).isNotNull();
    }

    @Test
    void failedSignInsFromOneClientAddressLockThatAddressForEveryEmail() {
        Member owner = owner();
        InetAddress client = nextAddress();
        Api one = new Api(port(first), client);
        Api two = new Api(port(second), client);
        for (int i = 0; i < 6; i++) {
            assertThat(login(i % 2 == 0 ? one : two, Tenants.uniqueEmail("guess"), WRONG_PASSWORD).status()).isEqualTo(401);
        }
        assertThat(login(two, owner.email(), Tenants.PASSWORD).status()).isEqualTo(429);
        assertThat(login(new Api(port(second), nextAddress()), owner.email(), Tenants.PASSWORD).status()).isEqualTo(200);
    }

    @Test
    void signUpIsLimitedPerClientAddressAcrossInstances() {
        InetAddress client = nextAddress();
        Api one = new Api(port(first), client).deliberatelyInvalid();
        Api two = new Api(port(second), client).deliberatelyInvalid();
        assertThat(one.post("/api/v1/signup", null, json()).status()).isEqualTo(400);
        assertThat(two.post("/api/v1/signup", null, json()).status()).isEqualTo(400);
        assertThat(one.post("/api/v1/signup", null, json()).status()).isEqualTo(400);

        Api.Response refused = two.post("/api/v1/signup", null, signUpBody());
        assertThat(refused.status()).isEqualTo(429);
        assertThat(refused.contentType()).startsWith("application/problem+json");
        assertThat(refused.text("code")).isEqualTo("RATE_LIMITED");
        assertThat(Long.parseLong(refused.header("Retry-After"))).isBetween(3500L, 3600L);
        assertThat(new Api(port(second), nextAddress()).post("/api/v1/signup", null, signUpBody()).status())
                .as("another client address").isEqualTo(202);
    }

    @Test
    void theOtherPublicEndpointsAreLimitedPerClientAddress() {
        for (String path : List.of("/api/v1/signup/verify", "/api/v1/auth/refresh", "/api/v1/invitations/accept")) {
            Api client = new Api(port(first), nextAddress()).deliberatelyInvalid();
            assertThat(client.post(path, null, json()).status()).as(path).isEqualTo(400);
            assertThat(client.post(path, null, json()).status()).as(path).isEqualTo(400);
            Api.Response refused = client.post(path, null, json());
            assertThat(refused.status()).as(path).isEqualTo(429);
            assertThat(refused.header("Retry-After")).as(path).isNotNull();
        }
    }

    @Test
    void registrationChallengesAreLimitedPerClientAddressAndOutstandingNoncesAreCapped() throws Exception {
        InetAddress a = nextAddress();
        InetAddress b = nextAddress();
        try (GatewayClient fromA = new GatewayClient(grpcPort(first), a);
             GatewayClient fromAOnTwo = new GatewayClient(grpcPort(second), a);
             GatewayClient fromB = new GatewayClient(grpcPort(second), b)) {
            for (int i = 0; i < 3; i++) {
                challenge(i % 2 == 0 ? fromA : fromAOnTwo);
            }
            assertExhausted(() -> challenge(fromA), "3 registration challenges outstanding");
            assertExhausted(() -> challenge(fromAOnTwo), "too many registration challenges requested");
            challenge(fromB);
            challenge(fromB);
            assertExhausted(() -> challenge(fromB), "too many registration challenges are outstanding");
            assertThat(outstandingChallenges()).isEqualTo(5);
        }
    }

    @Test
    void unauthenticatedGatewayCallsFromOneAddressAreRefusedOnThatNode() throws Exception {
        Member owner = owner();
        String apiKey = new Api(port(first), nextAddress()).post("/api/v1/api-keys", owner.accessToken(),
                json("name", "agents")).text("token");
        InetAddress attacker = nextAddress();
        try (GatewayClient trusted = new GatewayClient(grpcPort(first), nextAddress());
             GatewayClient fromAttacker = new GatewayClient(grpcPort(first), attacker);
             GatewayClient fromAttackerOnTwo = new GatewayClient(grpcPort(second), attacker)) {
            RegisteredAgent agent = trusted.register(apiKey, "org-l", "team-l", "limited");
            RegisteredAgent forged = new RegisteredAgent(agent.id(), unknownCredential());
            for (int i = 0; i < 5; i++) {
                assertStatus(() -> fromAttacker.policy().checkAction(GatewayClient.toolCall(
                        new RegisteredAgent(agent.id(), unknownCredential()), agent.id(), "search")),
                        Status.Code.UNAUTHENTICATED);
            }
            assertExhausted(() -> fromAttacker.policy().checkAction(GatewayClient.toolCall(forged, agent.id(), "search")),
                    "too many calls with unknown or revoked credentials");
            assertExhausted(() -> fromAttacker.policy().checkAction(GatewayClient.toolCall(agent, agent.id(), "search")),
                    "too many calls with unknown or revoked credentials");
            assertThat(trusted.policy().checkAction(GatewayClient.toolCall(agent, agent.id(), "search")).getReason())
                    .isNotEmpty();
            assertStatus(() -> fromAttackerOnTwo.policy().checkAction(GatewayClient.toolCall(forged, agent.id(), "search")),
                    Status.Code.UNAUTHENTICATED);
        }
    }

    /**
     * Input the edge refuses costs reading and parsing the message first: an address that keeps sending it is
     * refused when its calls start, before any message is read, and other addresses are not.
     */
    @Test
    void invalidGatewayCallsFromOneAddressAreRefusedBeforeTheirMessageIsRead() throws Exception {
        Member owner = owner();
        String apiKey = new Api(port(first), nextAddress()).post("/api/v1/api-keys", owner.accessToken(),
                json("name", "agents")).text("token");
        try (GatewayClient trusted = new GatewayClient(grpcPort(first), nextAddress());
             GatewayClient fromAttacker = new GatewayClient(grpcPort(first), nextAddress())) {
            RegisteredAgent agent = trusted.register(apiKey, "org-l", "team-l", "invalid-input");
            for (int i = 0; i < 5; i++) {
                assertStatus(() -> fromAttacker.policy().checkAction(GatewayClient.toolCall(agent, agent.id(),
                        "tool\u0000")), Status.Code.INVALID_ARGUMENT);
            }
            assertExhausted(() -> fromAttacker.policy().checkAction(GatewayClient.toolCall(agent, agent.id(),
                    "x".repeat(200_000))), "too many calls with invalid input");
            assertExhausted(() -> fromAttacker.policy().checkAction(GatewayClient.toolCall(agent, agent.id(), "search")),
                    "too many calls with invalid input");
            assertThat(trusted.policy().checkAction(GatewayClient.toolCall(agent, agent.id(), "search")).getReason())
                    .as("the agent's own address is not locked").isNotEmpty();
        }
    }

    /** One workspace's console users share its budget of requests on a node; another workspace has its own. */
    @Test
    void aWorkspaceThatSendsTooManyRequestsIsSlowedAloneAndPolicyCompilationsHaveTheirOwnLimit() {
        Member busy = owner();
        Member other = owner();
        Api api = new Api(port(first), nextAddress());
        String draft = "apiVersion: agent-assembly/v1\nkind: Policy\nmetadata: { name: d }\nspec:\n  scope: global\n";
        Object simulate = json("draft", draft, "request", Map.of("agent_id", Map.of("org_id", "o", "team_id", "t",
                "agent_id", "a"), "action_type", "TOOL_CALL", "context", Map.of("tool_call", Map.of("tool_name", "search"))));
        for (int i = 0; i < 3; i++) {
            assertThat(api.post("/api/v1/policies/simulate", busy.accessToken(), simulate).status()).isEqualTo(200);
        }
        Api.Response compileLimited = api.post("/api/v1/policies/simulate", busy.accessToken(), simulate);
        assertThat(compileLimited.status()).isEqualTo(429);
        assertThat(compileLimited.text("detail")).contains("your workspace sent too many policy compilations");
        assertThat(compileLimited.header("Retry-After")).isNotNull();
        assertThat(api.get("/api/v1/workspace", busy.accessToken()).status()).as("other requests go on").isEqualTo(200);
        assertThat(api.post("/api/v1/policies/simulate", other.accessToken(), simulate).status()).isEqualTo(200);

        int answered = 0;
        Api.Response last = null;
        while (answered < 300) {
            last = api.get("/api/v1/workspace", busy.accessToken());
            if (last.status() != 200) {
                break;
            }
            answered++;
        }
        assertThat(last.status()).isEqualTo(429);
        assertThat(answered).isLessThan(200);
        assertThat(last.text("detail")).contains("your workspace sent too many requests");
        assertThat(api.get("/api/v1/workspace", other.accessToken()).status()).isEqualTo(200);
    }

    /** A workspace's identity provider shares the workspace's budget: it cannot starve other tenants either. */
    @Test
    void aWorkspacesScimCallsCountAgainstItsRequestLimitAndAreRefusedAsSCIMErrors() {
        Member busy = owner();
        Member other = owner();
        Api api = new Api(port(first), nextAddress());
        String busyToken = api.post("/api/v1/scim/tokens", busy.accessToken(), json("name", "idp")).text("token");
        String otherToken = api.post("/api/v1/scim/tokens", other.accessToken(), json("name", "idp")).text("token");

        int answered = 0;
        Api.Response last = null;
        while (answered < 300) {
            last = api.get("/scim/v2/ServiceProviderConfig", busyToken);
            if (last.status() == 429) {
                break;
            }
            assertThat(last.status()).isNotIn(401, 403);
            answered++;
        }
        assertThat(last.status()).isEqualTo(429);
        assertThat(answered).isLessThan(200);
        assertThat(last.contentType()).startsWith("application/scim+json");
        assertThat(last.text("status")).isEqualTo("429");
        assertThat(last.text("detail")).contains("your workspace sent too many requests");
        assertThat(last.header("Retry-After")).isNotNull();
        assertThat(api.get("/api/v1/workspace", busy.accessToken()).status()).as("the console shares the budget")
                .isEqualTo(429);
        assertThat(api.get("/scim/v2/ServiceProviderConfig", otherToken).status()).isNotIn(401, 403, 429);
    }

    private static Member owner() {
        return new Tenants(new Api(port(first), nextAddress()), IntegrationTest.MAIL).signUp("pro");
    }

    private static Api.Response login(Api api, String email, String password) {
        return api.post("/api/v1/auth/login", null, json("email", email, "password", password));
    }

    private static Object signUpBody() {
        String email = Tenants.uniqueEmail("limited");
        return json("email", email, "password", Tenants.PASSWORD, "workspace_name", "Limited " + email,
                "region", "eu-west-1", "tier", "free");
    }

    private static String withoutSeconds(JsonNode problem) {
        return problem.toString().replaceAll("\\d+ s\\b", "N s");
    }

    private static List<JsonNode> awaitAudit(Api api, Member member, String eventType, int count) {
        List<JsonNode> entries = new ArrayList<>();
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
            entries.clear();
            api.get("/api/v1/logs?per_page=500&event_type=" + eventType, member.accessToken()).body()
                    .path("entries").forEach(entries::add);
            assertThat(entries).hasSize(count);
        });
        return entries;
    }

    private static void challenge(GatewayClient client) {
        Ed25519PrivateKeyParameters key = new Ed25519PrivateKeyParameters(RANDOM);
        byte[] publicKey = key.generatePublicKey().getEncoded();
        client.lifecycle(null).requestChallenge(ChallengeRequest.newBuilder()
                .setAgentId(AgentId.newBuilder().setOrgId("org-c").setTeamId("team-c").setAgentId(DidKey.of(publicKey).value()))
                .setPublicKey(HexFormat.of().formatHex(publicKey))
                .build());
    }

    private static long outstandingChallenges() throws Exception {
        try (Connection connection = DriverManager.getConnection(database.url(), database.user(), database.password());
             ResultSet rows = connection.createStatement().executeQuery("select count(*) from registration_challenge")) {
            rows.next();
            return rows.getLong(1);
        }
    }

    private static String unknownCredential() {
        return BearerSecret.issue(BearerSecret.AGENT_CREDENTIAL, AgentKeys.credentialIdOf(AgentKeys.newKey())).token();
    }

    private static void assertExhausted(Runnable call, String description) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
            assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
            assertThat(e.getStatus().getDescription()).contains(description);
        });
    }

    private static void assertStatus(Supplier<?> call, Status.Code code) {
        assertThatThrownBy(call::get).isInstanceOfSatisfying(StatusRuntimeException.class,
                e -> assertThat(e.getStatus().getCode()).isEqualTo(code));
    }

    private static InetAddress nextAddress() {
        try {
            return InetAddress.getByName("127.0.3." + NEXT_ADDRESS.getAndIncrement());
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }
}
