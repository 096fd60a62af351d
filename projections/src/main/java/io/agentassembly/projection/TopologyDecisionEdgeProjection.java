package io.agentassembly.projection;

import io.agentassembly.command.api.gateway.GatewayEvents.AgentActionDecidedEvent;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.Timestamp;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.time.OffsetDateTime;

import static io.agentassembly.projection.Timestamps.utc;
import static io.agentassembly.schema.jooq.Tables.AGENT_REGISTRY;
import static io.agentassembly.schema.jooq.Tables.TOPOLOGY_EDGE;

/**
 * Agent-to-agent edges derived from decisions: a CheckAction whose {@code caller_agent_id} names a registered agent
 * of the deciding agent's workspace records an edge {@value #EDGE_TYPE} from that caller to the deciding agent
 * ({@code topology_edge}, origin {@value #DECISION}), counted. The caller is looked up here, not on the decision
 * path (its org defaults to the deciding agent's; without a team, the oldest registration of that agent id in the
 * org). A tracking processor (group {@value #PROCESSING_GROUP}): a reset deletes the decision edges and the replay
 * counts them again; a batch retried after a failure may count its decisions twice (counts are at least once).
 */
@Component
@ProcessingGroup(TopologyDecisionEdgeProjection.PROCESSING_GROUP)
public class TopologyDecisionEdgeProjection {

    public static final String PROCESSING_GROUP = "topology-edges";
    public static final String DECISION = "DECISION";
    public static final String EDGE_TYPE = "calls";

    private final DSLContext db;

    public TopologyDecisionEdgeProjection(DSLContext db) {
        this.db = db;
    }

    @EventHandler
    public void on(AgentActionDecidedEvent event, @Timestamp Instant at) {
        if (event.callerAgentId() == null) {
            return;
        }
        String org = event.callerOrgId() == null ? event.orgId() : event.callerOrgId();
        Condition team = event.callerTeamId() == null ? DSL.noCondition()
                : AGENT_REGISTRY.TEAM_ID.eq(event.callerTeamId());
        String caller = db.select(AGENT_REGISTRY.AGENT_KEY).from(AGENT_REGISTRY)
                .where(AGENT_REGISTRY.WORKSPACE_ID.eq(event.workspaceId()).and(AGENT_REGISTRY.ORG_ID.eq(org))
                        .and(AGENT_REGISTRY.AGENT_ID.eq(event.callerAgentId())).and(team))
                .orderBy(AGENT_REGISTRY.TEAM_ID).limit(1)
                .fetchOne(AGENT_REGISTRY.AGENT_KEY);
        if (caller == null || caller.equals(event.agentKey())) {
            return;
        }
        OffsetDateTime ts = utc(at);
        TopologyEdgeProjection.countEdge(db, event.workspaceId(), org, caller, event.agentKey(), EDGE_TYPE, DECISION,
                        null, ts)
                .set(TOPOLOGY_EDGE.LAST_SEEN_AT, DSL.greatest(TOPOLOGY_EDGE.LAST_SEEN_AT, DSL.val(ts)))
                .execute();
    }

    @ResetHandler
    public void reset() {
        db.deleteFrom(TOPOLOGY_EDGE).where(TOPOLOGY_EDGE.ORIGIN.eq(DECISION)).execute();
    }
}
