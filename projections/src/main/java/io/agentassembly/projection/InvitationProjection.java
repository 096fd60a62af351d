package io.agentassembly.projection;

import io.agentassembly.command.api.common.AuditMetadata;
import io.agentassembly.command.api.workspace.WorkspaceEvents.InvitationAcceptedEvent;
import io.agentassembly.command.api.workspace.WorkspaceEvents.InvitationRevokedEvent;
import io.agentassembly.command.api.workspace.WorkspaceEvents.UserInvitedEvent;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.Timestamp;
import org.axonframework.messaging.annotation.MetaDataValue;
import org.jooq.DSLContext;
import org.jooq.Record;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.time.OffsetDateTime;

import static io.agentassembly.projection.Timestamps.utc;
import static io.agentassembly.schema.jooq.Tables.INVITATION_VIEW;

/**
 * {@code invitation_view}: invitations and whether they are pending, accepted or revoked. In the subscribing
 * {@value Directory#PROCESSING_GROUP} group.
 */
@Component
@ProcessingGroup(Directory.PROCESSING_GROUP)
public class InvitationProjection {

    public static final String INVITATION_PENDING = "PENDING";
    public static final String INVITATION_ACCEPTED = "ACCEPTED";
    public static final String INVITATION_REVOKED = "REVOKED";

    private final DSLContext db;

    public InvitationProjection(DSLContext db) {
        this.db = db;
    }

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
        db.insertInto(INVITATION_VIEW).set(row).onConflict(INVITATION_VIEW.INVITATION_ID).doUpdate().set(row).execute();
    }

    @EventHandler
    public void on(InvitationRevokedEvent event, @Timestamp Instant at) {
        updateInvitationStatus(event.workspaceId(), event.invitationId(), INVITATION_REVOKED, at);
    }

    @EventHandler
    public void on(InvitationAcceptedEvent event, @Timestamp Instant at) {
        updateInvitationStatus(event.workspaceId(), event.invitationId(), INVITATION_ACCEPTED, at);
    }

    @ResetHandler
    public void reset() {
        db.truncate(INVITATION_VIEW).execute();
    }

    private void updateInvitationStatus(String workspaceId, String invitationId, String status, Instant at) {
        db.update(INVITATION_VIEW)
                .set(INVITATION_VIEW.STATUS, status)
                .set(INVITATION_VIEW.UPDATED_AT, utc(at))
                .where(INVITATION_VIEW.INVITATION_ID.eq(invitationId)
                        .and(INVITATION_VIEW.WORKSPACE_ID.eq(workspaceId)))
                .execute();
    }
}
