package io.agentassembly.projection;

import io.agentassembly.command.api.agent.AgentEvents.AgentEdgeReportedEvent;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.Timestamp;
import org.springframework.stereotype.Component;
import org.jooq.DSLContext;

import java.time.Instant;
import java.time.OffsetDateTime;

import static io.agentassembly.projection.Timestamps.utc;
import static io.agentassembly.schema.jooq.Tables.TOPOLOGY_EDGE;

/**
 * The {@code topology_edge} read model: edges agents reported between one another, one row per source, target and
 * type, counted. Part of the subscribing {@value Directory#PROCESSING_GROUP} group, so the row exists when the
 * reporting command returns (ReportEdge answers its id).
 */
@Component
@ProcessingGroup(Directory.PROCESSING_GROUP)
public class TopologyEdgeProjection {

    public static final String REPORTED = "REPORTED";

    private final DSLContext db;

    public TopologyEdgeProjection(DSLContext db) {
        this.db = db;
    }

    @EventHandler
    public void on(AgentEdgeReportedEvent event, @Timestamp Instant at) {
        OffsetDateTime ts = utc(at);
        db.insertInto(TOPOLOGY_EDGE)
                .set(TOPOLOGY_EDGE.WORKSPACE_ID, event.workspaceId())
                .set(TOPOLOGY_EDGE.ORG_ID, event.orgId())
                .set(TOPOLOGY_EDGE.SOURCE_AGENT_KEY, event.sourceAgentKey())
                .set(TOPOLOGY_EDGE.TARGET_AGENT_KEY, event.targetAgentKey())
                .set(TOPOLOGY_EDGE.EDGE_TYPE, event.edgeType())
                .set(TOPOLOGY_EDGE.ORIGIN, REPORTED)
                .set(TOPOLOGY_EDGE.METADATA_JSON, event.metadataJson())
                .set(TOPOLOGY_EDGE.REPORT_COUNT, 1L)
                .set(TOPOLOGY_EDGE.FIRST_SEEN_AT, ts)
                .set(TOPOLOGY_EDGE.LAST_SEEN_AT, ts)
                .onConflict(TOPOLOGY_EDGE.WORKSPACE_ID, TOPOLOGY_EDGE.SOURCE_AGENT_KEY, TOPOLOGY_EDGE.TARGET_AGENT_KEY,
                        TOPOLOGY_EDGE.EDGE_TYPE, TOPOLOGY_EDGE.ORIGIN)
                .doUpdate()
                .set(TOPOLOGY_EDGE.REPORT_COUNT, TOPOLOGY_EDGE.REPORT_COUNT.plus(1L))
                .set(TOPOLOGY_EDGE.METADATA_JSON, event.metadataJson())
                .set(TOPOLOGY_EDGE.LAST_SEEN_AT, ts)
                .execute();
    }

    @ResetHandler
    public void reset() {
        db.deleteFrom(TOPOLOGY_EDGE).where(TOPOLOGY_EDGE.ORIGIN.eq(REPORTED)).execute();
    }
}
