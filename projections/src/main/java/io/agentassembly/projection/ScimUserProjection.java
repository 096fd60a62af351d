package io.agentassembly.projection;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.agentassembly.command.api.workspace.ProvisioningEvents.ManagedBy;
import io.agentassembly.command.api.workspace.ProvisioningEvents.UserProfileChangedEvent;
import io.agentassembly.command.api.workspace.WorkspaceEvents.UserDeactivatedEvent;
import io.agentassembly.command.api.workspace.WorkspaceEvents.UserJoinedWorkspaceEvent;
import io.agentassembly.command.api.workspace.WorkspaceEvents.UserReactivatedEvent;
import io.agentassembly.command.api.workspace.WorkspaceEvents.WorkspaceSignUpExpiredEvent;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.Timestamp;
import org.jooq.DSLContext;
import org.jooq.JSON;
import org.jooq.impl.DSL;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.Map;

import static io.agentassembly.projection.Timestamps.utc;
import static io.agentassembly.schema.jooq.Tables.SCIM_USER;

/**
 * {@code scim_user}: every user of a workspace as a SCIM User resource (console-invited users too, with their
 * address as {@code userName}), so an identity provider finds the users it should take over. {@code version}
 * counts the changes the resource shows (as the Workspace aggregate does for If-Match). In the subscribing
 * {@value Directory#PROCESSING_GROUP} group: a SCIM write is readable as soon as it is answered.
 */
@Component
@ProcessingGroup(Directory.PROCESSING_GROUP)
public class ScimUserProjection {

    public static final String CORE_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:User";
    public static final String ENTERPRISE_SCHEMA = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final DSLContext db;

    public ScimUserProjection(DSLContext db) {
        this.db = db;
    }

    @EventHandler
    public void on(UserJoinedWorkspaceEvent event, @Timestamp Instant at) {
        ObjectNode resource = MAPPER.createObjectNode();
        resource.putArray("schemas").add(CORE_SCHEMA);
        resource.put("userName", event.email());
        if (event.displayName() != null) {
            resource.put("displayName", event.displayName());
        }
        resource.putArray("emails").addObject().put("value", event.email()).put("primary", true);
        resource.put("active", true);
        db.insertInto(SCIM_USER)
                .set(SCIM_USER.USER_ID, event.userId())
                .set(SCIM_USER.WORKSPACE_ID, event.workspaceId())
                .set(SCIM_USER.USER_NAME, event.email())
                .set(SCIM_USER.DISPLAY_NAME, event.displayName())
                .set(SCIM_USER.ACTIVE, true)
                .set(SCIM_USER.MANAGED_BY, ManagedBy.CONSOLE.name())
                .set(SCIM_USER.RESOURCE, jsonb(resource))
                .set(SCIM_USER.VERSION, 1L)
                .set(SCIM_USER.CREATED_AT, utc(at))
                .set(SCIM_USER.LAST_MODIFIED, utc(at))
                .onConflict(SCIM_USER.USER_ID).doNothing()
                .execute();
    }

    @EventHandler
    public void on(UserProfileChangedEvent event, @Timestamp Instant at) {
        Boolean active = db.select(SCIM_USER.ACTIVE).from(SCIM_USER)
                .where(SCIM_USER.USER_ID.eq(event.userId()), SCIM_USER.WORKSPACE_ID.eq(event.workspaceId()))
                .fetchOne(SCIM_USER.ACTIVE);
        if (active == null) {
            return;
        }
        db.update(SCIM_USER)
                .set(SCIM_USER.USER_NAME, event.userName())
                .set(SCIM_USER.EXTERNAL_ID, event.externalId())
                .set(SCIM_USER.DISPLAY_NAME, event.displayName())
                .set(SCIM_USER.MANAGED_BY, event.managedBy().name())
                .set(SCIM_USER.RESOURCE, jsonb(resource(event, active)))
                .set(SCIM_USER.VERSION, SCIM_USER.VERSION.plus(1))
                .set(SCIM_USER.LAST_MODIFIED, utc(at))
                .where(SCIM_USER.USER_ID.eq(event.userId()), SCIM_USER.WORKSPACE_ID.eq(event.workspaceId()))
                .execute();
    }

    @EventHandler
    public void on(UserDeactivatedEvent event, @Timestamp Instant at) {
        setActive(event.workspaceId(), event.userId(), false, at);
    }

    @EventHandler
    public void on(UserReactivatedEvent event, @Timestamp Instant at) {
        setActive(event.workspaceId(), event.userId(), true, at);
    }

    @EventHandler
    public void on(WorkspaceSignUpExpiredEvent event) {
        db.deleteFrom(SCIM_USER).where(SCIM_USER.WORKSPACE_ID.eq(event.workspaceId())).execute();
    }

    @ResetHandler
    public void reset() {
        db.truncate(SCIM_USER).execute();
    }

    /** The resource as served, without id, meta and groups: core attributes first, then the others. */
    static ObjectNode resource(UserProfileChangedEvent event, boolean active) {
        ObjectNode resource = MAPPER.createObjectNode();
        var schemas = resource.putArray("schemas").add(CORE_SCHEMA);
        resource.put("userName", event.userName());
        if (event.externalId() != null) {
            resource.put("externalId", event.externalId());
        }
        if (event.displayName() != null) {
            resource.put("displayName", event.displayName());
        }
        Map<String, Object> attributes = event.attributes() == null ? Map.of() : event.attributes();
        attributes.forEach((name, value) -> resource.set(name, MAPPER.valueToTree(value)));
        if (attributes.containsKey(ENTERPRISE_SCHEMA)) {
            schemas.add(ENTERPRISE_SCHEMA);
        }
        resource.put("active", active);
        return resource;
    }

    private void setActive(String workspaceId, String userId, boolean active, Instant at) {
        db.update(SCIM_USER)
                .set(SCIM_USER.ACTIVE, active)
                .set(SCIM_USER.RESOURCE, DSL.field("jsonb_set({0}::jsonb, ARRAY['active'], to_jsonb({1}::boolean))", JSON.class,
                        SCIM_USER.RESOURCE, DSL.val(active)))
                .set(SCIM_USER.VERSION, SCIM_USER.VERSION.plus(1))
                .set(SCIM_USER.LAST_MODIFIED, utc(at))
                .where(SCIM_USER.USER_ID.eq(userId), SCIM_USER.WORKSPACE_ID.eq(workspaceId))
                .execute();
    }

    private static JSON jsonb(ObjectNode node) {
        try {
            return JSON.valueOf(MAPPER.writeValueAsString(node));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a SCIM resource could not be written as JSON", e);
        }
    }
}
