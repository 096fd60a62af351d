package io.agentassembly.query.handler;

import io.agentassembly.command.api.common.Role;
import io.agentassembly.command.api.workspace.WorkspaceEvents.WorkspaceStatus;
import io.agentassembly.query.api.SignUpQueries.FindLapsedSignUpHoldersQuery;
import io.agentassembly.query.api.SignUpQueries.ListPendingSignUpsQuery;
import io.agentassembly.query.api.SignUpQueries.ListLapsedSignUpsQuery;
import io.agentassembly.query.api.SignUpQueries.PendingSignUpView;
import org.axonframework.queryhandling.QueryHandler;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.List;

import static io.agentassembly.query.handler.Timestamps.offset;
import static io.agentassembly.schema.jooq.Tables.USER_ACCOUNT;
import static io.agentassembly.schema.jooq.Tables.WORKSPACE_VIEW;

/** Pending sign-ups, read from the directory (written in the command's transaction). */
@Component
public class SignUpQueryHandler {

    private static final String PENDING = WorkspaceStatus.PENDING_VERIFICATION.name();

    private final DSLContext db;

    public SignUpQueryHandler(DSLContext db) {
        this.db = db;
    }

    @QueryHandler
    public List<String> handle(FindLapsedSignUpHoldersQuery query) {
        return db.select(WORKSPACE_VIEW.WORKSPACE_ID).from(WORKSPACE_VIEW)
                .where(lapsedBy(query.now()), WORKSPACE_VIEW.SLUG.eq(query.slug()))
                .orderBy(WORKSPACE_VIEW.WORKSPACE_ID)
                .fetch(WORKSPACE_VIEW.WORKSPACE_ID);
    }

    @QueryHandler
    public List<String> handle(ListLapsedSignUpsQuery query) {
        return db.select(WORKSPACE_VIEW.WORKSPACE_ID).from(WORKSPACE_VIEW)
                .where(lapsedBy(query.now()))
                .orderBy(WORKSPACE_VIEW.PENDING_UNTIL)
                .limit(query.limit())
                .fetch(WORKSPACE_VIEW.WORKSPACE_ID);
    }

    @QueryHandler
    public List<PendingSignUpView> handle(ListPendingSignUpsQuery query) {
        return db.select(USER_ACCOUNT.WORKSPACE_ID, USER_ACCOUNT.USER_ID).from(USER_ACCOUNT)
                .join(WORKSPACE_VIEW).on(WORKSPACE_VIEW.WORKSPACE_ID.eq(USER_ACCOUNT.WORKSPACE_ID))
                .where(USER_ACCOUNT.EMAIL.eq(query.email()), USER_ACCOUNT.ROLE.eq(Role.OWNER.name()),
                        WORKSPACE_VIEW.STATUS.eq(PENDING))
                .orderBy(USER_ACCOUNT.WORKSPACE_ID)
                .fetch(r -> new PendingSignUpView(r.value1(), r.value2()));
    }

    private static Condition lapsedBy(Instant now) {
        return WORKSPACE_VIEW.STATUS.eq(PENDING).and(WORKSPACE_VIEW.PENDING_UNTIL.le(offset(now)));
    }
}
