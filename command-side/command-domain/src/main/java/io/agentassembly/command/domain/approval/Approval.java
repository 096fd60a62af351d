package io.agentassembly.command.domain.approval;

import io.agentassembly.command.api.approval.ApprovalCommands.ConsumeApprovalCommand;
import io.agentassembly.command.api.approval.ApprovalCommands.ExpireApprovalCommand;
import io.agentassembly.command.api.approval.ApprovalCommands.GrantApprovalCommand;
import io.agentassembly.command.api.approval.ApprovalCommands.RejectApprovalCommand;
import io.agentassembly.command.api.approval.ApprovalCommands.RequestApprovalCommand;
import io.agentassembly.command.api.approval.ApprovalEvents.ApprovalConsumedEvent;
import io.agentassembly.command.api.approval.ApprovalEvents.ApprovalExpiredEvent;
import io.agentassembly.command.api.approval.ApprovalEvents.ApprovalGrantedEvent;
import io.agentassembly.command.api.approval.ApprovalEvents.ApprovalRejectedEvent;
import io.agentassembly.command.api.approval.ApprovalEvents.ApprovalRequestedEvent;
import io.agentassembly.command.api.approval.ApprovalIds;
import io.agentassembly.command.api.approval.ApprovalStatus;
import io.agentassembly.command.api.common.DomainException;
import io.agentassembly.command.api.common.ErrorCode;
import io.agentassembly.command.domain.common.DomainClock;
import io.agentassembly.command.domain.common.Require;
import io.agentassembly.command.domain.store.ApprovalClaims;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.spring.stereotype.Aggregate;

import java.time.Instant;
import java.util.regex.Pattern;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * A request for a human decision on one agent action (id {@code apr-<uuid>}), opened by the gateway when a
 * policy answers PENDING:
 * <pre>
 * PENDING ─approve─▶ APPROVED ─used by the gateway─▶ CONSUMED
 * PENDING ─reject──▶ REJECTED          PENDING ─past expiresAt─▶ EXPIRED
 * </pre>
 * While PENDING or APPROVED it holds its action (agent, tool, argument digest) in {@link ApprovalClaims}, so
 * the same action never has two open approvals. A decision after {@code expiresAt} is refused even before the
 * sweeper has recorded the expiry.
 */
@Aggregate
public class Approval {

    private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-f]{64}");
    private static final int ID_MAX = 128;
    private static final int TOOL_MAX = 200;
    private static final int RULE_MAX = 300;
    private static final int REASON_MAX = 1000;
    private static final int DECISION_REASON_MAX = 500;

    @AggregateIdentifier
    private String approvalId;
    private String workspaceId;
    private String orgId;
    private String agentKey;
    private ApprovalStatus status;
    private Instant expiresAt;

    protected Approval() {
    }

    @CommandHandler
    public Approval(RequestApprovalCommand command, ApprovalClaims claims) {
        if (!ApprovalIds.isApprovalId(command.approvalId())) {
            throw Require.invalid("approvalId", "approvalId must be apr-<uuid>");
        }
        String workspace = Require.text(command.workspaceId(), "workspaceId", 64);
        String org = Require.text(command.orgId(), "orgId", ID_MAX);
        String team = Require.text(command.teamId(), "teamId", ID_MAX);
        String agent = Require.text(command.agentId(), "agentId", ID_MAX);
        String key = Require.text(command.agentKey(), "agentKey", 64);
        String actionType = Require.text(command.actionType(), "actionType", 32);
        String tool = Require.text(command.tool(), "tool", TOOL_MAX);
        String argsDigest = Require.matching(command.argsDigest(), SHA256_HEX, "argsDigest",
                "the SHA-256 of the arguments as 64 lower-case hex digits");
        String rule = Require.text(command.policyRule(), "policyRule", RULE_MAX);
        String digest = Require.optionalText(command.policyDigest(), "policyDigest", 80);
        String reason = Require.optionalText(command.reason(), "reason", REASON_MAX);
        Instant expires = Require.future(command.expiresAt(), "expiresAt");

        claims.claim(workspace, key, tool, argsDigest, command.approvalId());
        apply(new ApprovalRequestedEvent(workspace, org, command.approvalId(), key, team, agent, actionType, tool,
                argsDigest, rule, digest, reason, expires));
    }

    @CommandHandler
    public void handle(GrantApprovalCommand command) {
        requireWorkspace(command.workspaceId());
        String reason = Require.optionalText(command.reason(), "reason", DECISION_REASON_MAX);
        requireUndecided("approve");
        apply(new ApprovalGrantedEvent(workspaceId, orgId, approvalId, agentKey, reason));
    }

    @CommandHandler
    public void handle(RejectApprovalCommand command, ApprovalClaims claims) {
        requireWorkspace(command.workspaceId());
        String reason = Require.optionalText(command.reason(), "reason", DECISION_REASON_MAX);
        requireUndecided("reject");
        claims.release(approvalId);
        apply(new ApprovalRejectedEvent(workspaceId, orgId, approvalId, agentKey, reason));
    }

    @CommandHandler
    public void handle(ConsumeApprovalCommand command, ApprovalClaims claims) {
        requireWorkspace(command.workspaceId());
        if (status != ApprovalStatus.APPROVED || !agentKey.equals(command.agentKey())) {
            throw new DomainException(ErrorCode.APPROVAL_NOT_APPROVED, "approvalId",
                    "approval " + approvalId + " is " + status.name().toLowerCase() + ", not approved for this agent");
        }
        claims.release(approvalId);
        apply(new ApprovalConsumedEvent(workspaceId, orgId, approvalId, agentKey));
    }

    /** Idempotent: an approval that is no longer pending, or not yet due, is left as it is. */
    @CommandHandler
    public boolean handle(ExpireApprovalCommand command, ApprovalClaims claims) {
        requireWorkspace(command.workspaceId());
        if (status != ApprovalStatus.PENDING || !DomainClock.hasPassed(expiresAt)) {
            return false;
        }
        claims.release(approvalId);
        apply(new ApprovalExpiredEvent(workspaceId, orgId, approvalId, agentKey, expiresAt));
        return true;
    }

    private void requireWorkspace(String callerWorkspaceId) {
        if (!workspaceId.equals(callerWorkspaceId)) {
            throw new DomainException(ErrorCode.APPROVAL_NOT_FOUND, "approvalId", "approval not found; check the approval id");
        }
    }

    private void requireUndecided(String action) {
        if (status == ApprovalStatus.EXPIRED || (status == ApprovalStatus.PENDING && DomainClock.hasPassed(expiresAt))) {
            throw new DomainException(ErrorCode.APPROVAL_NOT_PENDING, "approvalId", "approval " + approvalId
                    + " expired at " + expiresAt + " before anyone decided, so you cannot " + action
                    + " it; the agent has to ask again");
        }
        if (status != ApprovalStatus.PENDING) {
            String outcome = switch (status) {
                case APPROVED -> "already approved";
                case CONSUMED -> "already approved and used";
                default -> "already rejected";
            };
            throw new DomainException(ErrorCode.APPROVAL_NOT_PENDING, "approvalId",
                    "approval " + approvalId + " was " + outcome + ", so you cannot " + action + " it");
        }
    }

    @EventSourcingHandler
    void on(ApprovalRequestedEvent event) {
        approvalId = event.approvalId();
        workspaceId = event.workspaceId();
        orgId = event.orgId();
        agentKey = event.agentKey();
        expiresAt = event.expiresAt();
        status = ApprovalStatus.PENDING;
    }

    @EventSourcingHandler
    void on(ApprovalGrantedEvent event) {
        status = ApprovalStatus.APPROVED;
    }

    @EventSourcingHandler
    void on(ApprovalRejectedEvent event) {
        status = ApprovalStatus.REJECTED;
    }

    @EventSourcingHandler
    void on(ApprovalConsumedEvent event) {
        status = ApprovalStatus.CONSUMED;
    }

    @EventSourcingHandler
    void on(ApprovalExpiredEvent event) {
        status = ApprovalStatus.EXPIRED;
    }
}
