package io.agentassembly.command.domain.store;

import java.util.Collection;
import java.util.Map;
import java.util.Set;

/**
 * Who is in which group of a workspace (ADR 0029), written in the command's transaction. Changes name the users
 * they touch and answer which of them actually changed, so a change to a 10,000-member group costs what it
 * touches.
 */
public interface GroupMemberships {

    /** Adds the users; answers those who were not members yet. */
    Set<String> add(String workspaceId, String groupId, Collection<String> userIds);

    /** Removes the users; answers those who were members. */
    Set<String> remove(String workspaceId, String groupId, Collection<String> userIds);

    /** Removes every member but {@code keep}; answers those removed. */
    Set<String> removeAllExcept(String workspaceId, String groupId, Collection<String> keep);

    Set<String> members(String workspaceId, String groupId);

    /** The groups of each user named (users in no group are left out). */
    Map<String, Set<String>> groupsOf(String workspaceId, Collection<String> userIds);
}
