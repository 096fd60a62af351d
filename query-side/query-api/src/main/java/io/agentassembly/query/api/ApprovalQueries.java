package io.agentassembly.query.api;

import io.agentassembly.command.api.approval.ApprovalStatus;

import java.time.Instant;
import java.util.List;

/** Approvals of a workspace (human decisions on PENDING agent actions). */
public final class ApprovalQueries {
    private ApprovalQueries() {
    }

    /** The largest page, as the audit log's. */
    public static final int MAX_PAGE_SIZE = AuditQueries.MAX_PAGE_SIZE;

    /**
     * One page of a workspace's approvals, newest first (ties by id); {@code status} narrows when given; {@code after}
     * is the cursor (exclusive), the last approval of the previous page. Answers {@link ApprovalPage}.
     */
    public record ListApprovalsQuery(String workspaceId, ApprovalStatus status, ApprovalPosition after, int perPage) {
    }

    /** Where an approval stands in the newest-first order. */
    public record ApprovalPosition(Instant requestedAt, String approvalId) {
    }

    /** {@code next} is the last approval of the page when another page follows, null on the last page. */
    public record ApprovalPage(List<ApprovalView> entries, ApprovalPosition next) {
    }

    /** Answers {@code Optional<ApprovalView>}; empty for another workspace's approval. */
    public record FindApprovalQuery(String workspaceId, String approvalId) {
    }

    /**
     * For the gateway: answers {@code Optional<ApprovalView>}, the newest approval of one action (agent, tool,
     * SHA-256 of the arguments) that has not been used yet.
     */
    public record FindLatestApprovalQuery(String workspaceId, String agentKey, String tool, String argsDigest) {
    }

    /** For the expiry sweeper, across workspaces: answers {@code List<ApprovalView>} still PENDING whose expiry is at or before {@code now}, oldest first. */
    public record ListDueApprovalsQuery(Instant now, int limit) {
    }

    /**
     * {@code decidedBy} is the actor ({@code USER:<id>}, {@code API_KEY:<id>}) who approved or rejected;
     * {@code decisionReason} what they said. Never the action's arguments, only their digest.
     */
    public record ApprovalView(String approvalId, String workspaceId, String orgId, String teamId, String agentId,
                               String agentKey, String actionType, String tool, String argsDigest,
                               String policyRule, String policyDigest, String reason, ApprovalStatus status,
                               Instant requestedAt, Instant expiresAt, Instant decidedAt, String decidedBy,
                               String decisionReason, Instant consumedAt) {
    }
}
