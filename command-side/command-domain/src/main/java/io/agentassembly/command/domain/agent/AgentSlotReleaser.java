package io.agentassembly.command.domain.agent;

import io.agentassembly.command.api.agent.AgentCommands.ReleaseAgentSlotCommand;
import io.agentassembly.command.api.agent.AgentEvents.AgentDeregisteredEvent;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.springframework.stereotype.Component;

/**
 * Gives a deregistered agent's quota slot back to its workspace. Runs in the subscribing processing group
 * {@value #PROCESSING_GROUP}, i.e. inside the deregistration's unit of work and transaction: the slot is
 * free when the deregistration commits, and a failed release rolls the deregistration back (errors
 * propagate) instead of leaking a slot.
 */
@Component
@ProcessingGroup(AgentSlotReleaser.PROCESSING_GROUP)
public class AgentSlotReleaser {

    public static final String PROCESSING_GROUP = "agent-slots";

    private final CommandGateway commands;

    public AgentSlotReleaser(CommandGateway commands) {
        this.commands = commands;
    }

    @EventHandler
    public void on(AgentDeregisteredEvent event) {
        commands.sendAndWait(new ReleaseAgentSlotCommand(event.workspaceId(), event.agentKey()));
    }
}
