package io.agentassembly.query.handler;

import io.agentassembly.command.api.common.Region;
import io.agentassembly.command.api.common.Tier;
import io.agentassembly.command.api.common.TierQuotas;
import io.agentassembly.query.api.WorkspaceQueries.BillingView;
import io.agentassembly.query.api.WorkspaceQueries.FindWorkspaceQuery;
import io.agentassembly.query.api.WorkspaceQueries.WorkspaceView;
import io.agentassembly.schema.jooq.tables.records.WorkspaceViewRecord;
import org.axonframework.queryhandling.QueryHandler;
import org.jooq.DSLContext;
import org.springframework.stereotype.Component;

import java.util.Optional;

import static io.agentassembly.query.handler.Timestamps.instant;
import static io.agentassembly.schema.jooq.Tables.WORKSPACE_VIEW;

@Component
public class WorkspaceQueryHandler {

    private final DSLContext db;

    public WorkspaceQueryHandler(DSLContext db) {
        this.db = db;
    }

    @QueryHandler
    public Optional<WorkspaceView> handle(FindWorkspaceQuery query) {
        return db.selectFrom(WORKSPACE_VIEW)
                .where(WORKSPACE_VIEW.WORKSPACE_ID.eq(query.workspaceId()))
                .fetchOptional(WorkspaceQueryHandler::toView);
    }

    private static WorkspaceView toView(WorkspaceViewRecord row) {
        return new WorkspaceView(row.getWorkspaceId(), row.getName(), row.getSlug(), Region.fromCode(row.getRegion()),
                Tier.fromCode(row.getTier()), row.getStatus(), row.getCreationPath(),
                new TierQuotas(row.getMaxAgents(), row.getMaxPolicies(), row.getRetentionDays()), billingOf(row),
                instant(row.getCreatedAt()), instant(row.getActivatedAt()));
    }

    private static BillingView billingOf(WorkspaceViewRecord row) {
        if (row.getBillingMode() == null) {
            return null;
        }
        return new BillingView(row.getBillingMode(), row.getPaymentMethodRef(), row.getPurchaseOrder(),
                row.getBaaSigned(), row.getDpaSigned());
    }
}
