package io.agentassembly.query.handler;

import io.agentassembly.command.api.approval.ApprovalStatus;
import io.agentassembly.query.api.ApprovalQueries.ApprovalPage;
import io.agentassembly.query.api.ApprovalQueries.ApprovalPosition;
import io.agentassembly.query.api.ApprovalQueries.ApprovalView;
import io.agentassembly.query.api.ApprovalQueries.FindApprovalQuery;
import io.agentassembly.query.api.ApprovalQueries.FindLatestApprovalQuery;
import io.agentassembly.query.api.ApprovalQueries.ListApprovalsQuery;
import io.agentassembly.query.api.ApprovalQueries.ListDueApprovalsQuery;
import io.agentassembly.schema.jooq.tables.records.ApprovalViewRecord;
import org.axonframework.queryhandling.QueryHandler;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;
import org.springframework.stereotype.Component;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;

import static io.agentassembly.query.api.ApprovalQueries.MAX_PAGE_SIZE;
import static io.agentassembly.query.handler.Timestamps.instant;
import static io.agentassembly.query.handler.Timestamps.offset;
import static io.agentassembly.schema.jooq.Tables.APPROVAL_VIEW;

/** Approvals. Every workspace-facing lookup matches the workspace as well as the id. */
@Component
public class ApprovalQueryHandler {

    private final DSLContext db;

    public ApprovalQueryHandler(DSLContext db) {
        this.db = db;
    }

    @QueryHandler
    public ApprovalPage handle(ListApprovalsQuery query) {
        int perPage = Math.clamp(query.perPage(), 1, MAX_PAGE_SIZE);
        Condition status = query.status() == null ? DSL.noCondition() : APPROVAL_VIEW.STATUS.eq(query.status().name());
        List<ApprovalView> fetched = db.selectFrom(APPROVAL_VIEW)
                .where(APPROVAL_VIEW.WORKSPACE_ID.eq(query.workspaceId()).and(status).and(after(query.after())))
                .orderBy(APPROVAL_VIEW.REQUESTED_AT.desc(), APPROVAL_VIEW.APPROVAL_ID)
                .limit(perPage + 1)
                .fetch(ApprovalQueryHandler::toView);
        if (fetched.size() <= perPage) {
            return new ApprovalPage(List.copyOf(fetched), null);
        }
        List<ApprovalView> entries = List.copyOf(fetched.subList(0, perPage));
        ApprovalView last = entries.getLast();
        return new ApprovalPage(entries, new ApprovalPosition(last.requestedAt(), last.approvalId()));
    }

    /** Everything after {@code position} in the order requested_at descending, approval_id ascending. */
    private static Condition after(ApprovalPosition position) {
        if (position == null) {
            return DSL.noCondition();
        }
        OffsetDateTime at = offset(position.requestedAt());
        return APPROVAL_VIEW.REQUESTED_AT.lt(at)
                .or(APPROVAL_VIEW.REQUESTED_AT.eq(at).and(APPROVAL_VIEW.APPROVAL_ID.gt(position.approvalId())));
    }

    @QueryHandler
    public Optional<ApprovalView> handle(FindApprovalQuery query) {
        return db.selectFrom(APPROVAL_VIEW)
                .where(APPROVAL_VIEW.WORKSPACE_ID.eq(query.workspaceId()), APPROVAL_VIEW.APPROVAL_ID.eq(query.approvalId()))
                .fetchOptional(ApprovalQueryHandler::toView);
    }

    @QueryHandler
    public Optional<ApprovalView> handle(FindLatestApprovalQuery query) {
        return db.selectFrom(APPROVAL_VIEW)
                .where(APPROVAL_VIEW.WORKSPACE_ID.eq(query.workspaceId()), APPROVAL_VIEW.AGENT_KEY.eq(query.agentKey()),
                        APPROVAL_VIEW.TOOL.eq(query.tool()), APPROVAL_VIEW.ARGS_DIGEST.eq(query.argsDigest()),
                        APPROVAL_VIEW.STATUS.ne(ApprovalStatus.CONSUMED.name()))
                .orderBy(APPROVAL_VIEW.REQUESTED_AT.desc())
                .limit(1)
                .fetchOptional(ApprovalQueryHandler::toView);
    }

    @QueryHandler
    public List<ApprovalView> handle(ListDueApprovalsQuery query) {
        return db.selectFrom(APPROVAL_VIEW)
                .where(APPROVAL_VIEW.STATUS.eq(ApprovalStatus.PENDING.name()),
                        APPROVAL_VIEW.EXPIRES_AT.le(offset(query.now())))
                .orderBy(APPROVAL_VIEW.EXPIRES_AT)
                .limit(query.limit())
                .fetch(ApprovalQueryHandler::toView);
    }

    private static ApprovalView toView(ApprovalViewRecord r) {
        return new ApprovalView(r.getApprovalId(), r.getWorkspaceId(), r.getOrgId(), r.getTeamId(), r.getAgentId(),
                r.getAgentKey(), r.getActionType(), r.getTool(), r.getArgsDigest(), r.getPolicyRule(),
                r.getPolicyDigest(), r.getReason(), ApprovalStatus.valueOf(r.getStatus()), instant(r.getRequestedAt()),
                instant(r.getExpiresAt()), instant(r.getDecidedAt()), r.getDecidedBy(), r.getDecisionReason(),
                instant(r.getConsumedAt()));
    }
}
