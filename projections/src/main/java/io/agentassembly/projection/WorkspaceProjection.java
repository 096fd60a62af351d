package io.agentassembly.projection;

import io.agentassembly.command.api.common.TierQuotas;
import io.agentassembly.command.api.workspace.WorkspaceEvents.BillingDetailsChangedEvent;
import io.agentassembly.command.api.workspace.WorkspaceEvents.EmailVerificationRequestedEvent;
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
import org.jooq.DSLContext;
import org.jooq.Record;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.time.OffsetDateTime;

import static io.agentassembly.projection.Timestamps.utc;
import static io.agentassembly.schema.jooq.Tables.WORKSPACE_VIEW;

/**
 * {@code workspace_view}: one row per workspace. Tier and region are stored as their public codes ({@code free},
 * {@code eu-west-1}), statuses as enum names. In the subscribing {@value Directory#PROCESSING_GROUP} group.
 */
@Component
@ProcessingGroup(Directory.PROCESSING_GROUP)
public class WorkspaceProjection {

    private final DSLContext db;

    public WorkspaceProjection(DSLContext db) {
        this.db = db;
    }

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
        db.insertInto(WORKSPACE_VIEW).set(row).onConflict(WORKSPACE_VIEW.WORKSPACE_ID).doUpdate().set(row).execute();
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

    /** The lapsed sign-up's workspace stays, EXPIRED (its users go: UserAccountProjection). */
    @EventHandler
    public void on(WorkspaceSignUpExpiredEvent event, @Timestamp Instant at) {
        db.update(WORKSPACE_VIEW)
                .set(WORKSPACE_VIEW.STATUS, WorkspaceStatus.EXPIRED.name())
                .set(WORKSPACE_VIEW.UPDATED_AT, utc(at))
                .where(WORKSPACE_VIEW.WORKSPACE_ID.eq(event.workspaceId()))
                .execute();
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
        updateQuotas(event.workspaceId(), event.quotas(), at);
    }

    @EventHandler
    public void on(WorkspaceQuotaOverrideClearedEvent event, @Timestamp Instant at) {
        updateQuotas(event.workspaceId(), event.quotas(), at);
    }

    private void updateQuotas(String workspaceId, TierQuotas quotas, Instant at) {
        db.update(WORKSPACE_VIEW)
                .set(quotasOf(quotas))
                .set(WORKSPACE_VIEW.UPDATED_AT, utc(at))
                .where(WORKSPACE_VIEW.WORKSPACE_ID.eq(workspaceId))
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

    @ResetHandler
    public void reset() {
        db.truncate(WORKSPACE_VIEW).execute();
    }

    private static Record quotasOf(TierQuotas quotas) {
        return WORKSPACE_VIEW.newRecord()
                .with(WORKSPACE_VIEW.MAX_AGENTS, quotas.maxAgents())
                .with(WORKSPACE_VIEW.MAX_POLICIES, quotas.maxPolicies())
                .with(WORKSPACE_VIEW.RETENTION_DAYS, quotas.retentionDays());
    }
}
