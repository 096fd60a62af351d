package io.agentassembly.gateway.agent;

import io.agentassembly.command.api.agent.AgentEvents.AgentCredentialRevokedEvent;
import io.agentassembly.command.api.agent.AgentEvents.AgentCredentialRotatedEvent;
import io.agentassembly.command.api.agent.AgentEvents.AgentDeregisteredEvent;
import io.agentassembly.command.api.agent.AgentEvents.AgentOperationSignalledEvent;
import io.agentassembly.command.api.agent.AgentEvents.AgentResumedEvent;
import io.agentassembly.command.api.agent.AgentEvents.AgentSuspendedEvent;
import io.agentassembly.gateway.GrpcStatuses;
import io.agentassembly.gateway.decision.AgentPrincipal;
import io.agentassembly.gateway.policy.PolicyStage;
import io.agentassembly.gateway.proto.agent.v1.ControlCommand;
import io.agentassembly.gateway.proto.agent.v1.KillCommand;
import io.agentassembly.gateway.proto.agent.v1.ResumeCommand;
import io.agentassembly.gateway.proto.agent.v1.SuspendCommand;
import io.agentassembly.gateway.proto.policy.v1.OpControlMessage;
import io.agentassembly.gateway.proto.policy.v1.OpControlSignal;
import io.agentassembly.policy.engine.AgentLineage;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ServerCallStreamObserver;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The agents' open control channels on this node: {@code ControlStream} (suspend, resume, kill of the whole
 * agent, and policy updates: {@link PolicyUpdates}) and {@code OpControlStream} (pause, resume, terminate of one operation). Console decisions are
 * pushed once they have committed. A stream lives only as long as the credential it was opened with: rotation
 * ends both kinds with UNAUTHENTICATED, revocation too (the control stream hears a kill first), deregistration
 * kills and completes the control stream and ends the operation stream with UNAUTHENTICATED. An agent may hold
 * at most {@code aasm.gateway.control-streams.max-per-agent} streams of each kind on a node; a closed stream frees
 * its slot.
 */
@Component
@ProcessingGroup("gateway-control")
public class ControlChannels {

    private final AgentStreams<ControlCommand> agentStreams = new AgentStreams<>(this::forget);
    private final AgentStreams<OpControlMessage> operationStreams = new AgentStreams<>();
    /** Lineage of the agents with a control stream open here, by workspace. */
    private final ConcurrentHashMap<String, Map<String, AgentLineage>> connected = new ConcurrentHashMap<>();
    /** The workspace of each agent in {@link #connected}. */
    private final ConcurrentHashMap<String, String> workspaceOf = new ConcurrentHashMap<>();
    private final int maxStreamsPerAgent;

    public ControlChannels(@Value("${aasm.gateway.control-streams.max-per-agent:4}") int maxStreamsPerAgent) {
        if (maxStreamsPerAgent < 1) {
            throw new IllegalArgumentException("aasm.gateway.control-streams.max-per-agent must be at least 1, not "
                    + maxStreamsPerAgent);
        }
        this.maxStreamsPerAgent = maxStreamsPerAgent;
    }

    /** @throws StatusRuntimeException RESOURCE_EXHAUSTED when the agent already has as many open as it may */
    public void openAgentStream(AgentPrincipal agent, ServerCallStreamObserver<ControlCommand> stream) {
        if (!agentStreams.open(agent.agentKey(), stream, maxStreamsPerAgent)) {
            throw tooMany("ControlStream");
        }
        connected.compute(agent.workspaceId(), (workspaceId, agents) -> {
            Map<String, AgentLineage> held = agents == null ? new ConcurrentHashMap<>() : agents;
            held.put(agent.agentKey(), PolicyStage.lineageOf(agent));
            workspaceOf.put(agent.agentKey(), workspaceId);
            return held;
        });
    }

    /**
     * The agent's last control stream here has closed: its lineage is dropped, unless a stream was opened again
     * meanwhile (opening records the lineage after holding the stream, and both run per workspace in turn).
     */
    private void forget(String agentKey) {
        String workspaceId = workspaceOf.get(agentKey);
        if (workspaceId == null) {
            return;
        }
        connected.computeIfPresent(workspaceId, (key, agents) -> {
            if (agentStreams.count(agentKey) == 0) {
                agents.remove(agentKey);
                workspaceOf.remove(agentKey, workspaceId);
            }
            return agents.isEmpty() ? null : agents;
        });
    }

    /**
     * Sends each agent of the workspace that has a control stream open on this node the command {@code commandFor}
     * gives its lineage (nothing when it gives null).
     */
    public void pushToWorkspace(String workspaceId, Function<AgentLineage, ControlCommand> commandFor) {
        connected.getOrDefault(workspaceId, Map.of()).forEach((agentKey, lineage) -> {
            ControlCommand command = commandFor.apply(lineage);
            if (command != null) {
                agentStreams.sendAfterCommit(agentKey, command, false);
            }
        });
    }

    /** Whether this node holds the agent's lineage for policy updates (only while it has a control stream here). */
    public boolean holdsLineageOf(String agentKey) {
        return workspaceOf.containsKey(agentKey);
    }

    /** @throws StatusRuntimeException RESOURCE_EXHAUSTED when the agent already has as many open as it may */
    public void openOperationStream(String agentKey, ServerCallStreamObserver<OpControlMessage> stream) {
        if (!operationStreams.open(agentKey, stream, maxStreamsPerAgent)) {
            throw tooMany("OpControlStream");
        }
    }

    private StatusRuntimeException tooMany(String kind) {
        return GrpcStatuses.exhausted("the agent already has " + maxStreamsPerAgent + " open "
                + kind + " streams on this gateway node, the most it may; close one (cancel the call) and retry");
    }

    public int openStreams(String agentKey) {
        return agentStreams.count(agentKey) + operationStreams.count(agentKey);
    }

    static <T> void send(ServerCallStreamObserver<T> stream, T message) {
        AgentStreams.sendTo(stream, message);
    }

    @EventHandler
    void on(AgentSuspendedEvent event) {
        agentStreams.sendAfterCommit(event.agentKey(), ControlCommand.newBuilder()
                .setSuspend(SuspendCommand.newBuilder().setReason(nullToEmpty(event.reason()))).build(), false);
    }

    @EventHandler
    void on(AgentResumedEvent event) {
        agentStreams.sendAfterCommit(event.agentKey(),
                ControlCommand.newBuilder().setResume(ResumeCommand.getDefaultInstance()).build(), false);
    }

    @EventHandler
    void on(AgentCredentialRotatedEvent event) {
        Supplier<StatusRuntimeException> rotated = () -> GrpcStatuses.unauthenticated(
                "the agent credential was rotated; reconnect with the new credential token");
        agentStreams.failAfterCommit(event.agentKey(), null, rotated);
        operationStreams.failAfterCommit(event.agentKey(), null, rotated);
    }

    @EventHandler
    void on(AgentCredentialRevokedEvent event) {
        Supplier<StatusRuntimeException> revoked = () -> GrpcStatuses.unauthenticated("the agent credential was revoked");
        agentStreams.failAfterCommit(event.agentKey(), kill("credential revoked"), revoked);
        operationStreams.failAfterCommit(event.agentKey(), null, revoked);
    }

    @EventHandler
    void on(AgentDeregisteredEvent event) {
        agentStreams.sendAfterCommit(event.agentKey(), kill(nullToEmpty(event.reason())), true);
        operationStreams.failAfterCommit(event.agentKey(), null,
                () -> GrpcStatuses.unauthenticated("the agent was deregistered; its credential no longer exists"));
    }

    @EventHandler
    void on(AgentOperationSignalledEvent event) {
        OpControlSignal signal = switch (event.signal()) {
            case PAUSE -> OpControlSignal.OP_CONTROL_SIGNAL_PAUSE;
            case RESUME -> OpControlSignal.OP_CONTROL_SIGNAL_RESUME;
            case TERMINATE -> OpControlSignal.OP_CONTROL_SIGNAL_TERMINATE;
        };
        operationStreams.sendAfterCommit(event.agentKey(), OpControlMessage.newBuilder().setOpId(event.opId())
                .setSignal(signal).setSequence(event.sequence()).build(), false);
    }

    private static ControlCommand kill(String reason) {
        return ControlCommand.newBuilder().setKill(KillCommand.newBuilder().setReason(reason)).build();
    }

    private static String nullToEmpty(String value) {
        return value == null ? "" : value;
    }
}
