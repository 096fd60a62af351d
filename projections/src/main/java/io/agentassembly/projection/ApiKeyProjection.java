package io.agentassembly.projection;

import io.agentassembly.command.api.apikey.ApiKeyEvents.ApiKeyCreatedEvent;
import io.agentassembly.command.api.apikey.ApiKeyEvents.ApiKeyRevokedEvent;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.Timestamp;
import org.jooq.DSLContext;
import org.jooq.Record;
import org.springframework.stereotype.Component;

import java.time.Instant;

import static io.agentassembly.projection.Timestamps.utc;
import static io.agentassembly.schema.jooq.Tables.API_KEY_VIEW;

/**
 * {@code api_key_view}: personal API keys (never their secrets) and their revocation. In the subscribing
 * {@value Directory#PROCESSING_GROUP} group.
 */
@Component
@ProcessingGroup(Directory.PROCESSING_GROUP)
public class ApiKeyProjection {

    private final DSLContext db;

    public ApiKeyProjection(DSLContext db) {
        this.db = db;
    }

    @EventHandler
    public void on(ApiKeyCreatedEvent event, @Timestamp Instant at) {
        Record row = db.newRecord(API_KEY_VIEW)
                .with(API_KEY_VIEW.KEY_ID, event.keyId())
                .with(API_KEY_VIEW.WORKSPACE_ID, event.workspaceId())
                .with(API_KEY_VIEW.OWNER_USER_ID, event.ownerUserId())
                .with(API_KEY_VIEW.NAME, event.name())
                .with(API_KEY_VIEW.CREATED_AT, utc(at));
        db.insertInto(API_KEY_VIEW).set(row).onConflict(API_KEY_VIEW.KEY_ID).doUpdate().set(row).execute();
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
        db.truncate(API_KEY_VIEW).execute();
    }
}
