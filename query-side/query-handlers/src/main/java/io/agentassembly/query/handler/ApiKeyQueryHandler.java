package io.agentassembly.query.handler;

import io.agentassembly.query.api.WorkspaceQueries.ApiKeyView;
import io.agentassembly.query.api.WorkspaceQueries.FindApiKeyQuery;
import io.agentassembly.query.api.WorkspaceQueries.ListApiKeysQuery;
import io.agentassembly.schema.jooq.tables.records.ApiKeyViewRecord;
import org.axonframework.queryhandling.QueryHandler;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;
import org.springframework.stereotype.Component;

import java.util.List;
import java.util.Optional;

import static io.agentassembly.query.handler.Timestamps.instant;
import static io.agentassembly.schema.jooq.Tables.API_KEY_VIEW;

/** API keys, revoked ones included. Every lookup matches the workspace as well as the id. */
@Component
public class ApiKeyQueryHandler {

    private final DSLContext db;

    public ApiKeyQueryHandler(DSLContext db) {
        this.db = db;
    }

    @QueryHandler
    public List<ApiKeyView> handle(ListApiKeysQuery query) {
        Condition owner = query.ownerUserId() == null ? DSL.noCondition()
                : API_KEY_VIEW.OWNER_USER_ID.eq(query.ownerUserId());
        return db.selectFrom(API_KEY_VIEW)
                .where(API_KEY_VIEW.WORKSPACE_ID.eq(query.workspaceId()).and(owner))
                .orderBy(API_KEY_VIEW.CREATED_AT, API_KEY_VIEW.KEY_ID)
                .fetch(ApiKeyQueryHandler::toView);
    }

    @QueryHandler
    public Optional<ApiKeyView> handle(FindApiKeyQuery query) {
        return db.selectFrom(API_KEY_VIEW)
                .where(API_KEY_VIEW.WORKSPACE_ID.eq(query.workspaceId())
                        .and(API_KEY_VIEW.KEY_ID.eq(query.keyId())))
                .fetchOptional(ApiKeyQueryHandler::toView);
    }

    private static ApiKeyView toView(ApiKeyViewRecord row) {
        return new ApiKeyView(row.getKeyId(), row.getWorkspaceId(), row.getOwnerUserId(), row.getName(),
                instant(row.getCreatedAt()), instant(row.getRevokedAt()));
    }
}
