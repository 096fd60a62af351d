package io.agentassembly.query.handler;

import io.agentassembly.query.api.ScimTokenQueries.FindScimTokenQuery;
import io.agentassembly.query.api.ScimTokenQueries.ListScimTokensQuery;
import io.agentassembly.query.api.ScimTokenQueries.ScimTokenView;
import io.agentassembly.schema.jooq.tables.records.ScimTokenViewRecord;
import org.axonframework.queryhandling.QueryHandler;
import org.jooq.DSLContext;
import org.springframework.stereotype.Component;

import java.util.List;
import java.util.Optional;

import static io.agentassembly.query.handler.Timestamps.instant;
import static io.agentassembly.schema.jooq.Tables.SCIM_TOKEN_VIEW;

/** SCIM tokens, revoked ones included. Every lookup matches the workspace as well as the id. */
@Component
public class ScimTokenQueryHandler {

    private final DSLContext db;

    public ScimTokenQueryHandler(DSLContext db) {
        this.db = db;
    }

    @QueryHandler
    public List<ScimTokenView> handle(ListScimTokensQuery query) {
        return db.selectFrom(SCIM_TOKEN_VIEW)
                .where(SCIM_TOKEN_VIEW.WORKSPACE_ID.eq(query.workspaceId()))
                .orderBy(SCIM_TOKEN_VIEW.CREATED_AT, SCIM_TOKEN_VIEW.TOKEN_ID)
                .fetch(ScimTokenQueryHandler::toView);
    }

    @QueryHandler
    public Optional<ScimTokenView> handle(FindScimTokenQuery query) {
        return db.selectFrom(SCIM_TOKEN_VIEW)
                .where(SCIM_TOKEN_VIEW.WORKSPACE_ID.eq(query.workspaceId())
                        .and(SCIM_TOKEN_VIEW.TOKEN_ID.eq(query.tokenId())))
                .fetchOptional(ScimTokenQueryHandler::toView);
    }

    private static ScimTokenView toView(ScimTokenViewRecord row) {
        return new ScimTokenView(row.getTokenId(), row.getWorkspaceId(), row.getName(), instant(row.getCreatedAt()),
                instant(row.getRotatedAt()), instant(row.getRevokedAt()));
    }
}
