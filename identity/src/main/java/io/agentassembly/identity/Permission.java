package io.agentassembly.identity;

/** What a caller may do in its workspace. Granted per role by {@link RolePermissions}. */
public enum Permission {
    WORKSPACE_READ,
    WORKSPACE_MANAGE,
    BILLING_MANAGE,
    SSO_MANAGE,
    USERS_READ,
    USERS_MANAGE,
    OWN_API_KEYS_MANAGE,
    ALL_API_KEYS_MANAGE,
    AUDIT_READ,
    AUDIT_EXPORT,
    POLICIES_READ,
    POLICIES_MANAGE,
    AGENTS_MANAGE,
    TOPOLOGY_READ
}
