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

    public enum WorkspaceStatus { PENDING_VERIFICATION, ACTIVE }

    public enum BillingMode { CARD, INVOICE }

    public enum JoinedVia { SIGN_UP, INVITATION }

    @Revision("1")
    public record WorkspaceCreatedEvent(String workspaceId, String name, String slug, Region region, Tier tier,
                                        TierQuotas quotas, CreationPath creationPath,
                                        WorkspaceStatus status) implements WorkspaceEvent {
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
