package io.agentassembly.app.scim;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.jooq.DSLContext;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static io.agentassembly.schema.jooq.Tables.SCIM_GROUP;
import static io.agentassembly.schema.jooq.Tables.SCIM_GROUP_MEMBER;
import static io.agentassembly.schema.jooq.Tables.SCIM_USER;

/**
 * Reads single SCIM resources of a workspace from the read model and renders rows as served: {@code id},
 * {@code meta} (with {@code version} = the ETag) and the read-only {@code groups} of a user. Every read is scoped
 * to the caller's workspace: another workspace's id is not found.
 */
@Component
public class ScimResources {

    public static final String USERS = "Users";
    public static final String GROUPS = "Groups";

    private static final ObjectMapper JSON = new ObjectMapper();

    public record UserRow(String id, ObjectNode resource, long version, OffsetDateTime created,
                          OffsetDateTime lastModified, String managedBy) {
    }

    public record GroupRow(String id, String displayName, String externalId, long version, OffsetDateTime created,
                           OffsetDateTime lastModified, int memberCount) {
    }

    public record Ref(String id, String display) {
    }

    private final DSLContext db;

    public ScimResources(DSLContext db) {
        this.db = db;
    }

    public Optional<UserRow> user(String workspaceId, String userId) {
        return db.select(SCIM_USER.USER_ID, SCIM_USER.RESOURCE, SCIM_USER.VERSION, SCIM_USER.CREATED_AT,
                        SCIM_USER.LAST_MODIFIED, SCIM_USER.MANAGED_BY)
                .from(SCIM_USER)
                .where(SCIM_USER.WORKSPACE_ID.eq(workspaceId), SCIM_USER.USER_ID.eq(userId))
                .fetchOptional(r -> new UserRow(r.value1(), object(r.value2().data()), r.value3(), r.value4(),
                        r.value5(), r.value6()));
    }

    public Optional<GroupRow> group(String workspaceId, String groupId) {
        return db.select(SCIM_GROUP.GROUP_ID, SCIM_GROUP.DISPLAY_NAME, SCIM_GROUP.EXTERNAL_ID, SCIM_GROUP.VERSION,
                        SCIM_GROUP.CREATED_AT, SCIM_GROUP.LAST_MODIFIED, SCIM_GROUP.MEMBER_COUNT)
                .from(SCIM_GROUP)
                .where(SCIM_GROUP.WORKSPACE_ID.eq(workspaceId), SCIM_GROUP.GROUP_ID.eq(groupId))
                .fetchOptional(r -> new GroupRow(r.value1(), r.value2(), r.value3(), r.value4(), r.value5(),
                        r.value6(), r.value7()));
    }

    /** The groups of each user named, in one query. */
    public Map<String, List<Ref>> groupsOf(String workspaceId, Collection<String> userIds) {
        Map<String, List<Ref>> groups = new HashMap<>();
        if (userIds.isEmpty()) {
            return groups;
        }
        db.select(SCIM_GROUP_MEMBER.USER_ID, SCIM_GROUP.GROUP_ID, SCIM_GROUP.DISPLAY_NAME)
                .from(SCIM_GROUP_MEMBER)
                .join(SCIM_GROUP).on(SCIM_GROUP.GROUP_ID.eq(SCIM_GROUP_MEMBER.GROUP_ID))
                .where(SCIM_GROUP_MEMBER.WORKSPACE_ID.eq(workspaceId), SCIM_GROUP_MEMBER.USER_ID.in(userIds))
                .orderBy(SCIM_GROUP.DISPLAY_NAME)
                .forEach(r -> groups.computeIfAbsent(r.value1(), id -> new java.util.ArrayList<>())
                        .add(new Ref(r.value2(), r.value3())));
        return groups;
    }

    /** The members of a group with their user names: all of them, for GET of one group. */
    public List<Ref> members(String workspaceId, String groupId) {
        return db.select(SCIM_GROUP_MEMBER.USER_ID, SCIM_USER.USER_NAME)
                .from(SCIM_GROUP_MEMBER)
                .join(SCIM_USER).on(SCIM_USER.USER_ID.eq(SCIM_GROUP_MEMBER.USER_ID))
                .where(SCIM_GROUP_MEMBER.WORKSPACE_ID.eq(workspaceId), SCIM_GROUP_MEMBER.GROUP_ID.eq(groupId))
                .orderBy(SCIM_GROUP_MEMBER.USER_ID)
                .fetch(r -> new Ref(r.value1(), r.value2()));
    }

    public ObjectNode render(UserRow row, List<Ref> groups) {
        ObjectNode node = JSON.createObjectNode();
        node.set("schemas", row.resource().get("schemas"));
        node.put("id", row.id());
        row.resource().fields().forEachRemaining(field -> {
            if (!field.getKey().equals("schemas")) {
                node.set(field.getKey(), field.getValue());
            }
        });
        if (!groups.isEmpty()) {
            ArrayNode refs = node.putArray("groups");
            groups.forEach(g -> refs.addObject().put("value", g.id()).put("$ref", location(GROUPS, g.id()))
                    .put("display", g.display()).put("type", "direct"));
        }
        node.set("meta", meta("User", USERS, row.id(), row.created(), row.lastModified(), row.version()));
        return node;
    }

    /** {@code members}: null leaves the attribute out (a list asked without members). */
    public ObjectNode render(GroupRow row, List<Ref> members) {
        ObjectNode node = JSON.createObjectNode();
        node.putArray("schemas").add(ScimInput.GROUP_SCHEMA);
        node.put("id", row.id());
        if (row.externalId() != null) {
            node.put("externalId", row.externalId());
        }
        node.put("displayName", row.displayName());
        if (members != null) {
            ArrayNode refs = node.putArray("members");
            members.forEach(m -> refs.addObject().put("value", m.id()).put("$ref", location(USERS, m.id()))
                    .put("display", m.display()).put("type", "User"));
        }
        node.set("meta", meta("Group", GROUPS, row.id(), row.created(), row.lastModified(), row.version()));
        return node;
    }

    public static String etag(long version) {
        return "W/\"" + version + "\"";
    }

    public static String location(String endpoint, String id) {
        return ServletUriComponentsBuilder.fromCurrentContextPath().path("/scim/v2/{endpoint}/{id}")
                .buildAndExpand(endpoint, id).toUriString();
    }

    private static ObjectNode meta(String resourceType, String endpoint, String id, OffsetDateTime created,
                                   OffsetDateTime lastModified, long version) {
        ObjectNode meta = JSON.createObjectNode();
        meta.put("resourceType", resourceType);
        meta.put("created", timestamp(created));
        meta.put("lastModified", timestamp(lastModified));
        meta.put("location", location(endpoint, id));
        meta.put("version", etag(version));
        return meta;
    }

    private static String timestamp(OffsetDateTime at) {
        return DateTimeFormatter.ISO_INSTANT.format(at.withOffsetSameInstant(ZoneOffset.UTC));
    }

    private static ObjectNode object(String json) {
        try {
            return (ObjectNode) JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a SCIM resource in the read model is not JSON", e);
        }
    }
}
