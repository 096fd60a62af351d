package io.agentassembly.query.api;

import io.agentassembly.command.api.common.Region;
import io.agentassembly.command.api.common.Role;
import io.agentassembly.command.api.common.Tier;
import io.agentassembly.command.api.common.TierQuotas;

import java.time.Instant;
import java.util.List;

/** Queries about a workspace's settings and members; every query is scoped by its workspace id. */
public final class WorkspaceQueries {
    private WorkspaceQueries() {
    }

    /** Answers {@code Optional<WorkspaceView>}. */
    public record FindWorkspaceQuery(String workspaceId) {
    }

    public record BillingView(String mode, String paymentMethodRef, String purchaseOrder, boolean baaSigned,
                              boolean dpaSigned) {
    }

    public record WorkspaceView(String workspaceId, String name, String slug, Region region, Tier tier,
                                String status, String creationPath, TierQuotas quotas, BillingView billing,
                                Instant createdAt, Instant activatedAt) {
    }

    /** Answers {@code List<UserView>} ordered by creation time. */
    public record ListUsersQuery(String workspaceId) {
    }

    /** Answers {@code Optional<UserView>}; empty when the user belongs to another workspace. */
    public record FindUserQuery(String workspaceId, String userId) {
    }

    /**
     * {@code managedBy}: {@code CONSOLE}, or {@code IDENTITY_PROVIDER} once SCIM changed the user (the console may
     * then not deactivate or reactivate it, ADR 0029).
     */
    public record UserView(String userId, String workspaceId, String email, String displayName, Role role,
                           String status, String managedBy, Instant createdAt, Instant updatedAt) {
    }

    /** Answers {@code List<InvitationView>} ordered by creation time. */
    public record ListInvitationsQuery(String workspaceId) {
    }

    /** Answers {@code Optional<InvitationView>}; empty for another workspace's invitation. */
    public record FindInvitationQuery(String workspaceId, String invitationId) {
    }

    public record InvitationView(String invitationId, String workspaceId, String email, Role role, String status,
                                 String invitedBy, Instant expiresAt, Instant createdAt) {
    }

    /** Answers {@code List<ApiKeyView>}; {@code ownerUserId} null lists every key of the workspace. */
    public record ListApiKeysQuery(String workspaceId, String ownerUserId) {
    }

    /** Answers {@code Optional<ApiKeyView>}; empty for another workspace's key. */
    public record FindApiKeyQuery(String workspaceId, String keyId) {
    }

    public record ApiKeyView(String keyId, String workspaceId, String ownerUserId, String name, Instant createdAt,
                             Instant revokedAt) {
    }

}
