package io.agentassembly.projection;

import io.agentassembly.command.api.workspace.ProvisioningEvents.UserProfileChangedEvent;
import io.agentassembly.command.api.workspace.WorkspaceEvents.UserDeactivatedEvent;
import io.agentassembly.command.api.workspace.WorkspaceEvents.UserJoinedWorkspaceEvent;
import io.agentassembly.command.api.workspace.WorkspaceEvents.UserReactivatedEvent;
import io.agentassembly.command.api.workspace.WorkspaceEvents.UserRoleChangedEvent;
import io.agentassembly.command.api.workspace.WorkspaceEvents.WorkspaceSignUpExpiredEvent;
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
import static io.agentassembly.schema.jooq.Tables.USER_ACCOUNT;

/**
 * {@code user_account}: the workspaces' users, roles as enum names. In the subscribing
 * {@value Directory#PROCESSING_GROUP} group.
 */
@Component
@ProcessingGroup(Directory.PROCESSING_GROUP)
public class UserAccountProjection {

    public static final String USER_ACTIVE = "ACTIVE";
    public static final String USER_INACTIVE = "INACTIVE";

    private final DSLContext db;

    public UserAccountProjection(DSLContext db) {
        this.db = db;
    }

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
        db.insertInto(USER_ACCOUNT).set(row).onConflict(USER_ACCOUNT.USER_ID).doUpdate().set(row).execute();
    }

    /** The identity provider may change the sign-in address and the name. */
    @EventHandler
    public void on(UserProfileChangedEvent event, @Timestamp Instant at) {
        db.update(USER_ACCOUNT)
                .set(USER_ACCOUNT.EMAIL, event.email())
                .set(USER_ACCOUNT.DISPLAY_NAME, event.displayName())
                .set(USER_ACCOUNT.UPDATED_AT, utc(at))
                .where(USER_ACCOUNT.USER_ID.eq(event.userId()).and(USER_ACCOUNT.WORKSPACE_ID.eq(event.workspaceId())))
                .execute();
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

    /** The lapsed sign-up's users go, so their addresses can sign up again. */
    @EventHandler
    public void on(WorkspaceSignUpExpiredEvent event) {
        db.deleteFrom(USER_ACCOUNT).where(USER_ACCOUNT.WORKSPACE_ID.eq(event.workspaceId())).execute();
    }

    @ResetHandler
    public void reset() {
        db.truncate(USER_ACCOUNT).execute();
    }

    private <T> void updateUser(String workspaceId, String userId, TableField<?, T> field, T value, Instant at) {
        db.update(USER_ACCOUNT)
                .set(field, value)
                .set(USER_ACCOUNT.UPDATED_AT, utc(at))
                .where(USER_ACCOUNT.USER_ID.eq(userId).and(USER_ACCOUNT.WORKSPACE_ID.eq(workspaceId)))
                .execute();
    }
}
