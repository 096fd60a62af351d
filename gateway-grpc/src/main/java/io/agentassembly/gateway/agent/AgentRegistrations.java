package io.agentassembly.gateway.agent;

import io.agentassembly.command.api.agent.AgentCommands.RegisterAgentCommand;
import io.agentassembly.command.api.agent.AgentCommands.RotateAgentCredentialCommand;
import io.agentassembly.command.api.agent.AgentIdentity;
import io.agentassembly.command.api.agent.AgentKeys;
import io.agentassembly.command.api.agent.IdentityAssurance;
import io.agentassembly.command.api.common.SecretDigest;
import io.agentassembly.gateway.GrpcStatuses;
import io.agentassembly.identity.ActorCommandGateway;
import io.agentassembly.identity.Caller;
import io.agentassembly.identity.token.BearerSecret;
import io.grpc.StatusRuntimeException;
import org.springframework.stereotype.Service;

import java.util.List;
import java.util.Map;

/**
 * Registers agents for both edges (REST console and gRPC gateway): mints the agent key and its credential
 * token, sends {@link RegisterAgentCommand} as the caller, and returns the token once (only its digest is stored).
 * An agent is ASSERTED unless it proves possession of the Ed25519 key its did:key agent_id names (a nonce from
 * {@link #challenge}, signed), which makes it BOUND. Only the gateway offers that proof, so its refusals are gRPC
 * statuses (INVALID_ARGUMENT for a malformed claim, UNAUTHENTICATED for a nonce or signature that does not hold).
 * The caller's permission to manage agents is checked by the edge before it calls.
 */
@Service
public class AgentRegistrations {

    /** What the edge read from its request, already in domain terms. */
    public record Registration(AgentIdentity identity, String name, String framework, String version, String riskTier,
                               List<String> toolNames, Map<String, String> metadata, String parentAgentKey) {
    }

    /** The hex public key whose did:key is the claimed agent_id, the nonce from {@link #challenge}, its signature. */
    public record PossessionProof(String publicKeyHex, byte[] nonce, byte[] signature) {
    }

    /** The new agent's key and its credential token, which is shown once. */
    public record Registered(String agentKey, String credentialToken) {
        @Override
        public String toString() {
            return "Registered[" + agentKey + "]";
        }
    }

    private final ActorCommandGateway commands;
    private final RegistrationChallenges challenges;

    public AgentRegistrations(ActorCommandGateway commands, RegistrationChallenges challenges) {
        this.commands = commands;
        this.challenges = challenges;
    }

    /** Registers an agent whose identity is only asserted by the caller. */
    public Registered register(Caller caller, Registration registration) {
        return send(caller, registration, IdentityAssurance.ASSERTED, null);
    }

    /**
     * Registers an agent BOUND to the key it proved it holds. The nonce is consumed before anything else is
     * decided from it, so it is single use whatever the outcome.
     */
    public Registered registerBound(Caller caller, Registration registration, PossessionProof proof) {
        DidKey key = proveKeyPossession(registration.identity(), proof);
        return send(caller, registration, IdentityAssurance.BOUND, key.publicKeyHex());
    }

    /** A single-use nonce bound to {@code identity} and the key whose did:key its agent_id is. */
    public RegistrationChallenges.Issued challenge(AgentIdentity identity, String publicKeyHex, String clientAddress) {
        DidKey key = boundKey(identity, publicKeyHex);
        return challenges.issue(identity, key.publicKeyHex(), clientAddress);
    }

    /** Issues the agent a new credential token (returned once); the previous one stops working at once. */
    public String rotateCredential(Caller caller, String agentKey) {
        BearerSecret credential = newCredential(agentKey);
        commands.send(new RotateAgentCredentialCommand(agentKey, caller.workspaceId(),
                new SecretDigest(credential.digest())), caller.actor());
        return credential.token();
    }

    private Registered send(Caller caller, Registration registration, IdentityAssurance assurance, String publicKeyHex) {
        String agentKey = AgentKeys.newKey();
        BearerSecret credential = newCredential(agentKey);
        commands.send(new RegisterAgentCommand(caller.workspaceId(), agentKey, registration.identity(),
                registration.name(), registration.framework(), registration.version(), registration.riskTier(),
                registration.toolNames(), registration.metadata(), registration.parentAgentKey(), assurance,
                publicKeyHex, new SecretDigest(credential.digest())), caller.actor());
        return new Registered(agentKey, credential.token());
    }

    private DidKey proveKeyPossession(AgentIdentity identity, PossessionProof proof) {
        if (proof.nonce().length == 0) {
            throw unauthenticated("possession_proof needs the registration_nonce from RequestChallenge");
        }
        DidKey key = boundKey(identity, proof.publicKeyHex());
        RegistrationChallenges.Challenge challenge = challenges.consume(proof.nonce())
                .orElseThrow(() -> unauthenticated("registration_nonce is unknown or already used"));
        if (challenge.expired()) {
            throw unauthenticated("registration_nonce has expired; request a new challenge");
        }
        if (!challenge.boundTo(identity, key.publicKeyHex())) {
            throw unauthenticated("registration_nonce was issued for another agent_id or public_key");
        }
        if (!key.verifies(proof.nonce(), proof.signature())) {
            throw unauthenticated("possession_proof is not the key's Ed25519 signature over registration_nonce");
        }
        return key;
    }

    /** The key of {@code publicKeyHex}, which must be the one the claimed agent_id (a did:key) names. */
    private static DidKey boundKey(AgentIdentity identity, String publicKeyHex) {
        DidKey key = DidKey.ofHex(publicKeyHex).orElseThrow(() ->
                GrpcStatuses.invalid("public_key", "public_key must be a 32-byte Ed25519 public key in hex"));
        if (!key.value().equals(identity.agentId())) {
            throw GrpcStatuses.invalid("agent_id.agent_id", "agent_id.agent_id must be the did:key of public_key ("
                    + key.value() + ")");
        }
        return key;
    }

    private static BearerSecret newCredential(String agentKey) {
        return BearerSecret.issue(BearerSecret.AGENT_CREDENTIAL, AgentKeys.credentialIdOf(agentKey));
    }

    private static StatusRuntimeException unauthenticated(String description) {
        return GrpcStatuses.unauthenticated(description);
    }
}
