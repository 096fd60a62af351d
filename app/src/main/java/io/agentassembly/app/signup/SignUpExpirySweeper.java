package io.agentassembly.app.signup;

import io.agentassembly.app.rest.QueryClient;
import io.agentassembly.app.sweep.PeriodicSweeper;
import io.agentassembly.command.api.workspace.WorkspaceCommands.ExpireSignUpCommand;
import io.agentassembly.identity.ActorCommandGateway;
import io.agentassembly.query.api.SignUpQueries.ListLapsedSignUpsQuery;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.stereotype.Component;

import java.time.Instant;

/**
 * Every {@code aasm.signup.sweep-interval}, closes the pending sign-ups whose claims lapsed
 * ({@code WorkspaceSignUpExpiredEvent}, actor {@code SYSTEM:sign-up-expiry}), freeing their e-mail and slug.
 * A new sign-up that needs a lapsed claim does not wait for this: it takes the claim over itself
 * ({@link SignUps}).
 */
@Component
public class SignUpExpirySweeper extends PeriodicSweeper {

    private final QueryClient queries;
    private final ActorCommandGateway commands;

    public SignUpExpirySweeper(QueryClient queries, ActorCommandGateway commands, TaskScheduler scheduler,
                               SignUpProperties properties) {
        super(scheduler, properties.sweepInterval());
        this.queries = queries;
        this.commands = commands;
    }

    /** Closes the sign-ups lapsed by now; returns how many it closed. */
    @Override
    public int sweep() {
        return closeDue(limit -> queries.list(new ListLapsedSignUpsQuery(Instant.now(), limit), String.class),
                workspaceId -> Boolean.TRUE.equals(commands.send(new ExpireSignUpCommand(workspaceId), SignUps.EXPIRY)),
                workspaceId -> "sign-up " + workspaceId);
    }
}
