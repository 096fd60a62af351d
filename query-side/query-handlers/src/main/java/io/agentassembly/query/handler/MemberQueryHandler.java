package io.agentassembly.query.handler;

import io.agentassembly.command.api.common.Role;
import io.agentassembly.query.api.WorkspaceQueries.FindInvitationQuery;
import io.agentassembly.query.api.WorkspaceQueries.FindUserQuery;
import io.agentassembly.query.api.WorkspaceQueries.InvitationView;
import io.agentassembly.query.api.WorkspaceQueries.ListInvitationsQuery;
import io.agentassembly.query.api.WorkspaceQueries.ListUsersQuery;
import io.agentassembly.query.api.WorkspaceQueries.UserView;
import io.agentassembly.schema.jooq.tables.records.InvitationViewRecord;
import io.agentassembly.schema.jooq.tables.records.UserAccountRecord;
import org.axonframework.queryhandling.QueryHandler;
import org.jooq.DSLContext;
import org.jooq.Record;
import org.jooq.SelectOnConditionStep;
import org.springframework.stereotype.Component;

import java.util.List;
import java.util.Optional;

import static io.agentassembly.query.handler.Timestamps.instant;
import static io.agentassembly.schema.jooq.Tables.INVITATION_VIEW;
import static io.agentassembly.schema.jooq.Tables.SCIM_USER;
import static io.agentassembly.schema.jooq.Tables.USER_ACCOUNT;

/** Users and invitations. Every lookup matches the workspace as well as the id: no reads across tenants. */
@Component
public class MemberQueryHandler {

    private final DSLContext db;

    public MemberQueryHandler(DSLContext db) {
        this.db = db;
    }

    @QueryHandler
    public List<UserView> handle(ListUsersQuery query) {
        return users()
                .where(USER_ACCOUNT.WORKSPACE_ID.eq(query.workspaceId()))
                .orderBy(USER_ACCOUNT.CREATED_AT, USER_ACCOUNT.USER_ID)
                .fetch(MemberQueryHandler::toView);
    }

    @QueryHandler
    public Optional<UserView> handle(FindUserQuery query) {
        return users()
                .where(USER_ACCOUNT.WORKSPACE_ID.eq(query.workspaceId())
                        .and(USER_ACCOUNT.USER_ID.eq(query.userId())))
                .fetchOptional(MemberQueryHandler::toView);
    }

    @QueryHandler
    public List<InvitationView> handle(ListInvitationsQuery query) {
        return db.selectFrom(INVITATION_VIEW)
                .where(INVITATION_VIEW.WORKSPACE_ID.eq(query.workspaceId()))
                .orderBy(INVITATION_VIEW.CREATED_AT, INVITATION_VIEW.INVITATION_ID)
                .fetch(MemberQueryHandler::toView);
    }

    @QueryHandler
    public Optional<InvitationView> handle(FindInvitationQuery query) {
        return db.selectFrom(INVITATION_VIEW)
                .where(INVITATION_VIEW.WORKSPACE_ID.eq(query.workspaceId())
                        .and(INVITATION_VIEW.INVITATION_ID.eq(query.invitationId())))
                .fetchOptional(MemberQueryHandler::toView);
    }

    private SelectOnConditionStep<Record> users() {
        return db.select(USER_ACCOUNT.fields()).select(SCIM_USER.MANAGED_BY)
                .from(USER_ACCOUNT)
                .leftJoin(SCIM_USER).on(SCIM_USER.USER_ID.eq(USER_ACCOUNT.USER_ID));
    }

    private static UserView toView(Record record) {
        UserAccountRecord row = record.into(USER_ACCOUNT);
        String managedBy = record.get(SCIM_USER.MANAGED_BY);
        return new UserView(row.getUserId(), row.getWorkspaceId(), row.getEmail(), row.getDisplayName(),
                Role.valueOf(row.getRole()), row.getStatus(), managedBy == null ? "CONSOLE" : managedBy,
                instant(row.getCreatedAt()), instant(row.getUpdatedAt()));
    }

    private static InvitationView toView(InvitationViewRecord row) {
        return new InvitationView(row.getInvitationId(), row.getWorkspaceId(), row.getEmail(),
                Role.valueOf(row.getRole()), row.getStatus(), row.getInvitedBy(), instant(row.getExpiresAt()),
                instant(row.getCreatedAt()));
    }
}
