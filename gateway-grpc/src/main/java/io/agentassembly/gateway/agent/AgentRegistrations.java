package io.agentassembly.gateway.agent;

import io.agentassembly.command.api.agent.AgentCommands.RegisterAgentCommand;
import io.agentassembly.command.api.agent.AgentCommands.RotateAgentCredentialCommand;
import io.agentassembly.command.api.agent.AgentDelegation;
import io.agentassembly.command.api.agent.AgentIdentity;
import io.agentassembly.command.api.agent.AgentStatus;
import io.agentassembly.command.api.common.DomainException;
import io.agentassembly.command.api.common.ErrorCode;
import io.agentassembly.query.api.TopologyQueries.ResolveTopologyAgentQuery;
import io.agentassembly.query.api.TopologyQueries.TopologyAgentView;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
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

    /**
     * What the edge read from its request, already in domain terms. {@code parent} names the parent: its agent key,
     * or (where {@code parentByAgentId}) the agent id of a registered agent of the workspace, looked for in the new
     * agent's org first; {@code parentField} is the field to name when it is not found.
     */
    public record Registration(AgentIdentity identity, String name, String framework, String version, String riskTier,
                               List<String> toolNames, Map<String, String> metadata, String parent,
                               String parentField, boolean parentByAgentId, String delegationReason,
                               String spawnedByTool, Integer maxChildDepth, String enforcementMode) {

        /** A registration naming its parent (if any) by agent key, without delegation details. */
        public Registration(AgentIdentity identity, String name, String framework, String version, String riskTier,
                            List<String> toolNames, Map<String, String> metadata, String parentAgentKey) {
            this(identity, name, framework, version, riskTier, toolNames, metadata, parentAgentKey, "parentAgentKey",
                    false, null, null, null, null);
        }
    }

    /** Where the new agent sits: its parent and root (null for a root), both as the topology shows them. */
    public record Placement(TopologyAgentView parent, TopologyAgentView root) {
    }

    /** The hex public key whose did:key is the claimed agent_id, the nonce from {@link #challenge}, its signature. */
    public record PossessionProof(String publicKeyHex, byte[] nonce, byte[] signature) {
    }

    /** The new agent's key and its credential token, which is shown once. */
    public record Registered(String agentKey, String credentialToken, Placement placement) {
        @Override
        public String toString() {
            return "Registered[" + agentKey + "]";
        }
    }

    private final ActorCommandGateway commands;
    private final RegistrationChallenges challenges;
    private final QueryGateway queries;

    public AgentRegistrations(ActorCommandGateway commands, RegistrationChallenges challenges, QueryGateway queries) {
        this.commands = commands;
        this.challenges = challenges;
        this.queries = queries;
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
        Placement placement = place(caller.workspaceId(), registration);
        TopologyAgentView parent = placement.parent();
        AgentDelegation delegation = new AgentDelegation(parent == null ? agentKey : parent.rootAgentKey(),
                parent == null ? 0 : parent.depth() + 1, registration.delegationReason(),
                registration.spawnedByTool(), registration.maxChildDepth(), registration.enforcementMode());
        String parentKey = parent == null ? registration.parent() : parent.agentKey();
        commands.send(new RegisterAgentCommand(caller.workspaceId(), agentKey, registration.identity(),
                registration.name(), registration.framework(), registration.version(), registration.riskTier(),
                registration.toolNames(), registration.metadata(), parentKey, assurance,
                publicKeyHex, new SecretDigest(credential.digest()), parentKey == null || parent != null
                        ? delegation : null), caller.actor());
        return new Registered(agentKey, credential.token(), placement);
    }

    /**
     * Finds the parent the registration names (NOT_FOUND naming the field when the workspace has no such agent; a
     * malformed agent key is left to the domain rules) and checks the depth limits of its ancestors: an ancestor
     * with {@code max_child_depth} m admits agents at most m levels below it.
     */
    private Placement place(String workspaceId, Registration registration) {
        String ref = registration.parent();
        if (ref == null || (!registration.parentByAgentId() && !AgentKeys.isKey(ref))) {
            return new Placement(null, null);
        }
        TopologyAgentView parent = resolve(workspaceId, registration.identity().orgId(), ref)
                .or(() -> resolve(workspaceId, null, ref))
                .filter(found -> !AgentStatus.DEREGISTERED.name().equals(found.status()))
                .orElseThrow(() -> new DomainException(ErrorCode.AGENT_NOT_FOUND, registration.parentField(),
                        registration.parentField() + " names no registered agent of this workspace"));
        int depth = parent.depth() + 1;
        TopologyAgentView root = parent;
        TopologyAgentView ancestor = parent;
        for (int hops = 0; ancestor != null && hops <= 128; hops++) {
            Integer limit = ancestor.maxChildDepth();
            if (limit != null && depth - ancestor.depth() > limit) {
                throw new DomainException(ErrorCode.DELEGATION_DEPTH_EXCEEDED, registration.parentField(),
                        "agent " + ancestor.agentId() + " allows agents at most " + limit + (limit == 1 ? " level"
                                : " levels") + " below it (max_child_depth); this one would be "
                                + (depth - ancestor.depth()));
            }
            root = ancestor;
            ancestor = ancestor.parentAgentKey() == null ? null
                    : resolve(workspaceId, null, ancestor.parentAgentKey()).orElse(null);
        }
        return new Placement(parent, root);
    }

    private Optional<TopologyAgentView> resolve(String workspaceId, String orgId, String ref) {
        List<TopologyAgentView> found;
        try {
            found = queries.query(new ResolveTopologyAgentQuery(workspaceId, orgId, ref),
                    ResponseTypes.multipleInstancesOf(TopologyAgentView.class)).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw GrpcStatuses.unavailable("interrupted; retry");
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot read the topology", e.getCause());
        }
        return found.size() == 1 ? Optional.of(found.getFirst()) : found.stream()
                .filter(agent -> ref.equals(agent.agentKey())).findFirst()
                .or(() -> found.isEmpty() ? Optional.empty() : Optional.of(found.getFirst()));
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
