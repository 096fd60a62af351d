package io.agentassembly.gateway.agent;

import io.agentassembly.command.api.agent.AgentEvents.AgentCredentialRevokedEvent;
import io.agentassembly.command.api.agent.AgentEvents.AgentDeregisteredEvent;
import io.agentassembly.command.api.agent.AgentEvents.AgentResumedEvent;
import io.agentassembly.command.api.agent.AgentEvents.AgentSuspendedEvent;
import io.agentassembly.gateway.proto.agent.v1.ControlCommand;
import io.agentassembly.gateway.proto.agent.v1.KillCommand;
import io.agentassembly.gateway.proto.agent.v1.ResumeCommand;
import io.agentassembly.gateway.proto.agent.v1.SuspendCommand;
import io.grpc.stub.ServerCallStreamObserver;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The agents' open ControlStreams on this node. Console decisions (suspend, resume, revoke, deregister)
 * are pushed to them once the change has committed; revoke and deregister end the stream with a kill.
 */
@Component
@ProcessingGroup("gateway-control")
public class ControlChannels {

    private static final Logger log = LoggerFactory.getLogger(ControlChannels.class);

    private final ConcurrentHashMap<String, Set<ServerCallStreamObserver<ControlCommand>>> streams =
            new ConcurrentHashMap<>();

    public void open(String agentKey, ServerCallStreamObserver<ControlCommand> stream) {
        streams.computeIfAbsent(agentKey, key -> ConcurrentHashMap.newKeySet()).add(stream);
        stream.setOnCancelHandler(() -> close(agentKey, stream));
    }

    public int openStreams(String agentKey) {
        return streams.getOrDefault(agentKey, Set.of()).size();
    }

    @EventHandler
    void on(AgentSuspendedEvent event) {
        afterCommit(event.agentKey(), ControlCommand.newBuilder()
                .setSuspend(SuspendCommand.newBuilder().setReason(nullToEmpty(event.reason()))).build(), false);
    }

    @EventHandler
    void on(AgentResumedEvent event) {
        afterCommit(event.agentKey(), ControlCommand.newBuilder().setResume(ResumeCommand.getDefaultInstance()).build(),
                false);
    }

    @EventHandler
    void on(AgentCredentialRevokedEvent event) {
        afterCommit(event.agentKey(), kill("credential revoked"), true);
    }

    @EventHandler
    void on(AgentDeregisteredEvent event) {
        afterCommit(event.agentKey(), kill(nullToEmpty(event.reason())), true);
    }

    private void afterCommit(String agentKey, ControlCommand command, boolean last) {
        if (CurrentUnitOfWork.isStarted()) {
            CurrentUnitOfWork.get().afterCommit(unitOfWork -> push(agentKey, command, last));
        } else {
            push(agentKey, command, last);
        }
    }

    private void push(String agentKey, ControlCommand command, boolean last) {
        for (ServerCallStreamObserver<ControlCommand> stream : streams.getOrDefault(agentKey, Set.of())) {
            try {
                synchronized (stream) {
                    stream.onNext(command);
                    if (last) {
                        stream.onCompleted();
                    }
                }
            } catch (RuntimeException e) {
                log.debug("control stream of {} is gone: {}", agentKey, e.getMessage());
                close(agentKey, stream);
                continue;
            }
            if (last) {
                close(agentKey, stream);
            }
        }
    }

    private void close(String agentKey, ServerCallStreamObserver<ControlCommand> stream) {
        streams.computeIfPresent(agentKey, (key, set) -> {
            set.remove(stream);
            return set.isEmpty() ? null : set;
        });
    }

    private static ControlCommand kill(String reason) {
        return ControlCommand.newBuilder().setKill(KillCommand.newBuilder().setReason(reason)).build();
    }

    private static String nullToEmpty(String value) {
        return value == null ? "" : value;
    }
}
