package io.agentassembly.identity;

import io.agentassembly.command.api.common.AuditMetadata;
import io.agentassembly.command.api.common.DomainException;
import io.agentassembly.command.api.common.ErrorDetails;
import org.axonframework.commandhandling.CommandExecutionException;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.messaging.MetaData;
import org.springframework.stereotype.Component;

import java.util.Map;
import java.util.Optional;

/**
 * Sends commands on behalf of an actor, so every event they cause names who did it, and turns a rejected
 * command back into the {@link DomainException} it carried, wherever the handler ran.
 */
@Component
public class ActorCommandGateway {

    private final CommandGateway commands;

    public ActorCommandGateway(CommandGateway commands) {
        this.commands = commands;
    }

    public <R> R send(Object command, Actor actor) {
        var metaData = MetaData.from(Map.of(
                AuditMetadata.ACTOR_TYPE, actor.type().name(),
                AuditMetadata.ACTOR_ID, actor.id()));
        try {
            return commands.sendAndWait(GenericCommandMessage.asCommandMessage(command).andMetaData(metaData));
        } catch (CommandExecutionException e) {
            Optional<Object> details = e.getDetails();
            if (details.isPresent() && details.get() instanceof ErrorDetails d) {
                throw new DomainException(d.code(), d.field(), d.message());
            }
            throw e;
        }
    }
}
