package io.agentassembly.command.domain.fakes;

import io.agentassembly.command.domain.store.GroupMemberships;

import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/** {@link GroupMemberships} in memory. Not transactional: a refused command's changes stay (tests check events). */
public class InMemoryGroupMemberships implements GroupMemberships {

    private final Map<String, Set<String>> membersByGroup = new HashMap<>();

    private Set<String> group(String workspaceId, String groupId) {
        return membersByGroup.computeIfAbsent(workspaceId + "/" + groupId, key -> new HashSet<>());
    }

    @Override
    public Set<String> add(String workspaceId, String groupId, Collection<String> userIds) {
        Set<String> added = new HashSet<>();
        for (String userId : userIds) {
            if (group(workspaceId, groupId).add(userId)) {
                added.add(userId);
            }
        }
        return added;
    }

    @Override
    public Set<String> remove(String workspaceId, String groupId, Collection<String> userIds) {
        Set<String> removed = new HashSet<>();
        for (String userId : userIds) {
            if (group(workspaceId, groupId).remove(userId)) {
                removed.add(userId);
            }
        }
        return removed;
    }

    @Override
    public Set<String> removeAllExcept(String workspaceId, String groupId, Collection<String> keep) {
        Set<String> removed = new HashSet<>(group(workspaceId, groupId));
        removed.removeAll(keep);
        group(workspaceId, groupId).removeAll(removed);
        return removed;
    }

    @Override
    public Set<String> members(String workspaceId, String groupId) {
        return Set.copyOf(group(workspaceId, groupId));
    }

    @Override
    public Map<String, Set<String>> groupsOf(String workspaceId, Collection<String> userIds) {
        Map<String, Set<String>> groups = new HashMap<>();
        membersByGroup.forEach((key, members) -> {
            if (key.startsWith(workspaceId + "/")) {
                String groupId = key.substring(workspaceId.length() + 1);
                members.stream().filter(userIds::contains)
                        .forEach(userId -> groups.computeIfAbsent(userId, id -> new HashSet<>()).add(groupId));
            }
        });
        return groups;
    }
}
