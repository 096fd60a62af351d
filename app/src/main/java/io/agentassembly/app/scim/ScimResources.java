package io.agentassembly.app.scim;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.agentassembly.app.scim.ScimReadModel.GroupRow;
import io.agentassembly.app.scim.ScimReadModel.UserRow;
import org.jooq.DSLContext;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

import java.net.URI;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static io.agentassembly.schema.jooq.Tables.SCIM_GROUP_MEMBER;
import static io.agentassembly.schema.jooq.Tables.SCIM_USER;

/**
 * Renders read-model rows ({@link ScimReadModel}) as served: {@code id}, {@code meta} (with {@code version} = the
 * ETag), the read-only {@code groups} of a user and the {@code members} of a group with their user names.
 */
@Component
public class ScimResources {

    public static final String USERS = "Users";
    public static final String GROUPS = "Groups";

    private static final ObjectMapper JSON = new ObjectMapper();

    public record Ref(String id, String display) {
    }

    private final DSLContext db;

    public ScimResources(DSLContext db) {
        this.db = db;
    }

    /** The members of a group with their user names: all of them, for GET of one group. */
    public List<Ref> members(String workspaceId, String groupId) {
        return members(workspaceId, List.of(groupId)).getOrDefault(groupId, List.of());
    }

    /** The members of each group named, in one query (a page of groups). */
    public Map<String, List<Ref>> members(String workspaceId, Collection<String> groupIds) {
        Map<String, List<Ref>> members = new HashMap<>();
        if (groupIds.isEmpty()) {
            return members;
        }
        db.select(SCIM_GROUP_MEMBER.GROUP_ID, SCIM_GROUP_MEMBER.USER_ID, SCIM_USER.USER_NAME)
                .from(SCIM_GROUP_MEMBER)
                .join(SCIM_USER).on(SCIM_USER.USER_ID.eq(SCIM_GROUP_MEMBER.USER_ID))
                .where(SCIM_GROUP_MEMBER.WORKSPACE_ID.eq(workspaceId), SCIM_GROUP_MEMBER.GROUP_ID.in(groupIds))
                .orderBy(SCIM_GROUP_MEMBER.GROUP_ID, SCIM_GROUP_MEMBER.USER_ID)
                .forEach(r -> members.computeIfAbsent(r.value1(), id -> new ArrayList<>())
                        .add(new Ref(r.value2(), r.value3())));
        return members;
    }

    public ObjectNode render(UserRow row) {
        ObjectNode node = JSON.createObjectNode();
        node.set("schemas", row.resource().get("schemas"));
        node.put("id", row.userId());
        row.resource().fields().forEachRemaining(field -> {
            if (!field.getKey().equals("schemas")) {
                node.set(field.getKey(), field.getValue());
            }
        });
        if (row.groups() != null && !row.groups().isEmpty()) {
            ArrayNode refs = node.putArray("groups");
            row.groups().forEach(g -> refs.addObject().put("value", g.groupId())
                    .put("$ref", location(GROUPS, g.groupId())).put("display", g.displayName()).put("type", "direct"));
        }
        node.set("meta", meta("User", USERS, row.userId(), row.created(), row.lastModified(), row.version()));
        return node;
    }

    /** {@code members}: null leaves the attribute out (a list asked without members). */
    public ObjectNode render(GroupRow row, List<Ref> members) {
        ObjectNode node = JSON.createObjectNode();
        node.putArray("schemas").add(ScimFilters.GROUP_SCHEMA);
        node.put("id", row.groupId());
        if (row.externalId() != null) {
            node.put("externalId", row.externalId());
        }
        node.put("displayName", row.displayName());
        if (members != null) {
            ArrayNode refs = node.putArray("members");
            members.forEach(m -> refs.addObject().put("value", m.id()).put("$ref", location(USERS, m.id()))
                    .put("display", m.display()).put("type", "User"));
        }
        node.set("meta", meta("Group", GROUPS, row.groupId(), row.created(), row.lastModified(), row.version()));
        return node;
    }

    /** A resource as answered: the ETag header, and for a creation its Location. */
    public static ResponseEntity<ObjectNode> respond(HttpStatus status, ObjectNode body, long version,
                                                     String endpoint, String id) {
        var response = ResponseEntity.status(status).eTag(etag(version))
                .contentType(ScimErrors.SCIM_JSON);
        if (status == HttpStatus.CREATED) {
            response.location(URI.create(location(endpoint, id)));
        }
        return response.body(body);
    }

    /** A ListResponse (RFC 7644 §3.4.2) of resources already rendered. */
    public static ResponseEntity<ObjectNode> listResponse(Page<?> page, List<ObjectNode> resources) {
        ObjectNode list = JSON.createObjectNode();
        list.putArray("schemas").add("urn:ietf:params:scim:api:messages:2.0:ListResponse");
        list.put("totalResults", page.totalResults());
        list.put("startIndex", page.startIndex());
        list.put("itemsPerPage", page.itemsPerPage());
        list.putArray("Resources").addAll(resources);
        return ResponseEntity.ok().contentType(ScimErrors.SCIM_JSON).body(list);
    }

    public static String etag(long version) {
        return "W/\"" + version + "\"";
    }

    public static String location(String endpoint, String id) {
        return ServletUriComponentsBuilder.fromCurrentContextPath().path("/scim/v2/{endpoint}/{id}")
                .buildAndExpand(endpoint, id).toUriString();
    }

    private static ObjectNode meta(String resourceType, String endpoint, String id, Instant created,
                                   Instant lastModified, long version) {
        ObjectNode meta = JSON.createObjectNode();
        meta.put("resourceType", resourceType);
        meta.put("created", timestamp(created));
        meta.put("lastModified", timestamp(lastModified));
        meta.put("location", location(endpoint, id));
        meta.put("version", etag(version));
        return meta;
    }

    private static String timestamp(Instant at) {
        return DateTimeFormatter.ISO_INSTANT.format(at);
    }
}
