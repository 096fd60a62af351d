package io.agentassembly.command.domain.store;

import io.agentassembly.command.api.agent.AgentIdentity;
import io.agentassembly.command.api.common.DomainException;
import io.agentassembly.command.api.common.ErrorCode;
import org.jooq.DSLContext;
import org.springframework.stereotype.Repository;

import java.util.Optional;

import static io.agentassembly.schema.jooq.Tables.AGENT_REGISTRY;

/**
 * {@link AgentClaims} and {@link AgentLookup} on the {@code agent_registry} table, written in the command's
 * transaction: concurrent claims of one triple serialise on the primary key and the loser is refused.
 */
@Repository
public class AgentRegistry implements AgentClaims, AgentLookup {

    private final DSLContext dsl;

    public AgentRegistry(DSLContext dsl) {
        this.dsl = dsl;
    }

    @Override
    public void claim(String workspaceId, AgentIdentity identity, String agentKey) {
        int inserted = dsl.insertInto(AGENT_REGISTRY)
                .set(AGENT_REGISTRY.WORKSPACE_ID, workspaceId)
                .set(AGENT_REGISTRY.ORG_ID, identity.orgId())
                .set(AGENT_REGISTRY.TEAM_ID, identity.teamId())
                .set(AGENT_REGISTRY.AGENT_ID, identity.agentId())
                .set(AGENT_REGISTRY.AGENT_KEY, agentKey)
                .onConflictDoNothing()
                .execute();
        if (inserted == 0) {
            throw alreadyRegistered(identity);
        }
    }

    @Override
    public void release(String workspaceId, String agentKey) {
        dsl.deleteFrom(AGENT_REGISTRY)
                .where(AGENT_REGISTRY.WORKSPACE_ID.eq(workspaceId).and(AGENT_REGISTRY.AGENT_KEY.eq(agentKey)))
                .execute();
    }

    @Override
    public Optional<AgentIdentity> find(String workspaceId, String agentKey) {
        return dsl.select(AGENT_REGISTRY.ORG_ID, AGENT_REGISTRY.TEAM_ID, AGENT_REGISTRY.AGENT_ID)
                .from(AGENT_REGISTRY)
                .where(AGENT_REGISTRY.WORKSPACE_ID.eq(workspaceId).and(AGENT_REGISTRY.AGENT_KEY.eq(agentKey)))
                .fetchOptional(r -> new AgentIdentity(r.value1(), r.value2(), r.value3()));
    }

    public static DomainException alreadyRegistered(AgentIdentity identity) {
        return new DomainException(ErrorCode.AGENT_ALREADY_REGISTERED, "agentId",
                "an agent with org_id '" + identity.orgId() + "', team_id '" + identity.teamId() + "' and agent_id '"
                        + identity.agentId() + "' is already registered in this workspace; deregister it first or "
                        + "choose another agent_id");
    }
}
