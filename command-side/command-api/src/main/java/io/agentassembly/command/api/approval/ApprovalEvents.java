package io.agentassembly.command.api.approval;

import io.agentassembly.command.api.common.OrgScopedEvent;
import org.axonframework.serialization.Revision;

import java.time.Instant;

/**
 * Events of the Approval aggregate. {@code orgId} is the registered org of the agent that asked, so the audit
 * log's org filter finds the approval. No event carries the action's arguments, only their SHA-256 digest.
 */
public final class ApprovalEvents {
    private ApprovalEvents() {
    }

    @Revision("1")
    public record ApprovalRequestedEvent(String workspaceId, String orgId, String approvalId, String agentKey,
                                         String teamId, String agentId, String actionType, String tool,
                                         String argsDigest, String policyRule, String policyDigest, String reason,
                                         Instant expiresAt) implements OrgScopedEvent {
    }

    @Revision("1")
    public record ApprovalGrantedEvent(String workspaceId, String orgId, String approvalId, String agentKey,
                                       String reason) implements OrgScopedEvent {
    }

    @Revision("1")
    public record ApprovalRejectedEvent(String workspaceId, String orgId, String approvalId, String agentKey,
                                        String reason) implements OrgScopedEvent {
    }

    /** The approved action was allowed once; a further identical check needs a new approval. */
    @Revision("1")
    public record ApprovalConsumedEvent(String workspaceId, String orgId, String approvalId,
                                        String agentKey) implements OrgScopedEvent {
    }

    /** Nobody decided before {@code expiresAt}. */
    @Revision("1")
    public record ApprovalExpiredEvent(String workspaceId, String orgId, String approvalId, String agentKey,
                                       Instant expiresAt) implements OrgScopedEvent {
    }
}
