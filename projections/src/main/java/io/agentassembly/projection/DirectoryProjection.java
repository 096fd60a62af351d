package io.agentassembly.projection;

import io.agentassembly.command.api.apikey.ApiKeyEvents.ApiKeyCreatedEvent;
import io.agentassembly.command.api.apikey.ApiKeyEvents.ApiKeyRevokedEvent;
import io.agentassembly.command.api.common.AuditMetadata;
import io.agentassembly.command.api.common.TierQuotas;
import io.agentassembly.command.api.session.SessionEvents.UserSessionEndedEvent;
import io.agentassembly.command.api.session.SessionEvents.UserSessionRefreshedEvent;
import io.agentassembly.command.api.session.SessionEvents.UserSignedInEvent;
import io.agentassembly.command.api.workspace.WorkspaceEvents.BillingDetailsChangedEvent;
import io.agentassembly.command.api.workspace.WorkspaceEvents.EmailVerificationRequestedEvent;
import io.agentassembly.command.api.workspace.WorkspaceEvents.InvitationAcceptedEvent;
import io.agentassembly.command.api.workspace.WorkspaceEvents.InvitationRevokedEvent;
import io.agentassembly.command.api.workspace.WorkspaceEvents.UserDeactivatedEvent;
import io.agentassembly.command.api.workspace.WorkspaceEvents.UserInvitedEvent;
import io.agentassembly.command.api.workspace.WorkspaceEvents.UserJoinedWorkspaceEvent;
import io.agentassembly.command.api.workspace.WorkspaceEvents.UserReactivatedEvent;
import io.agentassembly.command.api.workspace.WorkspaceEvents.UserRoleChangedEvent;
import io.agentassembly.command.api.workspace.WorkspaceEvents.WorkspaceActivatedEvent;
import io.agentassembly.command.api.workspace.WorkspaceEvents.WorkspaceCreatedEvent;
import io.agentassembly.command.api.workspace.WorkspaceEvents.WorkspaceQuotaOverrideClearedEvent;
import io.agentassembly.command.api.workspace.WorkspaceEvents.WorkspaceQuotasOverriddenEvent;
import io.agentassembly.command.api.workspace.WorkspaceEvents.WorkspaceRenamedEvent;
import io.agentassembly.command.api.workspace.WorkspaceEvents.WorkspaceSignUpExpiredEvent;
import io.agentassembly.command.api.workspace.WorkspaceEvents.WorkspaceStatus;
import io.agentassembly.command.api.workspace.WorkspaceEvents.WorkspaceTierChangedEvent;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.Timestamp;
import org.axonframework.messaging.annotation.MetaDataValue;
import org.jooq.DSLContext;
import org.jooq.Record;
import org.jooq.Table;
import org.jooq.TableField;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.time.OffsetDateTime;

import static io.agentassembly.projection.Timestamps.utc;
import static io.agentassembly.schema.jooq.Tables.API_KEY_VIEW;
import static io.agentassembly.schema.jooq.Tables.INVITATION_VIEW;
import static io.agentassembly.schema.jooq.Tables.USER_ACCOUNT;
import static io.agentassembly.schema.jooq.Tables.USER_SESSION;
import static io.agentassembly.schema.jooq.Tables.WORKSPACE_VIEW;

/**
 * Workspaces, users, invitations, sessions and API keys. Runs subscribing, in the command's transaction,
 * so authentication and the REST edge read committed state. Tier and region are stored as their public
 * codes ({@code free}, {@code eu-west-1}), roles and statuses as enum names.
 */
@Component
@ProcessingGroup(DirectoryProjection.PROCESSING_GROUP)
public class DirectoryProjection {

    public static final String PROCESSING_GROUP = "directory";

    public static final String USER_ACTIVE = "ACTIVE";
    public static final String USER_INACTIVE = "INACTIVE";
    public static final String INVITATION_PENDING = "PENDING";
    public static final String INVITATION_ACCEPTED = "ACCEPTED";
    public static final String INVITATION_REVOKED = "REVOKED";

    private final DSLContext db;

    public DirectoryProjection(DSLContext db) {
        this.db = db;
    }

    // --- workspace_view ---

    @EventHandler
    public void on(WorkspaceCreatedEvent event, @Timestamp Instant at) {
        OffsetDateTime ts = utc(at);
        Record row = db.newRecord(WORKSPACE_VIEW)
                .with(WORKSPACE_VIEW.WORKSPACE_ID, event.workspaceId())
                .with(WORKSPACE_VIEW.NAME, event.name())
                .with(WORKSPACE_VIEW.SLUG, event.slug())
                .with(WORKSPACE_VIEW.REGION, event.region().code())
                .with(WORKSPACE_VIEW.TIER, event.tier().code())
                .with(WORKSPACE_VIEW.STATUS, event.status().name())
                .with(WORKSPACE_VIEW.CREATION_PATH, event.creationPath().name())
                .with(WORKSPACE_VIEW.MAX_AGENTS, event.quotas().maxAgents())
                .with(WORKSPACE_VIEW.MAX_POLICIES, event.quotas().maxPolicies())
                .with(WORKSPACE_VIEW.RETENTION_DAYS, event.quotas().retentionDays())
                .with(WORKSPACE_VIEW.CREATED_AT, ts)
                .with(WORKSPACE_VIEW.ACTIVATED_AT, event.status() == WorkspaceStatus.ACTIVE ? ts : null)
                .with(WORKSPACE_VIEW.PENDING_UNTIL, event.pendingUntil() == null ? null : utc(event.pendingUntil()))
                .with(WORKSPACE_VIEW.UPDATED_AT, ts);
        upsert(WORKSPACE_VIEW, WORKSPACE_VIEW.WORKSPACE_ID, row);
    }

    /** Sign-ups recorded before WorkspaceCreatedEvent carried pendingUntil lapse with their first link. */
    @EventHandler
    public void on(EmailVerificationRequestedEvent event) {
        db.update(WORKSPACE_VIEW)
                .set(WORKSPACE_VIEW.PENDING_UNTIL, utc(event.expiresAt()))
                .where(WORKSPACE_VIEW.WORKSPACE_ID.eq(event.workspaceId())
                        .and(WORKSPACE_VIEW.PENDING_UNTIL.isNull())
                        .and(WORKSPACE_VIEW.STATUS.eq(WorkspaceStatus.PENDING_VERIFICATION.name())))
                .execute();
    }

    @EventHandler
    public void on(WorkspaceActivatedEvent event, @Timestamp Instant at) {
        db.update(WORKSPACE_VIEW)
                .set(WORKSPACE_VIEW.STATUS, WorkspaceStatus.ACTIVE.name())
                .set(WORKSPACE_VIEW.PENDING_UNTIL, (OffsetDateTime) null)
                .set(WORKSPACE_VIEW.ACTIVATED_AT, utc(at))
                .set(WORKSPACE_VIEW.UPDATED_AT, utc(at))
                .where(WORKSPACE_VIEW.WORKSPACE_ID.eq(event.workspaceId()))
                .execute();
    }

    /** The lapsed sign-up's users go, so their addresses can sign up again; the workspace stays, EXPIRED. */
    @EventHandler
    public void on(WorkspaceSignUpExpiredEvent event, @Timestamp Instant at) {
        db.update(WORKSPACE_VIEW)
                .set(WORKSPACE_VIEW.STATUS, WorkspaceStatus.EXPIRED.name())
                .set(WORKSPACE_VIEW.UPDATED_AT, utc(at))
                .where(WORKSPACE_VIEW.WORKSPACE_ID.eq(event.workspaceId()))
                .execute();
        db.deleteFrom(USER_ACCOUNT).where(USER_ACCOUNT.WORKSPACE_ID.eq(event.workspaceId())).execute();
    }

    @EventHandler
    public void on(WorkspaceRenamedEvent event, @Timestamp Instant at) {
        db.update(WORKSPACE_VIEW)
                .set(WORKSPACE_VIEW.NAME, event.name())
                .set(WORKSPACE_VIEW.UPDATED_AT, utc(at))
                .where(WORKSPACE_VIEW.WORKSPACE_ID.eq(event.workspaceId()))
                .execute();
    }

    @EventHandler
    public void on(WorkspaceTierChangedEvent event, @Timestamp Instant at) {
        db.update(WORKSPACE_VIEW)
                .set(WORKSPACE_VIEW.TIER, event.toTier().code())
                .set(quotasOf(event.quotas()))
                .set(WORKSPACE_VIEW.UPDATED_AT, utc(at))
                .where(WORKSPACE_VIEW.WORKSPACE_ID.eq(event.workspaceId()))
                .execute();
    }

    @EventHandler
    public void on(WorkspaceQuotasOverriddenEvent event, @Timestamp Instant at) {
        db.update(WORKSPACE_VIEW)
                .set(quotasOf(event.quotas()))
                .set(WORKSPACE_VIEW.UPDATED_AT, utc(at))
                .where(WORKSPACE_VIEW.WORKSPACE_ID.eq(event.workspaceId()))
                .execute();
    }

    @EventHandler
    public void on(WorkspaceQuotaOverrideClearedEvent event, @Timestamp Instant at) {
        db.update(WORKSPACE_VIEW)
                .set(quotasOf(event.quotas()))
                .set(WORKSPACE_VIEW.UPDATED_AT, utc(at))
                .where(WORKSPACE_VIEW.WORKSPACE_ID.eq(event.workspaceId()))
                .execute();
    }

    @EventHandler
    public void on(BillingDetailsChangedEvent event, @Timestamp Instant at) {
        db.update(WORKSPACE_VIEW)
                .set(WORKSPACE_VIEW.BILLING_MODE, event.mode() == null ? null : event.mode().name())
                .set(WORKSPACE_VIEW.PAYMENT_METHOD_REF, event.paymentMethodRef())
                .set(WORKSPACE_VIEW.PURCHASE_ORDER, event.purchaseOrder())
                .set(WORKSPACE_VIEW.BAA_SIGNED, event.baaSigned())
                .set(WORKSPACE_VIEW.DPA_SIGNED, event.dpaSigned())
                .set(WORKSPACE_VIEW.UPDATED_AT, utc(at))
                .where(WORKSPACE_VIEW.WORKSPACE_ID.eq(event.workspaceId()))
                .execute();
    }

    // --- user_account ---

    @EventHandler
    public void on(UserJoinedWorkspaceEvent event, @Timestamp Instant at) {
        OffsetDateTime ts = utc(at);
        Record row = db.newRecord(USER_ACCOUNT)
                .with(USER_ACCOUNT.USER_ID, event.userId())
                .with(USER_ACCOUNT.WORKSPACE_ID, event.workspaceId())
                .with(USER_ACCOUNT.EMAIL, event.email())
                .with(USER_ACCOUNT.DISPLAY_NAME, event.displayName())
                .with(USER_ACCOUNT.ROLE, event.role().name())
                .with(USER_ACCOUNT.STATUS, USER_ACTIVE)
                .with(USER_ACCOUNT.CREATED_AT, ts)
                .with(USER_ACCOUNT.UPDATED_AT, ts);
        upsert(USER_ACCOUNT, USER_ACCOUNT.USER_ID, row);
    }

    @EventHandler
    public void on(UserRoleChangedEvent event, @Timestamp Instant at) {
        updateUser(event.workspaceId(), event.userId(), USER_ACCOUNT.ROLE, event.toRole().name(), at);
    }

    @EventHandler
    public void on(UserDeactivatedEvent event, @Timestamp Instant at) {
        updateUser(event.workspaceId(), event.userId(), USER_ACCOUNT.STATUS, USER_INACTIVE, at);
    }

    @EventHandler
    public void on(UserReactivatedEvent event, @Timestamp Instant at) {
        updateUser(event.workspaceId(), event.userId(), USER_ACCOUNT.STATUS, USER_ACTIVE, at);
    }

    // --- invitation_view ---

    @EventHandler
    public void on(UserInvitedEvent event, @MetaDataValue(AuditMetadata.ACTOR_ID) String actorId,
                   @Timestamp Instant at) {
        OffsetDateTime ts = utc(at);
        Record row = db.newRecord(INVITATION_VIEW)
                .with(INVITATION_VIEW.INVITATION_ID, event.invitationId())
                .with(INVITATION_VIEW.WORKSPACE_ID, event.workspaceId())
                .with(INVITATION_VIEW.EMAIL, event.email())
                .with(INVITATION_VIEW.ROLE, event.role().name())
                .with(INVITATION_VIEW.STATUS, INVITATION_PENDING)
                .with(INVITATION_VIEW.INVITED_BY, actorId)
                .with(INVITATION_VIEW.EXPIRES_AT, utc(event.expiresAt()))
                .with(INVITATION_VIEW.CREATED_AT, ts)
                .with(INVITATION_VIEW.UPDATED_AT, ts);
        upsert(INVITATION_VIEW, INVITATION_VIEW.INVITATION_ID, row);
    }

    @EventHandler
    public void on(InvitationRevokedEvent event, @Timestamp Instant at) {
        updateInvitationStatus(event.workspaceId(), event.invitationId(), INVITATION_REVOKED, at);
    }

    @EventHandler
    public void on(InvitationAcceptedEvent event, @Timestamp Instant at) {
        updateInvitationStatus(event.workspaceId(), event.invitationId(), INVITATION_ACCEPTED, at);
    }

    // --- user_session ---

    @EventHandler
    public void on(UserSignedInEvent event, @Timestamp Instant at) {
        OffsetDateTime ts = utc(at);
        Record row = db.newRecord(USER_SESSION)
                .with(USER_SESSION.SESSION_ID, event.sessionId())
                .with(USER_SESSION.WORKSPACE_ID, event.workspaceId())
                .with(USER_SESSION.USER_ID, event.userId())
                .with(USER_SESSION.EXPIRES_AT, utc(event.expiresAt()))
                .with(USER_SESSION.CREATED_AT, ts)
                .with(USER_SESSION.UPDATED_AT, ts);
        upsert(USER_SESSION, USER_SESSION.SESSION_ID, row);
    }

    @EventHandler
    public void on(UserSessionRefreshedEvent event, @Timestamp Instant at) {
        updateSession(event.sessionId(), USER_SESSION.EXPIRES_AT, utc(event.expiresAt()), at);
    }

    @EventHandler
    public void on(UserSessionEndedEvent event, @Timestamp Instant at) {
        updateSession(event.sessionId(), USER_SESSION.ENDED_AT, utc(at), at);
    }

    // --- api_key_view ---

    @EventHandler
    public void on(ApiKeyCreatedEvent event, @Timestamp Instant at) {
        Record row = db.newRecord(API_KEY_VIEW)
                .with(API_KEY_VIEW.KEY_ID, event.keyId())
                .with(API_KEY_VIEW.WORKSPACE_ID, event.workspaceId())
                .with(API_KEY_VIEW.OWNER_USER_ID, event.ownerUserId())
                .with(API_KEY_VIEW.NAME, event.name())
                .with(API_KEY_VIEW.CREATED_AT, utc(at));
        upsert(API_KEY_VIEW, API_KEY_VIEW.KEY_ID, row);
    }

    @EventHandler
    public void on(ApiKeyRevokedEvent event, @Timestamp Instant at) {
        db.update(API_KEY_VIEW)
                .set(API_KEY_VIEW.REVOKED_AT, utc(at))
                .where(API_KEY_VIEW.KEY_ID.eq(event.keyId()))
                .execute();
    }

    @ResetHandler
    public void reset() {
        db.truncate(WORKSPACE_VIEW, USER_ACCOUNT, INVITATION_VIEW, USER_SESSION, API_KEY_VIEW).execute();
    }

    private <R extends Record> void upsert(Table<R> table, TableField<R, String> key, Record row) {
        db.insertInto(table).set(row).onConflict(key).doUpdate().set(row).execute();
    }

    private static Record quotasOf(TierQuotas quotas) {
        return WORKSPACE_VIEW.newRecord()
                .with(WORKSPACE_VIEW.MAX_AGENTS, quotas.maxAgents())
                .with(WORKSPACE_VIEW.MAX_POLICIES, quotas.maxPolicies())
                .with(WORKSPACE_VIEW.RETENTION_DAYS, quotas.retentionDays());
    }

    private <T> void updateUser(String workspaceId, String userId, TableField<?, T> field, T value, Instant at) {
        db.update(USER_ACCOUNT)
                .set(field, value)
                .set(USER_ACCOUNT.UPDATED_AT, utc(at))
                .where(USER_ACCOUNT.USER_ID.eq(userId).and(USER_ACCOUNT.WORKSPACE_ID.eq(workspaceId)))
                .execute();
    }

    private void updateInvitationStatus(String workspaceId, String invitationId, String status, Instant at) {
        db.update(INVITATION_VIEW)
                .set(INVITATION_VIEW.STATUS, status)
                .set(INVITATION_VIEW.UPDATED_AT, utc(at))
                .where(INVITATION_VIEW.INVITATION_ID.eq(invitationId)
                        .and(INVITATION_VIEW.WORKSPACE_ID.eq(workspaceId)))
                .execute();
    }

    private <T> void updateSession(String sessionId, TableField<?, T> field, T value, Instant at) {
        db.update(USER_SESSION)
                .set(field, value)
                .set(USER_SESSION.UPDATED_AT, utc(at))
                .where(USER_SESSION.SESSION_ID.eq(sessionId))
                .execute();
    }
}
