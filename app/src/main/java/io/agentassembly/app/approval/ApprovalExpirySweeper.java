package io.agentassembly.app.approval;

import io.agentassembly.app.rest.QueryClient;
import io.agentassembly.app.sweep.PeriodicSweeper;
import io.agentassembly.command.api.approval.ApprovalCommands.ExpireApprovalCommand;
import io.agentassembly.command.api.common.ActorType;
import io.agentassembly.gateway.approval.ApprovalProperties;
import io.agentassembly.identity.Actor;
import io.agentassembly.identity.ActorCommandGateway;
import io.agentassembly.query.api.ApprovalQueries.ApprovalView;
import io.agentassembly.query.api.ApprovalQueries.ListDueApprovalsQuery;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.stereotype.Component;

import java.time.Instant;

/**
 * Every {@code aasm.approvals.sweep-interval}, expires the pending approvals whose time is up
 * ({@code ApprovalExpiredEvent}, actor {@code SYSTEM:approval-sweeper}). Every node sweeps; the aggregate
 * ignores an approval that is no longer pending, so two nodes expiring the same one record it once.
 */
@Component
public class ApprovalExpirySweeper extends PeriodicSweeper {

    private static final Actor SWEEPER = new Actor(ActorType.SYSTEM, "approval-sweeper");

    private final QueryClient queries;
    private final ActorCommandGateway commands;

    public ApprovalExpirySweeper(QueryClient queries, ActorCommandGateway commands, TaskScheduler scheduler,
                                 ApprovalProperties properties) {
        super(scheduler, properties.sweepInterval());
        this.queries = queries;
        this.commands = commands;
    }

    /** Expires what is due now; returns how many approvals it expired. */
    @Override
    public int sweep() {
        return closeDue(limit -> queries.list(new ListDueApprovalsQuery(Instant.now(), limit), ApprovalView.class),
                approval -> Boolean.TRUE.equals(commands.send(
                        new ExpireApprovalCommand(approval.approvalId(), approval.workspaceId()), SWEEPER)),
                approval -> "approval " + approval.approvalId());
    }
}
