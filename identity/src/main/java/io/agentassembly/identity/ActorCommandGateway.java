package io.agentassembly.identity;

import io.agentassembly.command.api.common.AuditMetadata;
import io.agentassembly.command.api.common.DomainException;
import io.agentassembly.command.api.common.ErrorDetails;
import org.axonframework.commandhandling.CommandExecutionException;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.messaging.MetaData;
import org.axonframework.messaging.ResultMessage;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.springframework.stereotype.Component;

import java.util.Map;
import java.util.function.Supplier;

/**
 * Sends commands on behalf of an actor, so every event they cause names who did it, and turns a rejected
 * command back into the {@link DomainException} it carried, wherever the handler ran.
 */
@Component
public class ActorCommandGateway {

    private final CommandGateway commands;
    private final TransactionManager transactions;

    public ActorCommandGateway(CommandGateway commands, TransactionManager transactions) {
        this.commands = commands;
        this.transactions = transactions;
    }

    public <R> R send(Object command, Actor actor) {
        var metaData = MetaData.from(Map.of(
                AuditMetadata.ACTOR_TYPE, actor.type().name(),
                AuditMetadata.ACTOR_ID, actor.id()));
        try {
            return commands.sendAndWait(GenericCommandMessage.asCommandMessage(command).andMetaData(metaData));
        } catch (CommandExecutionException e) {
            throw refusalOr(e);
        }
    }

    /**
     * Runs {@code work}, which sends commands with {@link #send}, as one unit of work in one database
     * transaction: every command's events, lookup-table writes and subscribing projections commit together, or
     * nothing does when {@code work} throws. The commands run as nested units of work, so the aggregate locks
     * they take are held until the transaction ends (a concurrent command on the same aggregate reads committed
     * state), and their after-commit hooks run after the real commit. Their events are published when the
     * whole unit of work commits, after {@code work} returned: refusals of subscribing handlers (a quota slot)
     * are thrown from here, not from {@link #send}.
     */
    public <R> R atomically(Supplier<R> work) {
        DefaultUnitOfWork<?> unitOfWork = DefaultUnitOfWork.startAndGet(null);
        unitOfWork.attachTransaction(transactions);
        ResultMessage<R> result = unitOfWork.executeWithResult(work::get);
        if (result.isExceptional()) {
            Throwable failure = result.exceptionResult();
            if (failure instanceof Error error) {
                throw error;
            }
            throw refusalOr(failure);
        }
        return result.getPayload();
    }

    /**
     * The domain's refusal carried by a failure, or the failure itself. Refusals decided while events are
     * published (a subscribing handler sending a command that is refused) reach the sender from the commit, not
     * from the handler, so the chain is searched.
     */
    private static RuntimeException refusalOr(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof DomainException domain) {
                return domain;
            }
            if (t instanceof CommandExecutionException e && e.getDetails().orElse(null) instanceof ErrorDetails d) {
                return new DomainException(d.code(), d.field(), d.message());
            }
        }
        return failure instanceof RuntimeException runtime ? runtime : new IllegalStateException(failure);
    }
}
