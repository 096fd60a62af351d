package io.agentassembly.projection;

import io.agentassembly.command.api.scim.ScimTokenEvents.ScimTokenCreatedEvent;
import io.agentassembly.command.api.scim.ScimTokenEvents.ScimTokenRevokedEvent;
import io.agentassembly.command.api.scim.ScimTokenEvents.ScimTokenRotatedEvent;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.Timestamp;
import org.jooq.DSLContext;
import org.jooq.Record;
import org.springframework.stereotype.Component;

import java.time.Instant;

import static io.agentassembly.projection.Timestamps.utc;
import static io.agentassembly.schema.jooq.Tables.SCIM_TOKEN_VIEW;

/**
 * {@code scim_token_view}: the SCIM tokens of each workspace (never their secrets), their last rotation and their
 * revocation. In the subscribing {@value Directory#PROCESSING_GROUP} group: {@code /scim/v2} authentication joins it
 * in the command's transaction, so a revocation applies at once.
 */
@Component
@ProcessingGroup(Directory.PROCESSING_GROUP)
public class ScimTokenProjection {

    private final DSLContext db;

    public ScimTokenProjection(DSLContext db) {
        this.db = db;
    }

    @EventHandler
    public void on(ScimTokenCreatedEvent event, @Timestamp Instant at) {
        Record row = db.newRecord(SCIM_TOKEN_VIEW)
                .with(SCIM_TOKEN_VIEW.TOKEN_ID, event.tokenId())
                .with(SCIM_TOKEN_VIEW.WORKSPACE_ID, event.workspaceId())
                .with(SCIM_TOKEN_VIEW.NAME, event.name())
                .with(SCIM_TOKEN_VIEW.CREATED_AT, utc(at));
        db.insertInto(SCIM_TOKEN_VIEW).set(row).onConflict(SCIM_TOKEN_VIEW.TOKEN_ID).doUpdate().set(row).execute();
    }

    @EventHandler
    public void on(ScimTokenRotatedEvent event, @Timestamp Instant at) {
        db.update(SCIM_TOKEN_VIEW)
                .set(SCIM_TOKEN_VIEW.ROTATED_AT, utc(at))
                .where(SCIM_TOKEN_VIEW.TOKEN_ID.eq(event.tokenId()))
                .execute();
    }

    @EventHandler
    public void on(ScimTokenRevokedEvent event, @Timestamp Instant at) {
        db.update(SCIM_TOKEN_VIEW)
                .set(SCIM_TOKEN_VIEW.REVOKED_AT, utc(at))
                .where(SCIM_TOKEN_VIEW.TOKEN_ID.eq(event.tokenId()))
                .execute();
    }

    @ResetHandler
    public void reset() {
        db.truncate(SCIM_TOKEN_VIEW).execute();
    }
}
