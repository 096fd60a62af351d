package io.agentassembly.projection;

import io.agentassembly.command.api.session.SessionEvents.UserSessionEndedEvent;
import io.agentassembly.command.api.session.SessionEvents.UserSessionRefreshedEvent;
import io.agentassembly.command.api.session.SessionEvents.UserSignedInEvent;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.Timestamp;
import org.jooq.DSLContext;
import org.jooq.Record;
import org.jooq.TableField;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.time.OffsetDateTime;

import static io.agentassembly.projection.Timestamps.utc;
import static io.agentassembly.schema.jooq.Tables.USER_SESSION;

/**
 * {@code user_session}: console sessions, their expiry and end. In the subscribing
 * {@value Directory#PROCESSING_GROUP} group.
 */
@Component
@ProcessingGroup(Directory.PROCESSING_GROUP)
public class UserSessionProjection {

    private final DSLContext db;

    public UserSessionProjection(DSLContext db) {
        this.db = db;
    }

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
        db.insertInto(USER_SESSION).set(row).onConflict(USER_SESSION.SESSION_ID).doUpdate().set(row).execute();
    }

    @EventHandler
    public void on(UserSessionRefreshedEvent event, @Timestamp Instant at) {
        updateSession(event.sessionId(), USER_SESSION.EXPIRES_AT, utc(event.expiresAt()), at);
    }

    @EventHandler
    public void on(UserSessionEndedEvent event, @Timestamp Instant at) {
        updateSession(event.sessionId(), USER_SESSION.ENDED_AT, utc(at), at);
    }

    @ResetHandler
    public void reset() {
        db.truncate(USER_SESSION).execute();
    }

    private <T> void updateSession(String sessionId, TableField<?, T> field, T value, Instant at) {
        db.update(USER_SESSION)
                .set(field, value)
                .set(USER_SESSION.UPDATED_AT, utc(at))
                .where(USER_SESSION.SESSION_ID.eq(sessionId))
                .execute();
    }
}
