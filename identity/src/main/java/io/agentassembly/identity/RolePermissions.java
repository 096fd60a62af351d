package io.agentassembly.identity;

import io.agentassembly.command.api.common.Role;

import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

import static io.agentassembly.identity.Permission.*;

/**
 * The role table (docs/architecture.md, "Role table"). Owner: everything (billing, SSO, API keys, users, policies). Admin: policies,
 * agents, audit; not billing, SSO or user management. Developer: reads topology and audit, manages own API
 * keys. Viewer: reads topology, audit and the policy list. Budgets: Owners and Admins manage them and their alert
 * destinations, every role reads spend; only Owners reset a window or override the price table (it is billing). Only Owners manage SCIM tokens:
 * an identity provider holding one can create and deactivate users.
 */
public final class RolePermissions {

    private static final Map<Role, Set<Permission>> TABLE = new EnumMap<>(Role.class);

    static {
        TABLE.put(Role.OWNER, EnumSet.allOf(Permission.class));
        TABLE.put(Role.ADMIN, EnumSet.of(WORKSPACE_READ, USERS_READ, OWN_API_KEYS_MANAGE, AUDIT_READ, AUDIT_EXPORT,
                POLICIES_READ, POLICIES_MANAGE, AGENTS_MANAGE, TOPOLOGY_READ, SPEND_READ, BUDGETS_MANAGE));
        TABLE.put(Role.DEVELOPER, EnumSet.of(WORKSPACE_READ, OWN_API_KEYS_MANAGE, AUDIT_READ, POLICIES_READ,
                TOPOLOGY_READ, SPEND_READ));
        TABLE.put(Role.VIEWER, EnumSet.of(WORKSPACE_READ, AUDIT_READ, POLICIES_READ, TOPOLOGY_READ, SPEND_READ));
    }

    private RolePermissions() {
    }

    public static Set<Permission> of(Role role) {
        return TABLE.get(role);
    }

    public static boolean grants(Role role, Permission permission) {
        return TABLE.get(role).contains(permission);
    }
}
