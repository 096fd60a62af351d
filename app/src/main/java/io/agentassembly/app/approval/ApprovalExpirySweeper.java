package io.agentassembly.app.approval;

import io.agentassembly.app.rest.QueryClient;
import io.agentassembly.command.api.approval.ApprovalCommands.ExpireApprovalCommand;
import io.agentassembly.command.api.common.ActorType;
import io.agentassembly.gateway.approval.ApprovalProperties;
import io.agentassembly.identity.Actor;
import io.agentassembly.identity.ActorCommandGateway;
import io.agentassembly.query.api.ApprovalQueries.ApprovalView;
import io.agentassembly.query.api.ApprovalQueries.ListDueApprovalsQuery;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.ScheduledFuture;

/**
 * Every {@code aasm.approvals.sweep-interval}, expires the pending approvals whose time is up
 * ({@code ApprovalExpiredEvent}, actor {@code SYSTEM:approval-sweeper}). Every node sweeps; the aggregate
 * ignores an approval that is no longer pending, so two nodes expiring the same one record it once.
 */
@Component
public class ApprovalExpirySweeper implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(ApprovalExpirySweeper.class);
    private static final int BATCH = 200;
    private static final Actor SWEEPER = new Actor(ActorType.SYSTEM, "approval-sweeper");

    private final QueryClient queries;
    private final ActorCommandGateway commands;
    private final TaskScheduler scheduler;
    private final ApprovalProperties properties;
    private volatile ScheduledFuture<?> sweeping;

    public ApprovalExpirySweeper(QueryClient queries, ActorCommandGateway commands, TaskScheduler scheduler,
                                 ApprovalProperties properties) {
        this.queries = queries;
        this.commands = commands;
        this.scheduler = scheduler;
        this.properties = properties;
    }

    /** Expires what is due now; returns how many approvals it expired. */
    public int sweep() {
        int expired = 0;
        List<ApprovalView> due;
        do {
            due = queries.list(new ListDueApprovalsQuery(Instant.now(), BATCH), ApprovalView.class);
            for (ApprovalView approval : due) {
                try {
                    Boolean changed = commands.send(new ExpireApprovalCommand(approval.approvalId(),
                            approval.workspaceId()), SWEEPER);
                    expired += Boolean.TRUE.equals(changed) ? 1 : 0;
                } catch (RuntimeException e) {
                    log.warn("could not expire approval {}; next sweep retries", approval.approvalId(), e);
                    return expired;
                }
            }
        } while (due.size() == BATCH);
        return expired;
    }

    private void sweepQuietly() {
        try {
            sweep();
        } catch (RuntimeException e) {
            log.warn("approval sweep failed; next sweep retries", e);
        }
    }

    @Override
    public void start() {
        sweeping = scheduler.scheduleWithFixedDelay(this::sweepQuietly, properties.sweepInterval());
    }

    @Override
    public void stop() {
        ScheduledFuture<?> running = sweeping;
        sweeping = null;
        if (running != null) {
            running.cancel(false);
        }
    }

    @Override
    public boolean isRunning() {
        return sweeping != null;
    }
}
