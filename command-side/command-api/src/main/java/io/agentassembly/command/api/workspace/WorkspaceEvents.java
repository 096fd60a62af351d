package io.agentassembly.command.api.workspace;

import io.agentassembly.command.api.common.Region;
import io.agentassembly.command.api.common.Role;
import io.agentassembly.command.api.common.Tier;
import io.agentassembly.command.api.common.TierQuotas;
import io.agentassembly.command.api.common.WorkspaceEvent;
import org.axonframework.serialization.Revision;

import java.time.Instant;

/** Events of the Workspace aggregate. Facts only: no secrets, no derived secrets. */
public final class WorkspaceEvents {
    private WorkspaceEvents() {
    }

    public enum CreationPath { SELF_SERVE, OPERATOR }

    public enum WorkspaceStatus { PENDING_VERIFICATION, ACTIVE, EXPIRED }

    public enum BillingMode { CARD, INVOICE }

    public enum JoinedVia { SIGN_UP, INVITATION, SCIM }

    /**
     * Revision 2 added {@code pendingUntil}: when a pending workspace's sign-up lapses unless verified (null for
     * workspaces created active, and in revision-1 events, whose sign-ups lapse with their first link).
     */
    @Revision("2")
    public record WorkspaceCreatedEvent(String workspaceId, String name, String slug, Region region, Tier tier,
                                        TierQuotas quotas, CreationPath creationPath,
                                        WorkspaceStatus status, Instant pendingUntil) implements WorkspaceEvent {
    }

    /**
     * The sign-up's e-mail already belongs to a user: no Owner joined and no link was sent; the outbox tells the
     * address's owner instead. The workspace lapses unverified like any pending sign-up.
     */
    @Revision("1")
    public record SignUpEmailInUseEvent(String workspaceId, String email) implements WorkspaceEvent {
    }

    /** A pending sign-up was not verified by {@code pendingUntil}: its slug, e-mail and password are released. */
    @Revision("1")
    public record WorkspaceSignUpExpiredEvent(String workspaceId, Instant pendingUntil) implements WorkspaceEvent {
    }

    @Revision("1")
    public record EmailVerificationRequestedEvent(String workspaceId, String verificationId, String email,
                                                  Instant expiresAt) implements WorkspaceEvent {
    }

    @Revision("1")
    public record WorkspaceActivatedEvent(String workspaceId, String verificationId) implements WorkspaceEvent {
    }

    @Revision("1")
    public record WorkspaceRenamedEvent(String workspaceId, String name) implements WorkspaceEvent {
    }

    @Revision("1")
    public record WorkspaceTierChangedEvent(String workspaceId, Tier fromTier, Tier toTier,
                                           TierQuotas quotas) implements WorkspaceEvent {
    }

    @Revision("1")
    public record WorkspaceQuotasOverriddenEvent(String workspaceId, TierQuotas quotas,
                                                 String reason) implements WorkspaceEvent {
    }

    /** {@code quotas}: the tier's, now in force. */
    @Revision("1")
    public record WorkspaceQuotaOverrideClearedEvent(String workspaceId, TierQuotas quotas,
                                                     String reason) implements WorkspaceEvent {
    }

    @Revision("1")
    public record BillingDetailsChangedEvent(String workspaceId, BillingMode mode, String paymentMethodRef,
                                             String purchaseOrder, boolean baaSigned,
                                             boolean dpaSigned) implements WorkspaceEvent {
    }

    @Revision("1")
    public record UserInvitedEvent(String workspaceId, String invitationId, String email, Role role,
                                   Instant expiresAt) implements WorkspaceEvent {
    }

    @Revision("1")
    public record InvitationRevokedEvent(String workspaceId, String invitationId) implements WorkspaceEvent {
    }

    @Revision("1")
    public record InvitationAcceptedEvent(String workspaceId, String invitationId,
                                          String userId) implements WorkspaceEvent {
    }

    @Revision("1")
    public record UserJoinedWorkspaceEvent(String workspaceId, String userId, String email, String displayName,
                                           Role role, JoinedVia via) implements WorkspaceEvent {
    }

    @Revision("1")
    public record UserRoleChangedEvent(String workspaceId, String userId, Role fromRole,
                                       Role toRole) implements WorkspaceEvent {
    }

    @Revision("1")
    public record UserDeactivatedEvent(String workspaceId, String userId) implements WorkspaceEvent {
    }

    @Revision("1")
    public record UserReactivatedEvent(String workspaceId, String userId) implements WorkspaceEvent {
    }
}
