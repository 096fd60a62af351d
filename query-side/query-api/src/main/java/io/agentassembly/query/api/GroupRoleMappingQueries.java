package io.agentassembly.query.api;

import io.agentassembly.command.api.common.Role;

import java.util.List;

/** The group → role mapping of a workspace (ADR 0029), used by SCIM and by the SSO sign-in. */
public final class GroupRoleMappingQueries {
    private GroupRoleMappingQueries() {
    }

    /** Answers {@link GroupRoleMappingView}; a workspace that never set one maps nothing, default Viewer. */
    public record FindGroupRoleMappingQuery(String workspaceId) {
    }

    /** {@code group}: lower-cased group display name. */
    public record GroupRole(String group, Role role) {
    }

    public record GroupRoleMappingView(List<GroupRole> groups, Role defaultRole) {
    }
}
