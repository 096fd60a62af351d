package io.agentassembly.command.domain.signin;

import io.agentassembly.command.api.signin.SignInCommands.RecordSignInFailureCommand;
import io.agentassembly.command.api.signin.SignInEvents.UserSignInFailedEvent;
import io.agentassembly.command.domain.common.Require;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.spring.stereotype.Aggregate;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * One refused password sign-in of a known user, recorded in the user's workspace audit log. An aggregate of
 * its own with a single event, so failed sign-ins never lengthen the Workspace's event stream, which every
 * workspace command loads, and never wait for its lock (docs/adr/0012).
 */
@Aggregate
public class SignInFailure {

    private static final int ID_MAX = 64;
    private static final int ADDRESS_MAX = 64;

    @AggregateIdentifier
    private String failureId;

    protected SignInFailure() {
    }

    @CommandHandler
    public SignInFailure(RecordSignInFailureCommand command) {
        apply(new UserSignInFailedEvent(Require.text(command.workspaceId(), "workspaceId", ID_MAX),
                Require.text(command.failureId(), "failureId", ID_MAX), Require.text(command.userId(), "userId", ID_MAX),
                Require.present(command.reason(), "reason"),
                Require.text(command.clientAddress(), "clientAddress", ADDRESS_MAX), command.lockedUntil()));
    }

    @EventSourcingHandler
    void on(UserSignInFailedEvent event) {
        failureId = event.failureId();
    }
}
