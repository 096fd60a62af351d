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
    TOPOLOGY_READ,
    /** Budgets, spend and the price table in force. */
    SPEND_READ,
    /** Create, change and delete budgets and alert destinations. */
    BUDGETS_MANAGE,
    /** Reset a budget's current window (audited). */
    BUDGETS_RESET,
    /** Override the model price table of the workspace. */
    PRICES_MANAGE,
    /** Create, rotate and revoke the workspace's SCIM tokens (identity-provider provisioning). */
    PROVISIONING_MANAGE
}
