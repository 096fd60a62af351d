package io.agentassembly.query.handler;

import io.agentassembly.query.api.GatewayQueries.ActivePolicyView;
import io.agentassembly.query.api.GatewayQueries.AgentCredentialView;
import io.agentassembly.query.api.GatewayQueries.FindActivePoliciesQuery;
import io.agentassembly.query.api.GatewayQueries.FindAgentCredentialQuery;
import org.axonframework.queryhandling.QueryHandler;
import org.jooq.DSLContext;
import org.springframework.stereotype.Component;

import java.util.List;
import java.util.Optional;

import static io.agentassembly.schema.jooq.Tables.AGENT_VIEW;
import static io.agentassembly.schema.jooq.Tables.CREDENTIAL_DIGEST;
import static io.agentassembly.schema.jooq.Tables.POLICY_VERSION_VIEW;
import static io.agentassembly.schema.jooq.Tables.POLICY_VIEW;

@Component
public class GatewayQueryHandler {

    private static final String AGENT_CREDENTIAL = "AGENT_CREDENTIAL";

    private final DSLContext db;

    public GatewayQueryHandler(DSLContext db) {
        this.db = db;
    }

    @QueryHandler
    public Optional<AgentCredentialView> handle(FindAgentCredentialQuery query) {
        return db.select(AGENT_VIEW.WORKSPACE_ID, AGENT_VIEW.AGENT_KEY, AGENT_VIEW.ORG_ID, AGENT_VIEW.TEAM_ID,
                        AGENT_VIEW.AGENT_ID, AGENT_VIEW.STATUS, AGENT_VIEW.ASSURANCE, CREDENTIAL_DIGEST.DIGEST)
                .from(AGENT_VIEW)
                .join(CREDENTIAL_DIGEST).on(CREDENTIAL_DIGEST.CREDENTIAL_ID.eq(AGENT_VIEW.AGENT_KEY)
                        .and(CREDENTIAL_DIGEST.KIND.eq(AGENT_CREDENTIAL)))
                .where(AGENT_VIEW.AGENT_KEY.eq(query.agentKey()))
                .fetchOptional(r -> new AgentCredentialView(r.value1(), r.value2(), r.value3(), r.value4(), r.value5(),
                        r.value6(), r.value7(), r.value8()));
    }

    @QueryHandler
    public List<ActivePolicyView> handle(FindActivePoliciesQuery query) {
        return db.select(POLICY_VIEW.POLICY_ID, POLICY_VIEW.NAME, POLICY_VIEW.CURRENT_VERSION, POLICY_VIEW.DIGEST,
                        POLICY_VERSION_VIEW.SOURCE)
                .from(POLICY_VIEW)
                .join(POLICY_VERSION_VIEW).on(POLICY_VERSION_VIEW.POLICY_ID.eq(POLICY_VIEW.POLICY_ID)
                        .and(POLICY_VERSION_VIEW.VERSION.eq(POLICY_VIEW.CURRENT_VERSION)))
                .where(POLICY_VIEW.WORKSPACE_ID.eq(query.workspaceId())
                        .and(POLICY_VIEW.ACTIVE.isTrue()).and(POLICY_VIEW.DELETED.isFalse()))
                .orderBy(POLICY_VIEW.NAME)
                .fetch(r -> new ActivePolicyView(r.value1(), r.value2(), r.value3(), r.value4(), r.value5()));
    }
}
