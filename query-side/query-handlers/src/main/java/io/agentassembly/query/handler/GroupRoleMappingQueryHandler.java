package io.agentassembly.query.handler;

import io.agentassembly.command.api.common.Role;
import io.agentassembly.query.api.GroupRoleMappingQueries.FindGroupRoleMappingQuery;
import io.agentassembly.query.api.GroupRoleMappingQueries.GroupRole;
import io.agentassembly.query.api.GroupRoleMappingQueries.GroupRoleMappingView;
import org.axonframework.queryhandling.QueryHandler;
import org.jooq.DSLContext;
import org.springframework.stereotype.Component;

import static io.agentassembly.schema.jooq.Tables.GROUP_ROLE_DEFAULT_VIEW;
import static io.agentassembly.schema.jooq.Tables.GROUP_ROLE_MAPPING_VIEW;

@Component
public class GroupRoleMappingQueryHandler {

    private final DSLContext db;

    public GroupRoleMappingQueryHandler(DSLContext db) {
        this.db = db;
    }

    @QueryHandler
    public GroupRoleMappingView handle(FindGroupRoleMappingQuery query) {
        var groups = db.selectFrom(GROUP_ROLE_MAPPING_VIEW)
                .where(GROUP_ROLE_MAPPING_VIEW.WORKSPACE_ID.eq(query.workspaceId()))
                .orderBy(GROUP_ROLE_MAPPING_VIEW.GROUP_NAME)
                .fetch(r -> new GroupRole(r.getGroupName(), Role.valueOf(r.getRole())));
        Role defaultRole = db.select(GROUP_ROLE_DEFAULT_VIEW.DEFAULT_ROLE).from(GROUP_ROLE_DEFAULT_VIEW)
                .where(GROUP_ROLE_DEFAULT_VIEW.WORKSPACE_ID.eq(query.workspaceId()))
                .fetchOptional(r -> Role.valueOf(r.value1()))
                .orElse(Role.VIEWER);
        return new GroupRoleMappingView(groups, defaultRole);
    }
}
