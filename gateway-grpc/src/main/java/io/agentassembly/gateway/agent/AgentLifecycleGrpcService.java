package io.agentassembly.gateway.agent;

import com.google.protobuf.ByteString;
import io.agentassembly.command.api.agent.AgentCommands.DeregisterAgentCommand;
import io.agentassembly.command.api.agent.AgentIdentity;
import io.agentassembly.command.api.common.ActorType;
import io.agentassembly.command.api.common.DomainException;
import io.agentassembly.gateway.BlockingWork;
import io.agentassembly.gateway.GrpcStatuses;
import io.agentassembly.gateway.decision.AgentPrincipal;
import io.agentassembly.gateway.limit.ClientAddress;
import io.agentassembly.gateway.proto.agent.v1.AgentLifecycleServiceGrpc;
import io.agentassembly.gateway.proto.agent.v1.ChallengeRequest;
import io.agentassembly.gateway.proto.agent.v1.ChallengeResponse;
import io.agentassembly.gateway.proto.agent.v1.ControlCommand;
import io.agentassembly.gateway.proto.agent.v1.ControlStreamRequest;
import io.agentassembly.gateway.proto.agent.v1.SuspendCommand;
import io.agentassembly.gateway.proto.agent.v1.DeregisterRequest;
import io.agentassembly.gateway.proto.agent.v1.DeregisterResponse;
import io.agentassembly.gateway.proto.agent.v1.HeartbeatRequest;
import io.agentassembly.gateway.proto.agent.v1.HeartbeatResponse;
import io.agentassembly.gateway.proto.agent.v1.RegisterRequest;
import io.agentassembly.gateway.proto.agent.v1.RegisterResponse;
import io.agentassembly.gateway.proto.common.v1.AgentId;
import io.agentassembly.gateway.proto.common.v1.EnforcementMode;
import io.agentassembly.gateway.proto.common.v1.RiskTier;
import io.agentassembly.identity.Actor;
import io.agentassembly.identity.ActorCommandGateway;
import io.agentassembly.identity.Caller;
import io.agentassembly.identity.Permission;
import io.agentassembly.identity.auth.CredentialLookup;
import io.agentassembly.identity.token.BearerSecret;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import net.devh.boot.grpc.server.service.GrpcService;

import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * AgentLifecycleService. Register is authorised by a workspace API key (with the agents permission) in the
 * {@code authorization: Bearer} metadata, which also names the workspace the agent joins: an anonymous call
 * never creates an agent. With a {@code possession_proof} (see {@link #requestChallenge}) the API key is still
 * required, and the agent is identity assurance BOUND to the Ed25519 key its did:key names; otherwise ASSERTED.
 * Heartbeat and Deregister are authorised by the agent's own credential. Every call but ControlStream runs on the
 * blocking pool (GatewayExecutors); Register and Deregister within their workspace's share of it.
 */
@GrpcService
public class AgentLifecycleGrpcService extends AgentLifecycleServiceGrpc.AgentLifecycleServiceImplBase {

    static final long HEARTBEAT_INTERVAL_SECONDS = 30;
    private static final int IDENTITY_PART_MAX = 128;

    private final CredentialLookup apiKeys;
    private final AgentCallers callers;
    private final ActorCommandGateway commands;
    private final ControlChannels controlChannels;
    private final AgentRegistrations registrations;
    private final BlockingWork blocking;
    private final PolicyUpdates policyUpdates;

    public AgentLifecycleGrpcService(CredentialLookup apiKeys, AgentCallers callers, ActorCommandGateway commands,
                                     ControlChannels controlChannels, AgentRegistrations registrations,
                                     BlockingWork blocking, PolicyUpdates policyUpdates) {
        this.apiKeys = apiKeys;
        this.callers = callers;
        this.commands = commands;
        this.controlChannels = controlChannels;
        this.registrations = registrations;
        this.blocking = blocking;
        this.policyUpdates = policyUpdates;
    }

    /**
     * A 32-byte nonce, single use, bound to the agent triple and the public key whose did:key is the claimed
     * agent_id. Needs no credential: the nonce grants nothing until Register presents it together with a
     * workspace API key and the key's signature over it. Limited per client address (RESOURCE_EXHAUSTED).
     */
    @Override
    public void requestChallenge(ChallengeRequest request, StreamObserver<ChallengeResponse> observer) {
        respond(observer, () -> {
            RegistrationChallenges.Issued issued = registrations.challenge(identityOf(request.getAgentId()),
                    request.getPublicKey(), ClientAddress.current());
            return ChallengeResponse.newBuilder()
                    .setNonce(ByteString.copyFrom(issued.nonce()))
                    .setExpiresAtUnixMs(issued.expiresAt().toEpochMilli())
                    .build();
        });
    }

    @Override
    public void register(RegisterRequest request, StreamObserver<RegisterResponse> observer) {
        respond(observer, () -> {
            Caller caller = workspaceCaller();
            return blocking.run(caller.workspaceId(), () -> register(request, caller));
        });
    }

    private RegisterResponse register(RegisterRequest request, Caller caller) {
        AgentId id = request.getAgentId();
        boolean proofOfPossession = !request.getPossessionProof().isEmpty() || !request.getRegistrationNonce().isEmpty();
        AgentIdentity identity = proofOfPossession ? identityOf(id)
                : new AgentIdentity(id.getOrgId(), id.getTeamId(), id.getAgentId());
        AgentRegistrations.Registration registration = new AgentRegistrations.Registration(identity,
                request.getName().isBlank() ? id.getAgentId() : request.getName(), emptyToNull(request.getFramework()),
                emptyToNull(request.getVersion()), riskTier(request.getRiskTier()), List.copyOf(request.getToolNamesList()),
                Map.copyOf(request.getMetadataMap()),
                request.hasParentAgentId() ? emptyToNull(request.getParentAgentId()) : null, "parent_agent_id", true,
                request.hasDelegationReason() ? emptyToNull(request.getDelegationReason()) : null,
                request.hasSpawnedByTool() ? emptyToNull(request.getSpawnedByTool()) : null,
                request.hasMaxChildDepth() ? maxChildDepth(request.getMaxChildDepth()) : null,
                enforcementMode(request.getEnforcementMode()));
        AgentRegistrations.Registered registered = proofOfPossession
                ? registrations.registerBound(caller, registration, new AgentRegistrations.PossessionProof(
                        request.getPublicKey(), request.getRegistrationNonce().toByteArray(),
                        request.getPossessionProof().toByteArray()))
                : registrations.register(caller, registration);
        RegisterResponse.Builder response = RegisterResponse.newBuilder()
                .setCredentialToken(registered.credentialToken())
                .setHeartbeatIntervalSec(HEARTBEAT_INTERVAL_SECONDS)
                .setTeamId(id.getTeamId())
                .setAssignedPolicy(policyUpdates.assignedPolicy(new AgentPrincipal(caller.workspaceId(),
                        registered.agentKey(), identity.orgId(), identity.teamId(), identity.agentId(), "ACTIVE",
                        proofOfPossession ? "BOUND" : "ASSERTED")));
        AgentRegistrations.Placement placement = registered.placement();
        if (placement.parent() != null) {
            response.setParentAgentId(placement.parent().agentId())
                    .setRootAgentId(ByteString.copyFromUtf8(placement.root().agentId()));
        } else {
            response.setRootAgentId(ByteString.copyFromUtf8(identity.agentId()));
        }
        return response.build();
    }

    /** max_child_depth beyond any sensible tree (uint32 read as a signed int) is refused by the domain rule. */
    private static Integer maxChildDepth(int value) {
        return value < 0 ? Integer.MAX_VALUE : value;
    }

    private static String enforcementMode(EnforcementMode mode) {
        return switch (mode) {
            case ENFORCEMENT_MODE_UNSPECIFIED -> null;
            case UNRECOGNIZED -> throw GrpcStatuses.invalid("enforcement_mode", "enforcement_mode has an unknown value");
            default -> mode.name();
        };
    }

    private static AgentIdentity identityOf(AgentId id) {
        if (id.getOrgId().isBlank() || id.getAgentId().isBlank()) {
            throw invalid("agent_id needs org_id and agent_id");
        }
        if (id.getOrgId().length() > IDENTITY_PART_MAX || id.getTeamId().length() > IDENTITY_PART_MAX
                || id.getAgentId().length() > IDENTITY_PART_MAX) {
            throw invalid("agent_id parts must be at most " + IDENTITY_PART_MAX + " characters");
        }
        return new AgentIdentity(id.getOrgId(), id.getTeamId(), id.getAgentId());
    }

    private static StatusRuntimeException invalid(String description) {
        return GrpcStatuses.invalid(description);
    }

    @Override
    public void heartbeat(HeartbeatRequest request, StreamObserver<HeartbeatResponse> observer) {
        respond(observer, () -> {
            AgentPrincipal agent = callers.authenticate(request.getCredentialToken(), request.getAgentId());
            return HeartbeatResponse.newBuilder().setShouldSuspend(agent.suspended())
                    .setPolicyUpdated(policyUpdates.changedSinceLastHeartbeat(agent)).build();
        });
    }

    @Override
    public void deregister(DeregisterRequest request, StreamObserver<DeregisterResponse> observer) {
        respond(observer, () -> {
            AgentPrincipal agent = callers.authenticate(request.getCredentialToken(), request.getAgentId());
            return blocking.run(agent.workspaceId(), () -> {
                commands.send(new DeregisterAgentCommand(agent.agentKey(), agent.workspaceId(),
                        request.getReason().isBlank() ? "deregistered by the agent" : request.getReason()),
                        new Actor(ActorType.AGENT, agent.agentKey()));
                return DeregisterResponse.newBuilder().setSuccess(true).setAgentId(agent.agentId()).build();
            });
        });
    }

    /**
     * Opens the agent's control channel: console suspend, resume, revoke and deregister arrive here, and a policy
     * update when the policies in force for the agent change ({@link PolicyUpdates}). A
     * suspended agent is told so at once. RESOURCE_EXHAUSTED when the agent already holds as many as it may.
     */
    @Override
    public void controlStream(ControlStreamRequest request, StreamObserver<ControlCommand> observer) {
        AgentPrincipal agent;
        ServerCallStreamObserver<ControlCommand> stream = (ServerCallStreamObserver<ControlCommand>) observer;
        try {
            agent = callers.authenticate(request.getCredentialToken(), request.getAgentId());
            controlChannels.openAgentStream(agent, stream);
        } catch (StatusRuntimeException e) {
            observer.onError(e);
            return;
        }
        if (agent.suspended()) {
            ControlChannels.send(stream, ControlCommand.newBuilder().setSuspend(SuspendCommand.newBuilder()
                    .setReason("agent is suspended")).build());
        }
    }

    private Caller workspaceCaller() {
        String bearer = BearerMetadata.current().orElseThrow(() -> GrpcStatuses
                .unauthenticated("send a workspace API key as 'authorization: Bearer aask_…' metadata"));
        Caller caller = BearerSecret.parse(BearerSecret.API_KEY, bearer).flatMap(apiKeys::apiKeyCaller)
                .orElseThrow(() -> GrpcStatuses.unauthenticated("the API key is unknown or revoked"));
        if (!caller.has(Permission.AGENTS_MANAGE)) {
            throw GrpcStatuses.permissionDenied("the API key's owner may not manage agents (Owner or Admin role needed)");
        }
        return caller;
    }

    private static <R> void respond(StreamObserver<R> observer, Supplier<R> call) {
        try {
            observer.onNext(call.get());
            observer.onCompleted();
        } catch (StatusRuntimeException e) {
            observer.onError(e);
        } catch (DomainException e) {
            observer.onError(GrpcStatuses.of(e));
        }
    }

    private static String riskTier(RiskTier tier) {
        return switch (tier) {
            case RISK_UNSPECIFIED -> null;
            case UNRECOGNIZED -> throw GrpcStatuses.invalid("risk_tier", "risk_tier has an unknown value");
            default -> tier.name();
        };
    }

    private static String emptyToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
