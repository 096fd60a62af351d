package io.agentassembly.command.domain.workspace;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonAutoDetect.Visibility;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonInclude.Include;
import io.agentassembly.command.api.agent.AgentCommands.RegisterAgentCommand;
import io.agentassembly.command.api.agent.AgentCommands.ReleaseAgentSlotCommand;
import io.agentassembly.command.api.agent.AgentEvents.AgentRegisteredEvent;
import io.agentassembly.command.api.common.DomainException;
import io.agentassembly.command.api.common.ErrorCode;
import io.agentassembly.command.api.common.PasswordHash;
import io.agentassembly.command.api.common.Region;
import io.agentassembly.command.api.common.Role;
import io.agentassembly.command.api.common.Tier;
import io.agentassembly.command.api.common.TierQuotas;
import io.agentassembly.command.api.policy.PolicyCommands.ReleasePolicySlotCommand;
import io.agentassembly.command.api.policy.PolicyCommands.TakePolicySlotCommand;
import io.agentassembly.command.api.workspace.ProvisioningCommands.ChangeGroupCommand;
import io.agentassembly.command.api.workspace.ProvisioningCommands.CreateGroupCommand;
import io.agentassembly.command.api.workspace.ProvisioningCommands.DeleteGroupCommand;
import io.agentassembly.command.api.workspace.ProvisioningCommands.ProvisionUserCommand;
import io.agentassembly.command.api.workspace.ProvisioningCommands.ReplaceUserProfileCommand;
import io.agentassembly.command.api.workspace.ProvisioningCommands.SetGroupRoleMappingCommand;
import io.agentassembly.command.api.workspace.WorkspaceCommands.AcceptInvitationCommand;
import io.agentassembly.command.api.workspace.WorkspaceCommands.ChangeTierCommand;
import io.agentassembly.command.api.workspace.WorkspaceCommands.ChangeUserRoleCommand;
import io.agentassembly.command.api.workspace.WorkspaceCommands.ClearQuotaOverrideCommand;
import io.agentassembly.command.api.workspace.WorkspaceCommands.DeactivateUserCommand;
import io.agentassembly.command.api.workspace.WorkspaceCommands.ExpireSignUpCommand;
import io.agentassembly.command.api.workspace.WorkspaceCommands.InviteUserCommand;
import io.agentassembly.command.api.workspace.WorkspaceCommands.OverrideQuotasCommand;
import io.agentassembly.command.api.workspace.WorkspaceCommands.ProvisionEnterpriseWorkspaceCommand;
import io.agentassembly.command.api.workspace.WorkspaceCommands.ReactivateUserCommand;
import io.agentassembly.command.api.workspace.WorkspaceCommands.ResendVerificationCommand;
import io.agentassembly.command.api.workspace.WorkspaceCommands.RevokeInvitationCommand;
import io.agentassembly.command.api.workspace.WorkspaceCommands.SignUpWorkspaceCommand;
import io.agentassembly.command.api.workspace.WorkspaceCommands.UpdateBillingCommand;
import io.agentassembly.command.api.workspace.WorkspaceCommands.UpdateWorkspaceProfileCommand;
import io.agentassembly.command.api.workspace.WorkspaceCommands.VerifyWorkspaceEmailCommand;
import io.agentassembly.command.api.workspace.WorkspaceEvents.BillingDetailsChangedEvent;
import io.agentassembly.command.api.workspace.WorkspaceEvents.BillingMode;
import io.agentassembly.command.api.workspace.WorkspaceEvents.CreationPath;
import io.agentassembly.command.api.workspace.WorkspaceEvents.EmailVerificationRequestedEvent;
import io.agentassembly.command.api.workspace.WorkspaceEvents.JoinedVia;
import io.agentassembly.command.api.workspace.WorkspaceEvents.UserInvitedEvent;
import io.agentassembly.command.api.workspace.WorkspaceEvents.UserJoinedWorkspaceEvent;
import io.agentassembly.command.api.workspace.WorkspaceEvents.WorkspaceActivatedEvent;
import io.agentassembly.command.api.workspace.WorkspaceEvents.WorkspaceCreatedEvent;
import io.agentassembly.command.api.workspace.WorkspaceEvents.WorkspaceQuotaOverrideClearedEvent;
import io.agentassembly.command.api.workspace.WorkspaceEvents.WorkspaceQuotasOverriddenEvent;
import io.agentassembly.command.api.workspace.WorkspaceEvents.WorkspaceRenamedEvent;
import io.agentassembly.command.api.workspace.WorkspaceEvents.WorkspaceSignUpExpiredEvent;
import io.agentassembly.command.api.workspace.WorkspaceEvents.WorkspaceStatus;
import io.agentassembly.command.api.workspace.WorkspaceEvents.WorkspaceTierChangedEvent;
import io.agentassembly.command.domain.agent.Agent;
import io.agentassembly.command.domain.agent.AgentRules;
import io.agentassembly.command.domain.common.DomainClock;
import io.agentassembly.command.domain.common.Require;
import io.agentassembly.command.domain.store.AgentClaims;
import io.agentassembly.command.domain.store.CredentialDigests;
import io.agentassembly.command.domain.store.EmailClaims;
import io.agentassembly.command.domain.store.GroupMemberships;
import io.agentassembly.command.domain.store.PasswordCredentials;
import io.agentassembly.command.domain.store.SlugClaims;
import io.agentassembly.command.domain.workspace.BillingRules.Billing;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventhandling.Timestamp;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.AggregateMember;
import org.axonframework.serialization.Revision;
import org.axonframework.spring.stereotype.Aggregate;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;
import static org.axonframework.modelling.command.AggregateLifecycle.createNew;

/**
 * A tenant: its profile, tier and quotas, billing record, its {@link Membership} (users and invitations) and its
 * {@link Groups} (groups and the group → role mapping, ADR 0029) and its {@link QuotaSlots} (the agents admitted against its quota, each an aggregate of its own created here, and the
 * active policies holding a slot, each an aggregate of its own). A self-serve workspace is pending until its
 * Owner's e-mail is verified, and its sign-up lapses at {@code pendingUntil} if that never happens.
 * <p>
 * Snapshotted (a workspace grows with its users): the snapshot is this object's fields as JSON. A change to the
 * shape of those fields bumps {@link Revision}, so older snapshots are ignored and the events replayed instead.
 */
@Aggregate(snapshotTriggerDefinition = Workspace.SNAPSHOT_TRIGGER)
@Revision("2")
@JsonAutoDetect(fieldVisibility = Visibility.ANY, getterVisibility = Visibility.NONE,
        isGetterVisibility = Visibility.NONE)
@JsonInclude(value = Include.ALWAYS, content = Include.ALWAYS)
public class Workspace {

    /** Name of the bean that decides when a workspace is snapshotted. */
    public static final String SNAPSHOT_TRIGGER = "workspaceSnapshotTrigger";

    @AggregateIdentifier
    private String workspaceId;
    private String name;
    private Region region;
    private Tier tier;
    private WorkspaceStatus status;
    private Instant pendingUntil;
    private String verificationId;
    private String verificationEmail;
    private Instant verificationExpiresAt;
    private Instant verificationRequestedAt;
    /** The quotas in force: the tier's, unless overridden. */
    private TierQuotas quotas;
    /** An operator's override, in force whatever the tier until cleared; null when none. */
    private TierQuotas quotaOverride;
    /** A retention other than the tier's, set at provisioning, kept across tier changes until cleared; or null. */
    private Integer retentionOverride;
    private Billing billing;
    @AggregateMember
    private Membership membership = new Membership();
    @AggregateMember
    private QuotaSlots slots = new QuotaSlots();
    @AggregateMember
    private Groups groups = new Groups();

    protected Workspace() {
    }

    @CommandHandler
    public Workspace(SignUpWorkspaceCommand command, SlugClaims slugs, EmailClaims emails,
                     PasswordCredentials passwords) {
        String id = WorkspaceRules.workspaceId(command.workspaceId());
        String validName = WorkspaceRules.name(command.name());
        String slug = WorkspaceRules.slug(command.slug());
        Region validRegion = Require.present(command.region(), "region");
        Tier validTier = WorkspaceRules.selfServeTier(command.tier());
        String userId = Require.text(command.ownerUserId(), "ownerUserId", WorkspaceRules.ID_MAX);
        String email = WorkspaceRules.email(command.ownerEmail(), "ownerEmail");
        String displayName = WorkspaceRules.displayName(command.ownerDisplayName());
        PasswordHash password = WorkspaceRules.password(command.ownerPassword(), "ownerPassword");
        String verification = Require.text(command.verificationId(), "verificationId", WorkspaceRules.ID_MAX);
        Instant lapsesAt = Require.future(command.pendingUntil(), "pendingUntil");
        Instant expiresAt = earlier(Require.future(command.verificationExpiresAt(), "verificationExpiresAt"), lapsesAt);

        slugs.claim(slug, id);
        emails.claim(email, userId, id);
        passwords.save(userId, password);

        apply(new WorkspaceCreatedEvent(id, validName, slug, validRegion, validTier, validTier.defaultQuotas(),
                CreationPath.SELF_SERVE, WorkspaceStatus.PENDING_VERIFICATION, lapsesAt));
        apply(new UserJoinedWorkspaceEvent(id, userId, email, displayName, Role.OWNER, JoinedVia.SIGN_UP));
        apply(new EmailVerificationRequestedEvent(id, verification, email, expiresAt));
    }

    @CommandHandler
    public Workspace(ProvisionEnterpriseWorkspaceCommand command, SlugClaims slugs) {
        String id = WorkspaceRules.workspaceId(command.workspaceId());
        String validName = WorkspaceRules.name(command.name());
        String slug = WorkspaceRules.slug(command.slug());
        Region validRegion = Require.present(command.region(), "region");
        int retentionDays = WorkspaceRules.retentionDays(command.retentionDays());
        String purchaseOrder = WorkspaceRules.purchaseOrder(command.purchaseOrder());
        String email = WorkspaceRules.email(command.ownerEmail(), "ownerEmail");
        String invitationId = Require.text(command.invitationId(), "invitationId", WorkspaceRules.ID_MAX);
        Instant expiresAt = Require.future(command.invitationExpiresAt(), "invitationExpiresAt");

        slugs.claim(slug, id);

        TierQuotas defaults = Tier.ENTERPRISE.defaultQuotas();
        TierQuotas quotas = new TierQuotas(defaults.maxAgents(), defaults.maxPolicies(), retentionDays);
        apply(new WorkspaceCreatedEvent(id, validName, slug, validRegion, Tier.ENTERPRISE, quotas,
                CreationPath.OPERATOR, WorkspaceStatus.ACTIVE, null));
        apply(new BillingDetailsChangedEvent(id, BillingMode.INVOICE, null, purchaseOrder, command.baaSigned(),
                command.dpaSigned()));
        apply(new UserInvitedEvent(id, invitationId, email, Role.OWNER, expiresAt));
    }

    @CommandHandler
    public void handle(VerifyWorkspaceEmailCommand command) {
        if (verificationId == null || !sameToken(verificationId, command.verificationId())) {
            throw new DomainException(ErrorCode.TOKEN_INVALID, "verificationId",
                    "this verification link is not valid for the workspace; use the latest link we e-mailed you");
        }
        if (status == WorkspaceStatus.ACTIVE) {
            throw new DomainException(ErrorCode.WORKSPACE_ALREADY_VERIFIED, "verificationId",
                    "the workspace is already verified; sign in instead");
        }
        if (signUpLapsed()) {
            throw signUpExpired();
        }
        if (DomainClock.hasPassed(verificationExpiresAt)) {
            throw new DomainException(ErrorCode.TOKEN_EXPIRED, "verificationId",
                    "this verification link has expired; request a new verification e-mail");
        }
        apply(new WorkspaceActivatedEvent(workspaceId, verificationId));
    }

    /** A new link replaces the previous one, so a link from an older mail stops working. */
    @CommandHandler
    public boolean handle(ResendVerificationCommand command) {
        String verification = Require.text(command.verificationId(), "verificationId", WorkspaceRules.ID_MAX);
        Instant expiresAt = Require.future(command.expiresAt(), "expiresAt");
        Duration minInterval = command.minInterval() == null ? Duration.ZERO : command.minInterval();
        if (status != WorkspaceStatus.PENDING_VERIFICATION || verificationEmail == null || signUpLapsed()
                || DomainClock.now().isBefore(verificationRequestedAt.plus(minInterval))) {
            return false;
        }
        apply(new EmailVerificationRequestedEvent(workspaceId, verification, verificationEmail,
                earlier(expiresAt, pendingUntil)));
        return true;
    }

    /**
     * Closes a pending sign-up whose time is up and frees what it held (slug, e-mail, the Owner's password) in
     * the same transaction. Idempotent: any other workspace is left as it is.
     */
    @CommandHandler
    public boolean handle(ExpireSignUpCommand command, SlugClaims slugs, EmailClaims emails,
                          PasswordCredentials passwords) {
        if (status != WorkspaceStatus.PENDING_VERIFICATION || !signUpLapsed()) {
            return false;
        }
        slugs.release(workspaceId);
        emails.releaseAll(workspaceId);
        membership.userIds().forEach(passwords::delete);
        apply(new WorkspaceSignUpExpiredEvent(workspaceId, pendingUntil));
        return true;
    }

    @CommandHandler
    public void handle(UpdateWorkspaceProfileCommand command) {
        if (command.region() != null && command.region() != region) {
            throw new DomainException(ErrorCode.REGION_IMMUTABLE, "region",
                    "region is permanent (this workspace is in " + region.code() + "); contact support to migrate");
        }
        String newName = WorkspaceRules.name(command.name());
        if (!newName.equals(name)) {
            apply(new WorkspaceRenamedEvent(workspaceId, newName));
        }
    }

    @CommandHandler
    public void handle(ChangeTierCommand command) {
        Tier target = Require.present(command.tier(), "tier");
        if (target == tier) {
            return;
        }
        if ((target == Tier.ENTERPRISE || tier == Tier.ENTERPRISE) && !command.byOperator()) {
            throw new DomainException(ErrorCode.TIER_CHANGE_NOT_ALLOWED, "tier",
                    "moving to or from the enterprise tier is arranged by our team; contact sales");
        }
        TierQuotas limits = quotasFor(target, quotaOverride, retentionOverride);
        slots.requireUsageWithin(limits, "tier", "the " + target.code() + " tier");
        apply(new WorkspaceTierChangedEvent(workspaceId, tier, target, limits));
    }

    @CommandHandler
    public void handle(OverrideQuotasCommand command) {
        TierQuotas limits = Require.present(command.quotas(), "quotas");
        String reason = Require.text(command.reason(), "reason", 500);
        slots.requireUsageWithin(limits, "quotas", "the override");
        apply(new WorkspaceQuotasOverriddenEvent(workspaceId, limits, reason));
    }

    @CommandHandler
    public void handle(ClearQuotaOverrideCommand command) {
        String reason = Require.text(command.reason(), "reason", 500);
        if (quotaOverride == null && retentionOverride == null) {
            return;
        }
        TierQuotas limits = tier.defaultQuotas();
        slots.requireUsageWithin(limits, "quotas", "the " + tier.code() + " tier");
        apply(new WorkspaceQuotaOverrideClearedEvent(workspaceId, limits, reason));
    }

    /** The quotas in force on a tier: the override if there is one, else the tier's with any custom retention. */
    private static TierQuotas quotasFor(Tier tier, TierQuotas quotaOverride, Integer retentionOverride) {
        if (quotaOverride != null) {
            return quotaOverride;
        }
        TierQuotas defaults = tier.defaultQuotas();
        return retentionOverride == null ? defaults
                : new TierQuotas(defaults.maxAgents(), defaults.maxPolicies(), retentionOverride);
    }

    @CommandHandler
    public void handle(UpdateBillingCommand command) {
        Billing next = BillingRules.decide(tier, command);
        if (!next.equals(billing)) {
            apply(new BillingDetailsChangedEvent(workspaceId, next.mode(), next.paymentMethodRef(),
                    next.purchaseOrder(), next.baaSigned(), next.dpaSigned()));
        }
    }

    @CommandHandler
    public void handle(InviteUserCommand command, EmailClaims emails) {
        requireActive();
        membership.invite(workspaceId, command, emails);
    }

    @CommandHandler
    public void handle(RevokeInvitationCommand command) {
        membership.revoke(workspaceId, command);
    }

    @CommandHandler
    public void handle(AcceptInvitationCommand command, EmailClaims emails, PasswordCredentials passwords) {
        requireActive();
        membership.accept(workspaceId, command, emails, passwords);
    }

    @CommandHandler
    public void handle(ChangeUserRoleCommand command, GroupMemberships memberships) {
        membership.changeRole(workspaceId, command, groups, memberships);
    }

    @CommandHandler
    public void handle(ProvisionUserCommand command, EmailClaims emails) {
        requireActive();
        membership.provision(workspaceId, command, groups.defaultRole(), emails);
    }

    @CommandHandler
    public void handle(ReplaceUserProfileCommand command, EmailClaims emails) {
        requireActive();
        membership.replaceProfile(workspaceId, command, emails);
    }

    @CommandHandler
    public void handle(CreateGroupCommand command, GroupMemberships memberships) {
        requireActive();
        groups.create(workspaceId, command, membership, memberships);
    }

    @CommandHandler
    public void handle(ChangeGroupCommand command, GroupMemberships memberships) {
        requireActive();
        groups.change(workspaceId, command, membership, memberships);
    }

    @CommandHandler
    public void handle(DeleteGroupCommand command, GroupMemberships memberships) {
        requireActive();
        groups.delete(workspaceId, command, membership, memberships);
    }

    @CommandHandler
    public void handle(SetGroupRoleMappingCommand command, GroupMemberships memberships) {
        requireActive();
        groups.setMapping(workspaceId, command, membership, memberships);
    }

    @CommandHandler
    public void handle(DeactivateUserCommand command) {
        membership.deactivate(workspaceId, command);
    }

    @CommandHandler
    public void handle(ReactivateUserCommand command) {
        membership.reactivate(workspaceId, command);
    }

    /**
     * Admits a new agent: the workspace must be active, the tier quota must leave a slot (checked under this
     * aggregate's lock, so concurrent registrations cannot overshoot it) and the triple must be free in the
     * workspace. Stores the credential digest, then creates the Agent aggregate in the same unit of work.
     */
    @CommandHandler
    public void handle(RegisterAgentCommand command, AgentClaims agents, CredentialDigests digests) throws Exception {
        requireActive();
        AgentRegisteredEvent registered = AgentRules.registration(workspaceId, command);
        slots.admitAgent(registered, command.credential(), quotas, tier, agents, digests);
        createNew(Agent.class, () -> new Agent(registered));
    }

    /** Frees the quota slot of a deregistered agent; a second release of the same agent changes nothing. */
    @CommandHandler
    public void handle(ReleaseAgentSlotCommand command) {
        slots.releaseAgent(workspaceId, command.agentKey());
    }

    /**
     * Gives an activated policy a slot of the tier's active-policy quota, checked under this aggregate's lock
     * so that concurrent activations cannot overshoot it. A policy that already holds a slot keeps it.
     */
    @CommandHandler
    public void handle(TakePolicySlotCommand command) {
        String policyId = Require.text(command.policyId(), "policyId", WorkspaceRules.ID_MAX);
        if (slots.holdsPolicySlot(policyId)) {
            return;
        }
        requireActive();
        slots.takePolicySlot(workspaceId, command.orgId(), policyId, quotas, tier);
    }

    /** Frees the slot of a deactivated or deleted policy; releasing a policy without a slot changes nothing. */
    @CommandHandler
    public void handle(ReleasePolicySlotCommand command) {
        slots.releasePolicySlot(workspaceId, command.policyId());
    }

    private boolean signUpLapsed() {
        return status == WorkspaceStatus.EXPIRED
                || (status == WorkspaceStatus.PENDING_VERIFICATION && pendingUntil != null
                && DomainClock.hasPassed(pendingUntil));
    }

    private static DomainException signUpExpired() {
        return new DomainException(ErrorCode.TOKEN_EXPIRED, "verificationId",
                "this sign-up expired before its e-mail address was verified; sign up again");
    }

    private static Instant earlier(Instant a, Instant b) {
        return b == null || a.isBefore(b) ? a : b;
    }

    private void requireActive() {
        if (status != WorkspaceStatus.ACTIVE) {
            throw new DomainException(ErrorCode.WORKSPACE_NOT_ACTIVE, null,
                    "the workspace is not active yet; verify the owner's e-mail address first");
        }
    }

    private static boolean sameToken(String expected, String presented) {
        return presented != null && MessageDigest.isEqual(
                expected.getBytes(StandardCharsets.UTF_8), presented.getBytes(StandardCharsets.UTF_8));
    }

    @EventSourcingHandler
    void on(WorkspaceCreatedEvent event) {
        workspaceId = event.workspaceId();
        name = event.name();
        region = event.region();
        tier = event.tier();
        quotas = event.quotas();
        if (quotas.retentionDays() != tier.defaultQuotas().retentionDays()) {
            retentionOverride = quotas.retentionDays();
        }
        status = event.status();
        pendingUntil = event.pendingUntil();
    }

    /** Sign-ups recorded before {@code pendingUntil} existed lapse with their first link. */
    @EventSourcingHandler
    void on(EmailVerificationRequestedEvent event, @Timestamp Instant requestedAt) {
        verificationId = event.verificationId();
        verificationEmail = event.email();
        verificationExpiresAt = event.expiresAt();
        verificationRequestedAt = requestedAt;
        if (pendingUntil == null && status == WorkspaceStatus.PENDING_VERIFICATION) {
            pendingUntil = event.expiresAt();
        }
    }

    @EventSourcingHandler
    void on(WorkspaceActivatedEvent event) {
        status = WorkspaceStatus.ACTIVE;
        pendingUntil = null;
    }

    @EventSourcingHandler
    void on(WorkspaceSignUpExpiredEvent event) {
        status = WorkspaceStatus.EXPIRED;
    }

    @EventSourcingHandler
    void on(WorkspaceRenamedEvent event) {
        name = event.name();
    }

    /** Tier changes recorded before overrides were kept reset them: an override not in force is gone. */
    @EventSourcingHandler
    void on(WorkspaceTierChangedEvent event) {
        tier = event.toTier();
        quotas = event.quotas();
        if (!quotas.equals(quotaOverride)) {
            quotaOverride = null;
        }
        if (retentionOverride != null && quotas.retentionDays() != retentionOverride) {
            retentionOverride = null;
        }
    }

    @EventSourcingHandler
    void on(WorkspaceQuotasOverriddenEvent event) {
        quotas = event.quotas();
        quotaOverride = event.quotas();
        retentionOverride = null;
    }

    @EventSourcingHandler
    void on(WorkspaceQuotaOverrideClearedEvent event) {
        quotas = event.quotas();
        quotaOverride = null;
        retentionOverride = null;
    }

    @EventSourcingHandler
    void on(BillingDetailsChangedEvent event) {
        billing = new Billing(event.mode(), event.paymentMethodRef(), event.purchaseOrder(), event.baaSigned(),
                event.dpaSigned());
    }
}
