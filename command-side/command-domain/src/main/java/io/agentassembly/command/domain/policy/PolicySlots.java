package io.agentassembly.command.domain.policy;

import io.agentassembly.command.api.common.ErrorDetails;
import io.agentassembly.command.api.policy.PolicyCommands.ReleasePolicySlotCommand;
import io.agentassembly.command.api.policy.PolicyCommands.TakePolicySlotCommand;
import io.agentassembly.command.api.policy.PolicyEvents.PolicyActivatedEvent;
import io.agentassembly.command.api.policy.PolicyEvents.PolicyDeactivatedEvent;
import io.agentassembly.command.api.policy.PolicyEvents.PolicyDeletedEvent;
import org.axonframework.commandhandling.CommandExecutionException;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.springframework.stereotype.Component;

/**
 * Keeps the workspace's active-policy quota: an activated policy takes a slot, a deactivated or deleted one
 * frees it. Runs in the subscribing processing group {@value #PROCESSING_GROUP}, inside the unit of work and
 * transaction of the policy command, with errors propagated: when the workspace refuses the slot
 * (QUOTA_EXCEEDED) the whole command is rolled back and its sender gets the refusal, naming the policy.
 * <p>
 * Events are published when the outermost unit of work commits, so with several policy commands in one unit of
 * work (a policy file) the refusal arrives after all of them were handled: naming the policy here is what tells
 * the sender which document did not fit.
 */
@Component
@ProcessingGroup(PolicySlots.PROCESSING_GROUP)
public class PolicySlots {

    public static final String PROCESSING_GROUP = "policy-slots";

    private final CommandGateway commands;

    public PolicySlots(CommandGateway commands) {
        this.commands = commands;
    }

    @EventHandler
    public void on(PolicyActivatedEvent event) {
        try {
            commands.sendAndWait(new TakePolicySlotCommand(event.workspaceId(), event.policyId(), event.orgId()));
        } catch (CommandExecutionException e) {
            if (e.getDetails().orElse(null) instanceof ErrorDetails refusal) {
                String message = "policy " + event.name() + " cannot be activated: " + refusal.message();
                throw new CommandExecutionException(message, e, new ErrorDetails(refusal.code(), refusal.field(), message));
            }
            throw e;
        }
    }

    @EventHandler
    public void on(PolicyDeactivatedEvent event) {
        commands.sendAndWait(new ReleasePolicySlotCommand(event.workspaceId(), event.policyId()));
    }

    @EventHandler
    public void on(PolicyDeletedEvent event) {
        commands.sendAndWait(new ReleasePolicySlotCommand(event.workspaceId(), event.policyId()));
    }
}
