package io.agentassembly.projection;

import io.agentassembly.command.api.approval.ApprovalEvents.ApprovalConsumedEvent;
import io.agentassembly.command.api.approval.ApprovalEvents.ApprovalExpiredEvent;
import io.agentassembly.command.api.approval.ApprovalEvents.ApprovalGrantedEvent;
import io.agentassembly.command.api.approval.ApprovalEvents.ApprovalRejectedEvent;
import io.agentassembly.command.api.approval.ApprovalEvents.ApprovalRequestedEvent;
import io.agentassembly.command.api.approval.ApprovalStatus;
import io.agentassembly.command.api.common.AuditMetadata;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.Timestamp;
import org.axonframework.messaging.annotation.MetaDataValue;
import org.jooq.DSLContext;
import org.jooq.Record;
import org.springframework.stereotype.Component;

import java.time.Instant;

import static io.agentassembly.projection.Timestamps.utc;
import static io.agentassembly.schema.jooq.Tables.APPROVAL_VIEW;

/**
 * The {@code approval_view} read model. Runs in the subscribing processing group {@value #PROCESSING_GROUP}, in
 * the command's transaction with errors propagated: the gateway's next check sees an approval or rejection at
 * once, and a failed write refuses the command instead of leaving the gateway a stale approval.
 */
@Component
@ProcessingGroup(ApprovalProjection.PROCESSING_GROUP)
public class ApprovalProjection {

    public static final String PROCESSING_GROUP = "approvals";

    private final DSLContext db;

    public ApprovalProjection(DSLContext db) {
        this.db = db;
    }

    @EventHandler
    public void on(ApprovalRequestedEvent event, @Timestamp Instant at) {
        Record row = db.newRecord(APPROVAL_VIEW)
                .with(APPROVAL_VIEW.APPROVAL_ID, event.approvalId())
                .with(APPROVAL_VIEW.WORKSPACE_ID, event.workspaceId())
                .with(APPROVAL_VIEW.ORG_ID, event.orgId())
                .with(APPROVAL_VIEW.TEAM_ID, event.teamId())
                .with(APPROVAL_VIEW.AGENT_ID, event.agentId())
                .with(APPROVAL_VIEW.AGENT_KEY, event.agentKey())
                .with(APPROVAL_VIEW.ACTION_TYPE, event.actionType())
                .with(APPROVAL_VIEW.TOOL, event.tool())
                .with(APPROVAL_VIEW.ARGS_DIGEST, event.argsDigest())
                .with(APPROVAL_VIEW.POLICY_RULE, event.policyRule())
                .with(APPROVAL_VIEW.POLICY_DIGEST, event.policyDigest())
                .with(APPROVAL_VIEW.REASON, event.reason())
                .with(APPROVAL_VIEW.STATUS, ApprovalStatus.PENDING.name())
                .with(APPROVAL_VIEW.REQUESTED_AT, utc(at))
                .with(APPROVAL_VIEW.EXPIRES_AT, utc(event.expiresAt()))
                .with(APPROVAL_VIEW.DECIDED_AT, null)
                .with(APPROVAL_VIEW.DECIDED_BY, null)
                .with(APPROVAL_VIEW.DECISION_REASON, null)
                .with(APPROVAL_VIEW.CONSUMED_AT, null);
        db.insertInto(APPROVAL_VIEW).set(row).onConflict(APPROVAL_VIEW.APPROVAL_ID).doUpdate().set(row).execute();
    }

    @EventHandler
    public void on(ApprovalGrantedEvent event, @Timestamp Instant at,
                   @MetaDataValue(AuditMetadata.ACTOR_TYPE) String actorType,
                   @MetaDataValue(AuditMetadata.ACTOR_ID) String actorId) {
        decided(event.approvalId(), ApprovalStatus.APPROVED, at, actor(actorType, actorId), event.reason());
    }

    @EventHandler
    public void on(ApprovalRejectedEvent event, @Timestamp Instant at,
                   @MetaDataValue(AuditMetadata.ACTOR_TYPE) String actorType,
                   @MetaDataValue(AuditMetadata.ACTOR_ID) String actorId) {
        decided(event.approvalId(), ApprovalStatus.REJECTED, at, actor(actorType, actorId), event.reason());
    }

    @EventHandler
    public void on(ApprovalConsumedEvent event, @Timestamp Instant at) {
        db.update(APPROVAL_VIEW)
                .set(APPROVAL_VIEW.STATUS, ApprovalStatus.CONSUMED.name())
                .set(APPROVAL_VIEW.CONSUMED_AT, utc(at))
                .where(APPROVAL_VIEW.APPROVAL_ID.eq(event.approvalId()))
                .execute();
    }

    @EventHandler
    public void on(ApprovalExpiredEvent event) {
        db.update(APPROVAL_VIEW)
                .set(APPROVAL_VIEW.STATUS, ApprovalStatus.EXPIRED.name())
                .where(APPROVAL_VIEW.APPROVAL_ID.eq(event.approvalId()))
                .execute();
    }

    @ResetHandler
    public void reset() {
        db.truncate(APPROVAL_VIEW).execute();
    }

    private void decided(String approvalId, ApprovalStatus status, Instant at, String by, String reason) {
        db.update(APPROVAL_VIEW)
                .set(APPROVAL_VIEW.STATUS, status.name())
                .set(APPROVAL_VIEW.DECIDED_AT, utc(at))
                .set(APPROVAL_VIEW.DECIDED_BY, by)
                .set(APPROVAL_VIEW.DECISION_REASON, reason)
                .where(APPROVAL_VIEW.APPROVAL_ID.eq(approvalId))
                .execute();
    }

    private static String actor(String type, String id) {
        return type == null ? null : id == null ? type : type + ":" + id;
    }
}
