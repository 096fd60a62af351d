package io.agentassembly.query.handler;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.agentassembly.command.api.agent.AgentStatus;
import io.agentassembly.command.api.agent.IdentityAssurance;
import io.agentassembly.query.api.AgentQueries.AgentView;
import io.agentassembly.query.api.AgentQueries.FindAgentQuery;
import io.agentassembly.query.api.AgentQueries.ListAgentsQuery;
import io.agentassembly.schema.jooq.tables.records.AgentViewRecord;
import org.axonframework.queryhandling.QueryHandler;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.JSON;
import org.jooq.impl.DSL;
import org.springframework.stereotype.Component;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import static io.agentassembly.query.handler.Timestamps.instant;
import static io.agentassembly.schema.jooq.Tables.AGENT_VIEW;

/** Agents of a workspace. Every lookup matches the workspace as well as the key: no reads across tenants. */
@Component
public class AgentQueryHandler {

    private static final TypeReference<List<String>> TOOL_NAMES = new TypeReference<>() {
    };
    private static final TypeReference<Map<String, String>> METADATA = new TypeReference<>() {
    };

    private final DSLContext db;
    private final ObjectMapper objectMapper;

    public AgentQueryHandler(DSLContext db, ObjectMapper objectMapper) {
        this.db = db;
        this.objectMapper = objectMapper;
    }

    @QueryHandler
    public List<AgentView> handle(ListAgentsQuery query) {
        Condition org = query.orgId() == null ? DSL.noCondition() : AGENT_VIEW.ORG_ID.eq(query.orgId());
        Condition team = query.teamId() == null ? DSL.noCondition() : AGENT_VIEW.TEAM_ID.eq(query.teamId());
        Condition live = query.includeDeregistered() ? DSL.noCondition()
                : AGENT_VIEW.STATUS.ne(AgentStatus.DEREGISTERED.name());
        return db.selectFrom(AGENT_VIEW)
                .where(AGENT_VIEW.WORKSPACE_ID.eq(query.workspaceId()).and(org).and(team).and(live))
                .orderBy(AGENT_VIEW.ORG_ID, AGENT_VIEW.TEAM_ID, AGENT_VIEW.AGENT_ID, AGENT_VIEW.CREATED_AT,
                        AGENT_VIEW.AGENT_KEY)
                .fetch(this::toView);
    }

    @QueryHandler
    public Optional<AgentView> handle(FindAgentQuery query) {
        return db.selectFrom(AGENT_VIEW)
                .where(AGENT_VIEW.WORKSPACE_ID.eq(query.workspaceId()).and(AGENT_VIEW.AGENT_KEY.eq(query.agentKey())))
                .fetchOptional(this::toView);
    }

    private AgentView toView(AgentViewRecord row) {
        return new AgentView(row.getAgentKey(), row.getWorkspaceId(), row.getOrgId(), row.getTeamId(),
                row.getAgentId(), row.getName(), row.getFramework(), row.getVersion(), row.getRiskTier(),
                read(row.getToolNames(), TOOL_NAMES), read(row.getMetadata(), METADATA),
                AgentStatus.valueOf(row.getStatus()), row.getStatusReason(),
                IdentityAssurance.valueOf(row.getAssurance()), row.getParentAgentKey(), row.getPublicKeyHex(),
                instant(row.getCredentialIssuedAt()), instant(row.getCreatedAt()), instant(row.getUpdatedAt()));
    }

    private <T> T read(JSON json, TypeReference<T> type) {
        try {
            return objectMapper.readValue(json.data(), type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("agent_view holds malformed JSON", e);
        }
    }
}
