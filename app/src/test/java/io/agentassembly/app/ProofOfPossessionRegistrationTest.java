package io.agentassembly.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.google.protobuf.ByteString;
import io.agentassembly.app.support.GatewayClient;
import io.agentassembly.app.support.GatewayClient.RegisteredAgent;
import io.agentassembly.app.support.IntegrationTest;
import io.agentassembly.app.support.Tenants.Member;
import io.agentassembly.gateway.GrpcServerPort;
import io.agentassembly.gateway.agent.DidKey;
import io.agentassembly.gateway.proto.agent.v1.ChallengeRequest;
import io.agentassembly.gateway.proto.agent.v1.ChallengeResponse;
import io.agentassembly.gateway.proto.agent.v1.RegisterRequest;
import io.agentassembly.gateway.proto.common.v1.AgentId;
import io.agentassembly.gateway.proto.common.v1.AgentIdentityAssurance;
import io.agentassembly.gateway.proto.policy.v1.CheckActionResponse;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;
import org.jooq.DSLContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Locale;
import java.util.stream.StreamSupport;

import static io.agentassembly.app.support.Api.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Proof-of-possession registration over real gRPC: the agent's did:key names its Ed25519 key, it signs a
 * single-use nonce from RequestChallenge, and the workspace API key in the metadata names the workspace.
 */
class ProofOfPossessionRegistrationTest extends IntegrationTest {

    private static final SecureRandom RANDOM = new SecureRandom();

    @Autowired
    GrpcServerPort grpcPort;

    @Autowired
    DSLContext db;

    private GatewayClient gateway;
    private Member owner;
    private String apiKey;

    /** An SDK's key pair and the agent_id it claims (its did:key). */
    private record KeyPair(Ed25519PrivateKeyParameters privateKey, String publicKeyHex, String did) {

        static KeyPair generate() {
            Ed25519PrivateKeyParameters key = new Ed25519PrivateKeyParameters(RANDOM);
            byte[] publicKey = key.generatePublicKey().getEncoded();
            return new KeyPair(key, HexFormat.of().formatHex(publicKey), DidKey.of(publicKey).value());
        }

        AgentId id(String org, String team) {
            return AgentId.newBuilder().setOrgId(org).setTeamId(team).setAgentId(did).build();
        }

        byte[] sign(byte[] message) {
            Ed25519Signer signer = new Ed25519Signer();
            signer.init(true, privateKey);
            signer.update(message, 0, message.length);
            return signer.generateSignature();
        }
    }

    @BeforeEach
    void setUpTenant() {
        gateway = new GatewayClient(grpcPort.get());
        owner = tenants.signUp("pro");
        apiKey = api.post("/api/v1/api-keys", owner.accessToken(), json("name", "sdk")).text("token");
    }

    @AfterEach
    void close() throws InterruptedException {
        gateway.close();
    }

    @Test
    void anAgentProvingItsKeyIsRegisteredBound() {
        KeyPair key = KeyPair.generate();
        AgentId id = key.id("org-a", "team-1");
        long before = System.currentTimeMillis();
        ChallengeResponse challenge = challenge(id, key.publicKeyHex().toUpperCase(Locale.ROOT));
        assertThat(challenge.getNonce().size()).isEqualTo(32);
        assertThat(challenge.getExpiresAtUnixMs()).isBetween(before + 25_000, System.currentTimeMillis() + 35_000);

        String token = gateway.lifecycle(apiKey).register(registration(id, key.publicKeyHex(), challenge.getNonce(),
                key.sign(challenge.getNonce().toByteArray()))).getCredentialToken();

        assertThat(token).startsWith("aasa_");
        RegisteredAgent agent = new RegisteredAgent(id, token);
        CheckActionResponse response = gateway.policy().checkAction(GatewayClient.toolCall(agent, id, "search"));
        assertThat(response.getAgentIdentityAssurance()).isEqualTo(AgentIdentityAssurance.AGENT_IDENTITY_ASSURANCE_BOUND);
        JsonNode registered = agents("org-a", key.did());
        assertThat(registered).hasSize(1);
        assertThat(registered.get(0).path("assurance").asText()).isEqualTo("BOUND");
        assertThat(registered.get(0).path("public_key_hex").asText()).isEqualTo(key.publicKeyHex());
        assertThat(db.fetchValue("select count(*) from registration_challenge where nonce_hex = ?",
                HexFormat.of().formatHex(challenge.getNonce().toByteArray()))).isEqualTo(0L);
    }

    @Test
    void aNonceIsSingleUseEvenWhenTheSignatureIsBad() {
        KeyPair key = KeyPair.generate();
        KeyPair other = KeyPair.generate();
        AgentId id = key.id("org-a", "team-1");
        ByteString nonce = challenge(id, key.publicKeyHex()).getNonce();

        assertStatus(() -> gateway.lifecycle(apiKey).register(registration(id, key.publicKeyHex(), nonce,
                other.sign(nonce.toByteArray()))), Status.Code.UNAUTHENTICATED);
        assertStatus(() -> gateway.lifecycle(apiKey).register(registration(id, key.publicKeyHex(), nonce,
                key.sign(nonce.toByteArray()))), Status.Code.UNAUTHENTICATED);
        assertThat(agents("org-a", key.did())).isEmpty();

        ByteString fresh = challenge(id, key.publicKeyHex()).getNonce();
        gateway.lifecycle(apiKey).register(registration(id, key.publicKeyHex(), fresh, key.sign(fresh.toByteArray())));
        assertStatus(() -> gateway.lifecycle(apiKey).register(registration(key.id("org-a", "team-2"), key.publicKeyHex(),
                fresh, key.sign(fresh.toByteArray()))), Status.Code.UNAUTHENTICATED);
        assertThat(agents("org-a", key.did())).hasSize(1);
    }

    @Test
    void anExpiredNonceIsRefused() {
        KeyPair key = KeyPair.generate();
        AgentId id = key.id("org-a", "team-1");
        ByteString nonce = challenge(id, key.publicKeyHex()).getNonce();
        db.execute("update registration_challenge set expires_at = now() - interval '1 second' where nonce_hex = ?",
                HexFormat.of().formatHex(nonce.toByteArray()));

        assertStatus(() -> gateway.lifecycle(apiKey).register(registration(id, key.publicKeyHex(), nonce,
                key.sign(nonce.toByteArray()))), Status.Code.UNAUTHENTICATED);
        assertThat(agents("org-a", key.did())).isEmpty();
    }

    @Test
    void anUnknownOrMissingNonceIsRefused() {
        KeyPair key = KeyPair.generate();
        AgentId id = key.id("org-a", "team-1");
        byte[] unknown = new byte[32];
        RANDOM.nextBytes(unknown);

        assertStatus(() -> gateway.lifecycle(apiKey).register(registration(id, key.publicKeyHex(),
                ByteString.copyFrom(unknown), key.sign(unknown))), Status.Code.UNAUTHENTICATED);
        assertStatus(() -> gateway.lifecycle(apiKey).register(registration(id, key.publicKeyHex(), ByteString.EMPTY,
                key.sign(unknown))), Status.Code.UNAUTHENTICATED);
        assertThat(agents("org-a", key.did())).isEmpty();
    }

    @Test
    void aDidKeyThatIsNotThePublicKeysIsAnInvalidArgument() {
        KeyPair key = KeyPair.generate();
        KeyPair other = KeyPair.generate();
        AgentId id = key.id("org-a", "team-1");

        assertStatus(() -> challenge(id, other.publicKeyHex()), Status.Code.INVALID_ARGUMENT);
        assertStatus(() -> challenge(AgentId.newBuilder(id).setAgentId("planner").build(), key.publicKeyHex()),
                Status.Code.INVALID_ARGUMENT);
        assertStatus(() -> challenge(id, "abcd"), Status.Code.INVALID_ARGUMENT);

        ByteString nonce = challenge(id, key.publicKeyHex()).getNonce();
        assertStatus(() -> gateway.lifecycle(apiKey).register(registration(id, other.publicKeyHex(), nonce,
                other.sign(nonce.toByteArray()))), Status.Code.INVALID_ARGUMENT);
        assertThat(agents("org-a", key.did())).isEmpty();
    }

    @Test
    void aNonceIssuedForAnotherAgentOrKeyIsRefused() {
        KeyPair key = KeyPair.generate();
        KeyPair other = KeyPair.generate();
        ByteString forAnotherOrg = challenge(key.id("org-b", "team-1"), key.publicKeyHex()).getNonce();
        assertStatus(() -> gateway.lifecycle(apiKey).register(registration(key.id("org-a", "team-1"), key.publicKeyHex(),
                forAnotherOrg, key.sign(forAnotherOrg.toByteArray()))), Status.Code.UNAUTHENTICATED);

        ByteString forAnotherKey = challenge(other.id("org-a", "team-1"), other.publicKeyHex()).getNonce();
        assertStatus(() -> gateway.lifecycle(apiKey).register(registration(key.id("org-a", "team-1"), key.publicKeyHex(),
                forAnotherKey, key.sign(forAnotherKey.toByteArray()))), Status.Code.UNAUTHENTICATED);

        assertThat(agents("org-a", key.did())).isEmpty();
        assertThat(agents("org-b", key.did())).isEmpty();
        assertThat(agents("org-a", other.did())).isEmpty();
    }

    @Test
    void aProofWithoutAWorkspaceApiKeyNeverCreatesAnAgent() {
        KeyPair key = KeyPair.generate();
        AgentId id = key.id("org-a", "team-1");
        ByteString nonce = challenge(id, key.publicKeyHex()).getNonce();

        assertStatus(() -> gateway.lifecycle(null).register(registration(id, key.publicKeyHex(), nonce,
                key.sign(nonce.toByteArray()))), Status.Code.UNAUTHENTICATED);
        assertStatus(() -> gateway.lifecycle("aask_" + "0".repeat(32) + "_" + "A".repeat(43)).register(
                registration(id, key.publicKeyHex(), nonce, key.sign(nonce.toByteArray()))), Status.Code.UNAUTHENTICATED);
        assertThat(agents("org-a", key.did())).isEmpty();
    }

    private ChallengeResponse challenge(AgentId id, String publicKeyHex) {
        return gateway.lifecycle(null).requestChallenge(ChallengeRequest.newBuilder().setAgentId(id)
                .setPublicKey(publicKeyHex).build());
    }

    private static RegisterRequest registration(AgentId id, String publicKeyHex, ByteString nonce, byte[] signature) {
        return RegisterRequest.newBuilder().setAgentId(id).setName("sdk agent").setFramework("langgraph")
                .addToolNames("search").setPublicKey(publicKeyHex).setRegistrationNonce(nonce)
                .setPossessionProof(ByteString.copyFrom(signature)).build();
    }

    /** The workspace's agents with this org and agent id (any team, any status). */
    private JsonNode agents(String org, String agentId) {
        JsonNode all = api.get("/api/v1/agents?org_id=" + org, owner.accessToken()).body();
        return JsonNodeFactory.instance.arrayNode().addAll(
                StreamSupport.stream(all.spliterator(), false)
                        .filter(a -> a.path("agent_id").asText().equals(agentId)).toList());
    }

    private static void assertStatus(Runnable call, Status.Code code) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(StatusRuntimeException.class,
                e -> assertThat(e.getStatus().getCode()).as(e.getStatus().toString()).isEqualTo(code));
    }
}
