package io.agentassembly.gateway.approval;

import io.agentassembly.command.api.approval.ApprovalCommands.ConsumeApprovalCommand;
import io.agentassembly.command.api.approval.ApprovalCommands.ExpireApprovalCommand;
import io.agentassembly.command.api.approval.ApprovalCommands.RequestApprovalCommand;
import io.agentassembly.command.api.approval.ApprovalIds;
import io.agentassembly.command.api.common.ActorType;
import io.agentassembly.command.api.common.DomainException;
import io.agentassembly.command.api.common.ErrorCode;
import io.agentassembly.gateway.GrpcStatuses;
import io.agentassembly.gateway.decision.AgentPrincipal;
import io.agentassembly.gateway.decision.PendingApprovals;
import io.agentassembly.gateway.decision.Verdict;
import io.agentassembly.gateway.decision.Verdict.ApprovalSubject;
import io.agentassembly.identity.Actor;
import io.agentassembly.identity.ActorCommandGateway;
import io.agentassembly.query.api.ApprovalQueries.ApprovalView;
import io.agentassembly.query.api.ApprovalQueries.FindLatestApprovalQuery;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ExecutionException;

/**
 * Approvals of PENDING actions. An action is the agent, the tool and the SHA-256 of its arguments; its newest
 * unused approval decides the answer:
 * <ul>
 * <li>none, expired or used up → a new approval ({@code RequestApprovalCommand}, expiring after the configured
 *     timeout) and PENDING with its id;</li>
 * <li>pending → PENDING with the same id (re-checking never opens a second approval; the command side refuses
 *     a second open approval for the same action even from another node);</li>
 * <li>approved → ALLOW once: the approval is consumed, and the next identical check asks again;</li>
 * <li>rejected → DENY "approval rejected" until the rejected approval would have expired, then a new one.</li>
 * </ul>
 * Unlike the rest of CheckAction this reads the approval read model and sends commands on the calling thread;
 * it runs only for actions a policy sends to a human.
 */
public class ActionApprovals implements PendingApprovals {

    private static final int ATTEMPTS = 3;

    private final QueryGateway queries;
    private final ActorCommandGateway commands;
    private final ApprovalProperties properties;
    private final Clock clock;

    public ActionApprovals(QueryGateway queries, ActorCommandGateway commands, ApprovalProperties properties,
                           Clock clock) {
        this.queries = queries;
        this.commands = commands;
        this.properties = properties;
        this.clock = clock;
    }

    @Override
    public Verdict resolve(AgentPrincipal agent, Verdict pending) {
        ApprovalSubject subject = pending.approvalSubject();
        String expiryTried = null;
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            Instant now = clock.instant();
            Optional<ApprovalView> latest = latest(agent, subject);
            if (latest.isPresent()) {
                ApprovalView approval = latest.get();
                switch (approval.status()) {
                    case PENDING -> {
                        // Past its expiry but not yet swept: expire it, then open a new one. If the command side
                        // does not consider it due yet (clocks differ), it is still the one to wait for.
                        if (now.isBefore(approval.expiresAt()) || approval.approvalId().equals(expiryTried)) {
                            return pending.awaiting(approval.approvalId());
                        }
                        expire(agent, approval);
                        expiryTried = approval.approvalId();
                        continue;
                    }
                    case APPROVED -> {
                        if (consume(agent, approval)) {
                            return pending.approvedBy(approval.approvalId());
                        }
                        continue;
                    }
                    case REJECTED -> {
                        if (now.isBefore(approval.expiresAt())) {
                            return pending.rejectedBy(approval.approvalId());
                        }
                    }
                    default -> {
                    }
                }
            }
            String approvalId = ApprovalIds.newId();
            if (request(agent, pending, approvalId, now)) {
                return pending.awaiting(approvalId);
            }
        }
        throw GrpcStatuses.unavailable("the approval for this action is changing; retry");
    }

    private Optional<ApprovalView> latest(AgentPrincipal agent, ApprovalSubject subject) {
        try {
            return queries.query(new FindLatestApprovalQuery(agent.workspaceId(), agent.agentKey(), subject.tool(),
                    subject.argsDigest()), ResponseTypes.optionalInstanceOf(ApprovalView.class)).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading approvals", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot read approvals", e.getCause());
        }
    }

    private boolean request(AgentPrincipal agent, Verdict pending, String approvalId, Instant now) {
        ApprovalSubject subject = pending.approvalSubject();
        try {
            commands.send(new RequestApprovalCommand(approvalId, agent.workspaceId(), agent.orgId(), agent.teamId(),
                    agent.agentId(), agent.agentKey(), subject.actionType(), subject.tool(), subject.argsDigest(),
                    pending.policyRule(), pending.policyDigest(), pending.reason(), now.plus(properties.timeout())),
                    actor(agent));
            return true;
        } catch (DomainException e) {
            if (e.code() == ErrorCode.APPROVAL_ALREADY_OPEN) {
                return false;
            }
            throw e;
        }
    }

    private boolean consume(AgentPrincipal agent, ApprovalView approval) {
        try {
            commands.send(new ConsumeApprovalCommand(approval.approvalId(), agent.workspaceId(), agent.agentKey()),
                    actor(agent));
            return true;
        } catch (DomainException e) {
            if (e.code() == ErrorCode.APPROVAL_NOT_APPROVED) {
                return false;
            }
            throw e;
        }
    }

    private void expire(AgentPrincipal agent, ApprovalView approval) {
        commands.send(new ExpireApprovalCommand(approval.approvalId(), agent.workspaceId()), actor(agent));
    }

    private static Actor actor(AgentPrincipal agent) {
        return new Actor(ActorType.AGENT, agent.agentKey());
    }
}
