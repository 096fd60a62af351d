package io.agentassembly.app.scim;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.unboundid.scim2.common.exceptions.BadRequestException;
import com.unboundid.scim2.common.filters.Filter;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.JSONB;
import org.jooq.Record;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.IntSupplier;

import static io.agentassembly.schema.jooq.Tables.SCIM_GROUP;
import static io.agentassembly.schema.jooq.Tables.SCIM_GROUP_MEMBER;
import static io.agentassembly.schema.jooq.Tables.SCIM_USER;

/**
 * Reads SCIM Users and Groups of one workspace from the read model: filter ({@link ScimFilters}), order and page
 * in SQL; a user's groups for a whole page in one query; a group's members only when asked.
 */
@Component
public class ScimReadModel {

    /** The most resources one list answers with (ServiceProviderConfig filter.maxResults). */
    public static final int DEFAULT_MAX_RESULTS = 200;

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Field<JSONB> RESOURCE = DSL.field(SCIM_USER.RESOURCE.getQualifiedName(), SQLDataType.JSONB);

    public record GroupRef(String groupId, String displayName) {
    }

    /** A user as stored: {@code resource} has no id, meta nor groups; {@code groups} are its groups. */
    public record UserRow(String userId, String workspaceId, String userName, String externalId, String displayName,
                          boolean active, String managedBy, ObjectNode resource, long version, Instant created,
                          Instant lastModified, List<GroupRef> groups) {
    }

    /** A group as stored; {@code memberIds} is null when members were not asked for. */
    public record GroupRow(String groupId, String workspaceId, String displayName, String externalId,
                           String managedBy, int memberCount, long version, Instant created, Instant lastModified,
                           List<String> memberIds) {
    }

    private final DSLContext dsl;
    private final int maxResults;

    public ScimReadModel(DSLContext dsl, @Value("${aasm.scim.max-results:" + DEFAULT_MAX_RESULTS + "}") int maxResults) {
        this.dsl = dsl;
        this.maxResults = maxResults;
    }

    public int maxResults() {
        return maxResults;
    }

    /**
     * A page of the workspace's users matching {@code filter} (null: all) in {@code sort} order. {@code startIndex}
     * below 1 counts as 1; {@code count} below 0 as 0 (only totalResults), above {@link #maxResults()} as that;
     * pass {@link #maxResults()} when the request has no {@code count}. Unknown attributes in the filter → 400
     * invalidFilter, an unknown or unsortable sortBy → 400 invalidValue (both as {@link BadRequestException}).
     */
    public Page<UserRow> users(String workspaceId, Filter filter, SortSpec sort, int startIndex, int count)
            throws BadRequestException {
        Condition where = SCIM_USER.WORKSPACE_ID.eq(workspaceId).and(ScimFilters.users(filter));
        var order = ScimFilters.userOrder(sort);
        int start = Math.max(1, startIndex);
        int limit = Math.min(Math.max(0, count), maxResults);
        List<Record> records = limit == 0 ? List.of() : dsl.select(userFields()).from(SCIM_USER).where(where)
                .orderBy(order).limit(limit).offset(start - 1).fetch();
        int total = total(records.size(), start, limit, () -> dsl.fetchCount(SCIM_USER, where));
        List<UserRow> rows = users(workspaceId, records);
        return new Page<>(rows, total, start, rows.size());
    }

    public Optional<UserRow> user(String workspaceId, String userId) {
        List<Record> records = dsl.select(userFields()).from(SCIM_USER)
                .where(SCIM_USER.WORKSPACE_ID.eq(workspaceId)).and(SCIM_USER.USER_ID.eq(userId))
                .fetch();
        return users(workspaceId, records).stream().findFirst();
    }

    /** As {@link #users}; members are loaded (one query for the page) only when {@code withMembers}. */
    public Page<GroupRow> groups(String workspaceId, Filter filter, SortSpec sort, int startIndex, int count,
                                 boolean withMembers) throws BadRequestException {
        Condition where = SCIM_GROUP.WORKSPACE_ID.eq(workspaceId).and(ScimFilters.groups(filter));
        var order = ScimFilters.groupOrder(sort);
        int start = Math.max(1, startIndex);
        int limit = Math.min(Math.max(0, count), maxResults);
        List<Record> records = limit == 0 ? List.of() : dsl.select(groupFields()).from(SCIM_GROUP).where(where)
                .orderBy(order).limit(limit).offset(start - 1).fetch();
        int total = total(records.size(), start, limit, () -> dsl.fetchCount(SCIM_GROUP, where));
        List<GroupRow> rows = groups(workspaceId, records, withMembers);
        return new Page<>(rows, total, start, rows.size());
    }

    public Optional<GroupRow> group(String workspaceId, String groupId, boolean withMembers) {
        List<Record> records = dsl.select(groupFields()).from(SCIM_GROUP)
                .where(SCIM_GROUP.WORKSPACE_ID.eq(workspaceId)).and(SCIM_GROUP.GROUP_ID.eq(groupId))
                .fetch();
        return groups(workspaceId, records, withMembers).stream().findFirst();
    }

    /**
     * A page shorter than asked for ends the filtered set, so its size gives the total without a second scan (an
     * identity provider's {@code userName eq} or a selective filter); otherwise the filter is counted.
     */
    private static int total(int rows, int start, int limit, IntSupplier count) {
        boolean endsHere = rows < limit && (rows > 0 || start == 1);
        return endsHere ? start - 1 + rows : count.getAsInt();
    }

    // ----------------------------------------------------------------------------------------------------------

    private static List<Field<?>> userFields() {
        return List.of(SCIM_USER.USER_ID, SCIM_USER.WORKSPACE_ID, SCIM_USER.USER_NAME, SCIM_USER.EXTERNAL_ID,
                SCIM_USER.DISPLAY_NAME, SCIM_USER.ACTIVE, SCIM_USER.MANAGED_BY, RESOURCE.as("resource"),
                SCIM_USER.VERSION, SCIM_USER.CREATED_AT, SCIM_USER.LAST_MODIFIED);
    }

    private static List<Field<?>> groupFields() {
        return List.of(SCIM_GROUP.GROUP_ID, SCIM_GROUP.WORKSPACE_ID, SCIM_GROUP.DISPLAY_NAME, SCIM_GROUP.EXTERNAL_ID,
                SCIM_GROUP.MANAGED_BY, SCIM_GROUP.MEMBER_COUNT, SCIM_GROUP.VERSION, SCIM_GROUP.CREATED_AT,
                SCIM_GROUP.LAST_MODIFIED);
    }

    private List<UserRow> users(String workspaceId, List<Record> records) {
        if (records.isEmpty()) {
            return List.of();
        }
        List<String> ids = records.stream().map(r -> r.get(SCIM_USER.USER_ID)).toList();
        Map<String, List<GroupRef>> groups = new LinkedHashMap<>();
        dsl.select(SCIM_GROUP_MEMBER.USER_ID, SCIM_GROUP.GROUP_ID, SCIM_GROUP.DISPLAY_NAME)
                .from(SCIM_GROUP_MEMBER).join(SCIM_GROUP).on(SCIM_GROUP.GROUP_ID.eq(SCIM_GROUP_MEMBER.GROUP_ID))
                .where(SCIM_GROUP_MEMBER.WORKSPACE_ID.eq(workspaceId)).and(SCIM_GROUP.WORKSPACE_ID.eq(workspaceId))
                .and(SCIM_GROUP_MEMBER.USER_ID.in(ids))
                .orderBy(SCIM_GROUP.DISPLAY_NAME, SCIM_GROUP.GROUP_ID)
                .forEach(r -> groups.computeIfAbsent(r.value1(), k -> new ArrayList<>())
                        .add(new GroupRef(r.value2(), r.value3())));
        List<UserRow> rows = new ArrayList<>();
        for (Record r : records) {
            String id = r.get(SCIM_USER.USER_ID);
            rows.add(new UserRow(id, r.get(SCIM_USER.WORKSPACE_ID), r.get(SCIM_USER.USER_NAME),
                    r.get(SCIM_USER.EXTERNAL_ID), r.get(SCIM_USER.DISPLAY_NAME), r.get(SCIM_USER.ACTIVE),
                    r.get(SCIM_USER.MANAGED_BY), object(r.get("resource", JSONB.class)), r.get(SCIM_USER.VERSION),
                    r.get(SCIM_USER.CREATED_AT).toInstant(), r.get(SCIM_USER.LAST_MODIFIED).toInstant(),
                    List.copyOf(groups.getOrDefault(id, List.of()))));
        }
        return rows;
    }

    private List<GroupRow> groups(String workspaceId, List<Record> records, boolean withMembers) {
        if (records.isEmpty()) {
            return List.of();
        }
        Map<String, List<String>> members = new LinkedHashMap<>();
        if (withMembers) {
            List<String> ids = records.stream().map(r -> r.get(SCIM_GROUP.GROUP_ID)).toList();
            dsl.select(SCIM_GROUP_MEMBER.GROUP_ID, SCIM_GROUP_MEMBER.USER_ID).from(SCIM_GROUP_MEMBER)
                    .where(SCIM_GROUP_MEMBER.WORKSPACE_ID.eq(workspaceId)).and(SCIM_GROUP_MEMBER.GROUP_ID.in(ids))
                    .orderBy(SCIM_GROUP_MEMBER.GROUP_ID, SCIM_GROUP_MEMBER.USER_ID)
                    .forEach(r -> members.computeIfAbsent(r.value1(), k -> new ArrayList<>()).add(r.value2()));
        }
        List<GroupRow> rows = new ArrayList<>();
        for (Record r : records) {
            String id = r.get(SCIM_GROUP.GROUP_ID);
            rows.add(new GroupRow(id, r.get(SCIM_GROUP.WORKSPACE_ID), r.get(SCIM_GROUP.DISPLAY_NAME),
                    r.get(SCIM_GROUP.EXTERNAL_ID), r.get(SCIM_GROUP.MANAGED_BY), r.get(SCIM_GROUP.MEMBER_COUNT),
                    r.get(SCIM_GROUP.VERSION), r.get(SCIM_GROUP.CREATED_AT).toInstant(),
                    r.get(SCIM_GROUP.LAST_MODIFIED).toInstant(),
                    withMembers ? List.copyOf(members.getOrDefault(id, List.of())) : null));
        }
        return rows;
    }

    private static ObjectNode object(JSONB json) {
        if (json == null) {
            return JSON.createObjectNode();
        }
        try {
            JsonNode node = JSON.readTree(json.data());
            return node instanceof ObjectNode object ? object : JSON.createObjectNode();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("scim_user.resource is not a JSON object", e);
        }
    }
}
