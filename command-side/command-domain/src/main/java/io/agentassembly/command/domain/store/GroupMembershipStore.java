package io.agentassembly.command.domain.store;

import org.jooq.DSLContext;
import org.springframework.stereotype.Repository;

import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import static io.agentassembly.schema.jooq.Tables.GROUP_MEMBERSHIP;

/** {@link GroupMemberships} on the {@code group_membership} table. */
@Repository
public class GroupMembershipStore implements GroupMemberships {

    private final DSLContext dsl;

    public GroupMembershipStore(DSLContext dsl) {
        this.dsl = dsl;
    }

    @Override
    public Set<String> add(String workspaceId, String groupId, Collection<String> userIds) {
        if (userIds.isEmpty()) {
            return Set.of();
        }
        var insert = dsl.insertInto(GROUP_MEMBERSHIP, GROUP_MEMBERSHIP.WORKSPACE_ID, GROUP_MEMBERSHIP.GROUP_ID,
                GROUP_MEMBERSHIP.USER_ID);
        for (String userId : new HashSet<>(userIds)) {
            insert = insert.values(workspaceId, groupId, userId);
        }
        return new HashSet<>(insert.onConflictDoNothing().returning(GROUP_MEMBERSHIP.USER_ID)
                .fetch(GROUP_MEMBERSHIP.USER_ID));
    }

    @Override
    public Set<String> remove(String workspaceId, String groupId, Collection<String> userIds) {
        if (userIds.isEmpty()) {
            return Set.of();
        }
        return new HashSet<>(dsl.deleteFrom(GROUP_MEMBERSHIP)
                .where(GROUP_MEMBERSHIP.WORKSPACE_ID.eq(workspaceId), GROUP_MEMBERSHIP.GROUP_ID.eq(groupId),
                        GROUP_MEMBERSHIP.USER_ID.in(userIds))
                .returning(GROUP_MEMBERSHIP.USER_ID)
                .fetch(GROUP_MEMBERSHIP.USER_ID));
    }

    @Override
    public Set<String> removeAllExcept(String workspaceId, String groupId, Collection<String> keep) {
        var inGroup = GROUP_MEMBERSHIP.WORKSPACE_ID.eq(workspaceId).and(GROUP_MEMBERSHIP.GROUP_ID.eq(groupId));
        return new HashSet<>(dsl.deleteFrom(GROUP_MEMBERSHIP)
                .where(keep.isEmpty() ? inGroup : inGroup.and(GROUP_MEMBERSHIP.USER_ID.notIn(keep)))
                .returning(GROUP_MEMBERSHIP.USER_ID)
                .fetch(GROUP_MEMBERSHIP.USER_ID));
    }

    @Override
    public Set<String> members(String workspaceId, String groupId) {
        return new HashSet<>(dsl.select(GROUP_MEMBERSHIP.USER_ID).from(GROUP_MEMBERSHIP)
                .where(GROUP_MEMBERSHIP.WORKSPACE_ID.eq(workspaceId), GROUP_MEMBERSHIP.GROUP_ID.eq(groupId))
                .fetch(GROUP_MEMBERSHIP.USER_ID));
    }

    @Override
    public Map<String, Set<String>> groupsOf(String workspaceId, Collection<String> userIds) {
        Map<String, Set<String>> groups = new HashMap<>();
        if (userIds.isEmpty()) {
            return groups;
        }
        dsl.select(GROUP_MEMBERSHIP.USER_ID, GROUP_MEMBERSHIP.GROUP_ID).from(GROUP_MEMBERSHIP)
                .where(GROUP_MEMBERSHIP.WORKSPACE_ID.eq(workspaceId), GROUP_MEMBERSHIP.USER_ID.in(userIds))
                .forEach(r -> groups.computeIfAbsent(r.value1(), id -> new HashSet<>()).add(r.value2()));
        return groups;
    }
}
