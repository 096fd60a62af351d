package io.agentassembly.projection;

import io.agentassembly.command.api.agent.AgentEvents.AgentEdgeReportedEvent;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.Timestamp;
import org.springframework.stereotype.Component;
import io.agentassembly.schema.jooq.tables.records.TopologyEdgeRecord;
import org.jooq.DSLContext;
import org.jooq.InsertOnDuplicateSetMoreStep;

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
        countEdge(db, event.workspaceId(), event.orgId(), event.sourceAgentKey(), event.targetAgentKey(),
                event.edgeType(), REPORTED, event.metadataJson(), ts)
                .set(TOPOLOGY_EDGE.METADATA_JSON, event.metadataJson())
                .set(TOPOLOGY_EDGE.LAST_SEEN_AT, ts)
                .execute();
    }

    /**
     * The upsert that counts one more sighting of an edge, first seen at {@code ts}; the caller adds what else an
     * existing row changes (its last sighting, its metadata) and executes it.
     */
    static InsertOnDuplicateSetMoreStep<TopologyEdgeRecord> countEdge(DSLContext db, String workspace, String org,
                                                                      String source, String target, String type,
                                                                      String origin, String metadataJson,
                                                                      OffsetDateTime ts) {
        return db.insertInto(TOPOLOGY_EDGE)
                .set(TOPOLOGY_EDGE.WORKSPACE_ID, workspace)
                .set(TOPOLOGY_EDGE.ORG_ID, org)
                .set(TOPOLOGY_EDGE.SOURCE_AGENT_KEY, source)
                .set(TOPOLOGY_EDGE.TARGET_AGENT_KEY, target)
                .set(TOPOLOGY_EDGE.EDGE_TYPE, type)
                .set(TOPOLOGY_EDGE.ORIGIN, origin)
                .set(TOPOLOGY_EDGE.METADATA_JSON, metadataJson)
                .set(TOPOLOGY_EDGE.REPORT_COUNT, 1L)
                .set(TOPOLOGY_EDGE.FIRST_SEEN_AT, ts)
                .set(TOPOLOGY_EDGE.LAST_SEEN_AT, ts)
                .onConflict(TOPOLOGY_EDGE.WORKSPACE_ID, TOPOLOGY_EDGE.SOURCE_AGENT_KEY, TOPOLOGY_EDGE.TARGET_AGENT_KEY,
                        TOPOLOGY_EDGE.EDGE_TYPE, TOPOLOGY_EDGE.ORIGIN)
                .doUpdate()
                .set(TOPOLOGY_EDGE.REPORT_COUNT, TOPOLOGY_EDGE.REPORT_COUNT.plus(1L));
    }

    @ResetHandler
    public void reset() {
        db.deleteFrom(TOPOLOGY_EDGE).where(TOPOLOGY_EDGE.ORIGIN.eq(REPORTED)).execute();
    }
}
