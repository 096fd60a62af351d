package io.agentassembly.command.domain.workspace;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonAutoDetect.Visibility;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonInclude.Include;
import io.agentassembly.command.api.common.DomainException;
import io.agentassembly.command.api.common.ErrorCode;
import io.agentassembly.command.api.common.Role;
import io.agentassembly.command.api.workspace.ProvisioningCommands.ChangeGroupCommand;
import io.agentassembly.command.api.workspace.ProvisioningCommands.CreateGroupCommand;
import io.agentassembly.command.api.workspace.ProvisioningCommands.DeleteGroupCommand;
import io.agentassembly.command.api.workspace.ProvisioningCommands.SetGroupRoleMappingCommand;
import io.agentassembly.command.api.workspace.ProvisioningEvents.GroupCreatedEvent;
import io.agentassembly.command.api.workspace.ProvisioningEvents.GroupDeletedEvent;
import io.agentassembly.command.api.workspace.ProvisioningEvents.GroupMembersAddedEvent;
import io.agentassembly.command.api.workspace.ProvisioningEvents.GroupMembersRemovedEvent;
import io.agentassembly.command.api.workspace.ProvisioningEvents.GroupRenamedEvent;
import io.agentassembly.command.api.workspace.ProvisioningEvents.GroupRoleMappingChangedEvent;
import io.agentassembly.command.api.workspace.ProvisioningEvents.ManagedBy;
import io.agentassembly.command.domain.common.Require;
import io.agentassembly.command.domain.store.GroupMemberships;
import org.axonframework.eventsourcing.EventSourcingHandler;

import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * The workspace's groups (name and version; members live in {@link GroupMemberships}) and the group → role
 * mapping. An entity of the {@link Workspace} aggregate: a membership change and the role changes it causes are
 * decided under one lock, so the last-Owner rule holds (ADR 0029).
 */
@JsonAutoDetect(fieldVisibility = Visibility.ANY, getterVisibility = Visibility.NONE,
        isGetterVisibility = Visibility.NONE)
@JsonInclude(value = Include.ALWAYS, content = Include.ALWAYS)
class Groups {

    private static final int MAPPING_MAX = 100;

    private Map<String, Group> groups = new HashMap<>();
    /** Lower-cased group names. */
    private Map<String, Role> roleByGroupName = new HashMap<>();
    private Role defaultRole = Role.VIEWER;

    @JsonAutoDetect(fieldVisibility = Visibility.ANY, getterVisibility = Visibility.NONE,
            isGetterVisibility = Visibility.NONE)
    record Group(String displayName, String externalId, long version) {
        Group next(String name, String external) {
            return new Group(name, external, version + 1);
        }
    }

    Role defaultRole() {
        return defaultRole;
    }

    /** The name of one of the groups that the mapping gives a role, or null. */
    String firstMappedGroupName(Collection<String> groupIds) {
        return groupIds.stream().map(groups::get).filter(Objects::nonNull).map(Group::displayName)
                .filter(name -> roleByGroupName.containsKey(key(name))).sorted().findFirst().orElse(null);
    }

    void create(String workspaceId, CreateGroupCommand command, Membership membership, GroupMemberships store) {
        String groupId = Require.text(command.groupId(), "groupId", WorkspaceRules.ID_MAX);
        if (groups.containsKey(groupId)) {
            throw new DomainException(ErrorCode.CONFLICT, "groupId", "a group with this id already exists; retry");
        }
        String name = WorkspaceRules.groupName(command.displayName());
        requireNameFree(name, groupId);
        Set<String> add = knownUsers(command.memberIds(), membership);
        boolean mapped = isMapped(name);
        Map<String, Role> before = mapped ? mappedRoles(workspaceId, add, store) : Map.of();

        apply(new GroupCreatedEvent(workspaceId, groupId, name, WorkspaceRules.externalId(command.externalId()),
                ManagedBy.IDENTITY_PROVIDER));
        Set<String> added = store.add(workspaceId, groupId, add);
        if (!added.isEmpty()) {
            apply(new GroupMembersAddedEvent(workspaceId, groupId, sorted(added)));
        }
        if (mapped) {
            reassign(workspaceId, added, before, store, membership);
        }
    }

    void change(String workspaceId, ChangeGroupCommand command, Membership membership, GroupMemberships store) {
        Group group = group(command.groupId());
        WorkspaceRules.requireVersion(group.version(), command.expectedVersion());
        String name = command.displayName() == null ? group.displayName()
                : WorkspaceRules.groupName(command.displayName());
        String externalId = command.displayName() == null ? group.externalId()
                : WorkspaceRules.externalId(command.externalId());
        requireNameFree(name, command.groupId());
        Set<String> add = knownUsers(command.addMemberIds(), membership);
        Set<String> remove = new HashSet<>(command.removeMemberIds() == null ? List.of() : command.removeMemberIds());
        remove.removeAll(add);
        boolean roleOfGroupChanges = roleOf(group.displayName()) != roleOf(name);
        boolean mapped = isMapped(group.displayName()) || isMapped(name);

        Set<String> affected = new HashSet<>(add);
        affected.addAll(remove);
        if (roleOfGroupChanges || (mapped && command.removeAllMembers())) {
            affected.addAll(store.members(workspaceId, command.groupId()));
        }
        Map<String, Role> before = mapped ? mappedRoles(workspaceId, affected, store) : Map.of();

        if (!name.equals(group.displayName()) || !Objects.equals(externalId, group.externalId())) {
            apply(new GroupRenamedEvent(workspaceId, command.groupId(), name, externalId));
        }
        Set<String> removed = command.removeAllMembers()
                ? store.removeAllExcept(workspaceId, command.groupId(), add)
                : store.remove(workspaceId, command.groupId(), remove);
        if (!removed.isEmpty()) {
            apply(new GroupMembersRemovedEvent(workspaceId, command.groupId(), sorted(removed)));
        }
        Set<String> added = store.add(workspaceId, command.groupId(), add);
        if (!added.isEmpty()) {
            apply(new GroupMembersAddedEvent(workspaceId, command.groupId(), sorted(added)));
        }
        if (mapped) {
            affected.addAll(removed);
            reassign(workspaceId, affected, before, store, membership);
        }
    }

    void delete(String workspaceId, DeleteGroupCommand command, Membership membership, GroupMemberships store) {
        Group group = group(command.groupId());
        WorkspaceRules.requireVersion(group.version(), command.expectedVersion());
        boolean mapped = isMapped(group.displayName());
        Set<String> members = mapped ? store.members(workspaceId, command.groupId()) : Set.of();
        Map<String, Role> before = mapped ? mappedRoles(workspaceId, members, store) : Map.of();
        store.removeAllExcept(workspaceId, command.groupId(), Set.of());
        apply(new GroupDeletedEvent(workspaceId, command.groupId(), group.displayName()));
        if (mapped) {
            reassign(workspaceId, members, before, store, membership);
        }
    }

    /** A new mapping applies at once to every member of a group whose role it changes. */
    void setMapping(String workspaceId, SetGroupRoleMappingCommand command, Membership membership,
                    GroupMemberships store) {
        Map<String, Role> mapping = new HashMap<>();
        Map<String, Role> requested = command.roleByGroupName() == null ? Map.of() : command.roleByGroupName();
        if (requested.size() > MAPPING_MAX) {
            throw Require.invalid("roleByGroupName", "at most " + MAPPING_MAX + " groups can be mapped to roles");
        }
        requested.forEach((name, role) -> {
            String group = key(WorkspaceRules.groupName(name));
            if (mapping.put(group, Require.present(role, "roleByGroupName." + name)) != null) {
                throw Require.invalid("roleByGroupName", "the group '" + name + "' is mapped twice (group names "
                        + "are compared without case)");
            }
        });
        Role fallback = Require.present(command.defaultRole(), "defaultRole");
        if (fallback == Role.OWNER) {
            throw Require.invalid("defaultRole", "the default role cannot be Owner; map an Owner group instead");
        }
        Set<String> affected = new HashSet<>();
        groups.forEach((groupId, group) -> {
            if (roleByGroupName.get(key(group.displayName())) != mapping.get(key(group.displayName()))) {
                affected.addAll(store.members(workspaceId, groupId));
            }
        });
        Map<String, Role> before = mappedRoles(workspaceId, affected, store);

        apply(new GroupRoleMappingChangedEvent(workspaceId, Map.copyOf(mapping), fallback));
        reassign(workspaceId, affected, before, store, membership);
    }

    /** Each user's role from the groups they are in now: the highest mapped one, or null when none is mapped. */
    private Map<String, Role> mappedRoles(String workspaceId, Collection<String> userIds, GroupMemberships store) {
        Map<String, Role> roles = new HashMap<>();
        store.groupsOf(workspaceId, userIds).forEach((userId, groupIds) -> {
            Role highest = null;
            for (String groupId : groupIds) {
                Group group = groups.get(groupId);
                Role role = group == null ? null : roleOf(group.displayName());
                if (role != null && (highest == null || role.ordinal() < highest.ordinal())) {
                    highest = role;
                }
            }
            if (highest != null) {
                roles.put(userId, highest);
            }
        });
        return roles;
    }

    /**
     * A user in a mapped group gets the highest mapped role; a user who was in one and no longer is falls back to
     * the default role; the others keep theirs.
     */
    private void reassign(String workspaceId, Collection<String> userIds, Map<String, Role> before,
                          GroupMemberships store, Membership membership) {
        Map<String, Role> after = mappedRoles(workspaceId, userIds, store);
        Map<String, Role> roles = new HashMap<>(after);
        for (String userId : userIds) {
            if (!after.containsKey(userId) && before.containsKey(userId)) {
                roles.put(userId, defaultRole);
            }
        }
        membership.assignRoles(workspaceId, roles);
    }

    private Role roleOf(String groupName) {
        return roleByGroupName.get(key(groupName));
    }

    private boolean isMapped(String groupName) {
        return roleOf(groupName) != null;
    }

    private Group group(String groupId) {
        Group group = groupId == null ? null : groups.get(groupId);
        if (group == null) {
            throw new DomainException(ErrorCode.GROUP_NOT_FOUND, "groupId",
                    "no group with this id exists in the workspace; check the group id");
        }
        return group;
    }

    private void requireNameFree(String name, String groupId) {
        groups.forEach((id, group) -> {
            if (!id.equals(groupId) && key(group.displayName()).equals(key(name))) {
                throw new DomainException(ErrorCode.GROUP_NAME_TAKEN, "displayName",
                        "a group named '" + group.displayName() + "' already exists in the workspace");
            }
        });
    }

    private static Set<String> knownUsers(Collection<String> userIds, Membership membership) {
        Set<String> known = new LinkedHashSet<>();
        for (String userId : userIds == null ? List.<String>of() : userIds) {
            if (userId == null || !membership.isMember(userId)) {
                throw Require.invalid("members", "no user with id '" + userId + "' exists in the workspace; "
                        + "provision the user first");
            }
            known.add(userId);
        }
        return known;
    }

    private static List<String> sorted(Set<String> ids) {
        return ids.stream().sorted().toList();
    }

    private static String key(String groupName) {
        return groupName.toLowerCase(Locale.ROOT);
    }

    @EventSourcingHandler
    void on(GroupCreatedEvent event) {
        groups.put(event.groupId(), new Group(event.displayName(), event.externalId(), 1));
    }

    @EventSourcingHandler
    void on(GroupRenamedEvent event) {
        groups.computeIfPresent(event.groupId(), (id, g) -> g.next(event.displayName(), event.externalId()));
    }

    @EventSourcingHandler
    void on(GroupMembersAddedEvent event) {
        groups.computeIfPresent(event.groupId(), (id, g) -> g.next(g.displayName(), g.externalId()));
    }

    @EventSourcingHandler
    void on(GroupMembersRemovedEvent event) {
        groups.computeIfPresent(event.groupId(), (id, g) -> g.next(g.displayName(), g.externalId()));
    }

    @EventSourcingHandler
    void on(GroupDeletedEvent event) {
        groups.remove(event.groupId());
    }

    @EventSourcingHandler
    void on(GroupRoleMappingChangedEvent event) {
        roleByGroupName = new HashMap<>(event.roleByGroupName());
        defaultRole = event.defaultRole();
    }
}
