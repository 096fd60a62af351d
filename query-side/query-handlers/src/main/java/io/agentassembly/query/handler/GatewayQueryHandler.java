package io.agentassembly.query.handler;

import io.agentassembly.query.api.GatewayQueries.AgentCredentialView;
import io.agentassembly.query.api.GatewayQueries.FindAgentCredentialQuery;
import org.axonframework.queryhandling.QueryHandler;
import org.jooq.DSLContext;
import org.springframework.stereotype.Component;

import java.util.Optional;

import static io.agentassembly.schema.jooq.Tables.AGENT_VIEW;
import static io.agentassembly.schema.jooq.Tables.CREDENTIAL_DIGEST;

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
}
