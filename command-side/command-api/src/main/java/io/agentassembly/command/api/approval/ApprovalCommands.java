package io.agentassembly.command.api.approval;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Instant;

/**
 * Commands of the Approval aggregate (id {@code apr-<uuid>}): a human decision the gateway waits for when a
 * policy answers PENDING. Every command except the request carries the caller's workspace, which must be the
 * approval's (otherwise APPROVAL_NOT_FOUND).
 */
public final class ApprovalCommands {
    private ApprovalCommands() {
    }

    /**
     * Sent by the gateway for a PENDING decision. {@code argsDigest} is the SHA-256 hex of the action's
     * {@code args_json} (never the arguments: they may hold secrets); {@code tool} is the tool name, or the
     * action type for actions without one. Refused with APPROVAL_ALREADY_OPEN while another approval for the
     * same agent, tool and arguments is pending or approved and unused.
     */
    public record RequestApprovalCommand(@TargetAggregateIdentifier String approvalId, String workspaceId,
                                         String orgId, String teamId, String agentId, String agentKey,
                                         String actionType, String tool, String argsDigest, String policyRule,
                                         String policyDigest, String reason, Instant expiresAt) {
    }

    /** A console user approves: the agent's next identical check is allowed once. */
    public record GrantApprovalCommand(@TargetAggregateIdentifier String approvalId, String workspaceId,
                                       String reason) {
    }

    /** A console user rejects: the agent's identical checks are denied until the approval's expiry. */
    public record RejectApprovalCommand(@TargetAggregateIdentifier String approvalId, String workspaceId,
                                        String reason) {
    }

    /** The gateway used an approved approval for the one action it allows; refused unless APPROVED. */
    public record ConsumeApprovalCommand(@TargetAggregateIdentifier String approvalId, String workspaceId,
                                         String agentKey) {
    }

    /** The sweeper (or the gateway meeting a stale one): expires a pending approval whose time is up; else no-op. */
    public record ExpireApprovalCommand(@TargetAggregateIdentifier String approvalId, String workspaceId) {
    }
}
