package io.agentassembly.command.api.workspace;

import io.agentassembly.command.api.common.PasswordHash;
import io.agentassembly.command.api.common.Region;
import io.agentassembly.command.api.common.Role;
import io.agentassembly.command.api.common.Tier;
import io.agentassembly.command.api.common.TierQuotas;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Duration;
import java.time.Instant;

/** Commands of the Workspace aggregate (tenant, its members and invitations). */
public final class WorkspaceCommands {
    private WorkspaceCommands() {
    }

    /**
     * Self-serve sign-up: creates a pending workspace and its Owner; active once the e-mail is verified. The
     * workspace holds its slug and the Owner's e-mail only until {@code pendingUntil}. When the e-mail already
     * belongs to a user, the workspace is still created (holding the slug the same way) but without an Owner, and
     * the address's owner is told by mail instead of being sent a link: both cases look alike from outside.
     */
    public record SignUpWorkspaceCommand(@TargetAggregateIdentifier String workspaceId, String name, String slug,
                                         Region region, Tier tier, String ownerUserId, String ownerEmail,
                                         String ownerDisplayName, PasswordHash ownerPassword,
                                         String verificationId, Instant verificationExpiresAt,
                                         Instant pendingUntil) {
    }

    public record VerifyWorkspaceEmailCommand(@TargetAggregateIdentifier String workspaceId, String verificationId) {
    }

    /**
     * Sends a pending sign-up a new verification link, which replaces the previous one; answers whether it did.
     * Nothing happens when the workspace is not pending, its sign-up has lapsed, or the last link was requested
     * less than {@code minInterval} ago.
     */
    public record ResendVerificationCommand(@TargetAggregateIdentifier String workspaceId, String verificationId,
                                            Instant expiresAt, Duration minInterval) {
    }

    /** Closes a pending sign-up past its {@code pendingUntil}, releasing its claims; answers whether it did. */
    public record ExpireSignUpCommand(@TargetAggregateIdentifier String workspaceId) {
    }

    /** Operator-provisioned Enterprise workspace; the named Owner is invited to set a password. */
    public record ProvisionEnterpriseWorkspaceCommand(@TargetAggregateIdentifier String workspaceId, String name,
                                                      String slug, Region region, String purchaseOrder,
                                                      boolean baaSigned, boolean dpaSigned, int retentionDays,
                                                      String ownerEmail, String invitationId,
                                                      Instant invitationExpiresAt) {
    }

    /** Renames the workspace. A region that differs from the current one is refused: regions are permanent. */
    public record UpdateWorkspaceProfileCommand(@TargetAggregateIdentifier String workspaceId, String name,
                                                Region region) {
    }

    /** {@code byOperator}: operators may move a workspace to or from Enterprise; customers may not. */
    public record ChangeTierCommand(@TargetAggregateIdentifier String workspaceId, Tier tier, boolean byOperator) {
    }

    /** The override stays in force across tier changes until cleared. */
    public record OverrideQuotasCommand(@TargetAggregateIdentifier String workspaceId, TierQuotas quotas,
                                        String reason) {
    }

    /** Back to the tier's quotas: drops an operator override and a custom retention set at provisioning. */
    public record ClearQuotaOverrideCommand(@TargetAggregateIdentifier String workspaceId, String reason) {
    }

    /** Card reference for Pro/Business, purchase order and BAA/DPA flags for Enterprise. */
    public record UpdateBillingCommand(@TargetAggregateIdentifier String workspaceId, String paymentMethodRef,
                                       String purchaseOrder, boolean baaSigned, boolean dpaSigned) {
    }

    public record InviteUserCommand(@TargetAggregateIdentifier String workspaceId, String invitationId, String email,
                                    Role role, Instant expiresAt) {
    }

    public record RevokeInvitationCommand(@TargetAggregateIdentifier String workspaceId, String invitationId) {
    }

    public record AcceptInvitationCommand(@TargetAggregateIdentifier String workspaceId, String invitationId,
                                          String userId, String displayName, PasswordHash password) {
    }

    public record ChangeUserRoleCommand(@TargetAggregateIdentifier String workspaceId, String userId, Role role) {
    }

    public record DeactivateUserCommand(@TargetAggregateIdentifier String workspaceId, String userId) {
    }

    public record ReactivateUserCommand(@TargetAggregateIdentifier String workspaceId, String userId) {
    }
}
