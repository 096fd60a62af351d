package io.agentassembly.projection;

import io.agentassembly.command.api.workspace.ProvisioningEvents.GroupCreatedEvent;
import io.agentassembly.command.api.workspace.ProvisioningEvents.GroupDeletedEvent;
import io.agentassembly.command.api.workspace.ProvisioningEvents.GroupMembersAddedEvent;
import io.agentassembly.command.api.workspace.ProvisioningEvents.GroupMembersRemovedEvent;
import io.agentassembly.command.api.workspace.ProvisioningEvents.GroupRenamedEvent;
import io.agentassembly.command.api.workspace.ProvisioningEvents.GroupRoleMappingChangedEvent;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.Timestamp;
import org.jooq.DSLContext;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.time.OffsetDateTime;

import static io.agentassembly.projection.Timestamps.utc;
import static io.agentassembly.schema.jooq.Tables.GROUP_ROLE_DEFAULT_VIEW;
import static io.agentassembly.schema.jooq.Tables.GROUP_ROLE_MAPPING_VIEW;
import static io.agentassembly.schema.jooq.Tables.SCIM_GROUP;
import static io.agentassembly.schema.jooq.Tables.SCIM_GROUP_MEMBER;

/**
 * {@code scim_group}, {@code scim_group_member}, {@code group_role_mapping_view} and {@code group_role_default_view}: the workspace's groups, who
 * is in them, and which role each mapped group gives. {@code version} counts the changes a group resource shows.
 * In the subscribing {@value Directory#PROCESSING_GROUP} group.
 */
@Component
@ProcessingGroup(Directory.PROCESSING_GROUP)
public class ScimGroupProjection {

    private final DSLContext db;

    public ScimGroupProjection(DSLContext db) {
        this.db = db;
    }

    @EventHandler
    public void on(GroupCreatedEvent event, @Timestamp Instant at) {
        db.insertInto(SCIM_GROUP)
                .set(SCIM_GROUP.GROUP_ID, event.groupId())
                .set(SCIM_GROUP.WORKSPACE_ID, event.workspaceId())
                .set(SCIM_GROUP.DISPLAY_NAME, event.displayName())
                .set(SCIM_GROUP.EXTERNAL_ID, event.externalId())
                .set(SCIM_GROUP.MANAGED_BY, event.managedBy().name())
                .set(SCIM_GROUP.MEMBER_COUNT, 0)
                .set(SCIM_GROUP.VERSION, 1L)
                .set(SCIM_GROUP.CREATED_AT, utc(at))
                .set(SCIM_GROUP.LAST_MODIFIED, utc(at))
                .onConflict(SCIM_GROUP.GROUP_ID).doNothing()
                .execute();
    }

    @EventHandler
    public void on(GroupRenamedEvent event, @Timestamp Instant at) {
        db.update(SCIM_GROUP)
                .set(SCIM_GROUP.DISPLAY_NAME, event.displayName())
                .set(SCIM_GROUP.EXTERNAL_ID, event.externalId())
                .set(SCIM_GROUP.VERSION, SCIM_GROUP.VERSION.plus(1))
                .set(SCIM_GROUP.LAST_MODIFIED, utc(at))
                .where(SCIM_GROUP.GROUP_ID.eq(event.groupId()), SCIM_GROUP.WORKSPACE_ID.eq(event.workspaceId()))
                .execute();
    }

    @EventHandler
    public void on(GroupMembersAddedEvent event, @Timestamp Instant at) {
        OffsetDateTime ts = utc(at);
        var insert = db.insertInto(SCIM_GROUP_MEMBER, SCIM_GROUP_MEMBER.GROUP_ID, SCIM_GROUP_MEMBER.USER_ID,
                SCIM_GROUP_MEMBER.WORKSPACE_ID, SCIM_GROUP_MEMBER.ADDED_AT);
        for (String userId : event.userIds()) {
            insert = insert.values(event.groupId(), userId, event.workspaceId(), ts);
        }
        int added = insert.onConflictDoNothing().execute();
        countMembers(event.workspaceId(), event.groupId(), added, at);
    }

    @EventHandler
    public void on(GroupMembersRemovedEvent event, @Timestamp Instant at) {
        int removed = db.deleteFrom(SCIM_GROUP_MEMBER)
                .where(SCIM_GROUP_MEMBER.GROUP_ID.eq(event.groupId()),
                        SCIM_GROUP_MEMBER.WORKSPACE_ID.eq(event.workspaceId()),
                        SCIM_GROUP_MEMBER.USER_ID.in(event.userIds()))
                .execute();
        countMembers(event.workspaceId(), event.groupId(), -removed, at);
    }

    @EventHandler
    public void on(GroupDeletedEvent event) {
        db.deleteFrom(SCIM_GROUP_MEMBER).where(SCIM_GROUP_MEMBER.GROUP_ID.eq(event.groupId()),
                SCIM_GROUP_MEMBER.WORKSPACE_ID.eq(event.workspaceId())).execute();
        db.deleteFrom(SCIM_GROUP).where(SCIM_GROUP.GROUP_ID.eq(event.groupId()),
                SCIM_GROUP.WORKSPACE_ID.eq(event.workspaceId())).execute();
    }

    @EventHandler
    public void on(GroupRoleMappingChangedEvent event) {
        db.deleteFrom(GROUP_ROLE_MAPPING_VIEW).where(GROUP_ROLE_MAPPING_VIEW.WORKSPACE_ID.eq(event.workspaceId()))
                .execute();
        event.roleByGroupName().forEach((group, role) -> db.insertInto(GROUP_ROLE_MAPPING_VIEW)
                .set(GROUP_ROLE_MAPPING_VIEW.WORKSPACE_ID, event.workspaceId())
                .set(GROUP_ROLE_MAPPING_VIEW.GROUP_NAME, group)
                .set(GROUP_ROLE_MAPPING_VIEW.ROLE, role.name())
                .execute());
        db.insertInto(GROUP_ROLE_DEFAULT_VIEW)
                .set(GROUP_ROLE_DEFAULT_VIEW.WORKSPACE_ID, event.workspaceId())
                .set(GROUP_ROLE_DEFAULT_VIEW.DEFAULT_ROLE, event.defaultRole().name())
                .onConflict(GROUP_ROLE_DEFAULT_VIEW.WORKSPACE_ID).doUpdate()
                .set(GROUP_ROLE_DEFAULT_VIEW.DEFAULT_ROLE, event.defaultRole().name())
                .execute();
    }

    @ResetHandler
    public void reset() {
        db.truncate(SCIM_GROUP_MEMBER).execute();
        db.truncate(SCIM_GROUP).execute();
        db.truncate(GROUP_ROLE_MAPPING_VIEW).execute();
        db.truncate(GROUP_ROLE_DEFAULT_VIEW).execute();
    }

    private void countMembers(String workspaceId, String groupId, int change, Instant at) {
        db.update(SCIM_GROUP)
                .set(SCIM_GROUP.MEMBER_COUNT, SCIM_GROUP.MEMBER_COUNT.plus(change))
                .set(SCIM_GROUP.VERSION, SCIM_GROUP.VERSION.plus(1))
                .set(SCIM_GROUP.LAST_MODIFIED, utc(at))
                .where(SCIM_GROUP.GROUP_ID.eq(groupId), SCIM_GROUP.WORKSPACE_ID.eq(workspaceId))
                .execute();
    }
}
