package io.agentassembly.query.handler;

import io.agentassembly.command.api.agent.AgentKeys;
import io.agentassembly.command.api.agent.AgentStatus;
import io.agentassembly.query.api.TopologyQueries.AgentTreeQuery;
import io.agentassembly.query.api.TopologyQueries.CountView;
import io.agentassembly.query.api.TopologyQueries.EdgeView;
import io.agentassembly.query.api.TopologyQueries.LineageQuery;
import io.agentassembly.query.api.TopologyQueries.LineageView;
import io.agentassembly.query.api.TopologyQueries.OrgView;
import io.agentassembly.query.api.TopologyQueries.OverviewQuery;
import io.agentassembly.query.api.TopologyQueries.OverviewView;
import io.agentassembly.query.api.TopologyQueries.ResolveTopologyAgentQuery;
import io.agentassembly.query.api.TopologyQueries.StatsQuery;
import io.agentassembly.query.api.TopologyQueries.StatsView;
import io.agentassembly.query.api.TopologyQueries.TeamMembersQuery;
import io.agentassembly.query.api.TopologyQueries.TeamView;
import io.agentassembly.query.api.TopologyQueries.TopologyAgentView;
import io.agentassembly.query.api.TopologyQueries.TreeView;
import io.agentassembly.schema.jooq.tables.records.AgentViewRecord;
import io.agentassembly.schema.jooq.tables.records.TopologyEdgeRecord;
import org.axonframework.queryhandling.QueryHandler;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.impl.DSL;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import static io.agentassembly.query.api.TopologyQueries.MAX_OVERVIEW_EDGES;
import static io.agentassembly.query.api.TopologyQueries.TOP_DENIED;
import static io.agentassembly.query.handler.Timestamps.instant;
import static io.agentassembly.query.handler.Timestamps.offset;
import static io.agentassembly.schema.jooq.Tables.AGENT_VIEW;
import static io.agentassembly.schema.jooq.Tables.AUDIT_ENTRY;
import static io.agentassembly.schema.jooq.Tables.TOPOLOGY_EDGE;

/**
 * Topology of a workspace's agents from {@code agent_view} (delegation trees) and {@code topology_edge} (reported
 * edges); stats also count decisions in {@code audit_entry}. Every read matches the workspace, and the org when one
 * is given: no reads across tenants.
 */
@Component
public class TopologyQueryHandler {

    static final String DECISION_EVENT = "AgentActionDecided";
    /** A tree is at most 65 levels deep (AgentRules: max_child_depth ≤ 64); the walk up stops there regardless. */
    private static final int MAX_WALK = 128;

    private final DSLContext db;

    public TopologyQueryHandler(DSLContext db) {
        this.db = db;
    }

    @QueryHandler
    public List<TopologyAgentView> handle(ResolveTopologyAgentQuery query) {
        if (query.ref() == null || query.ref().isBlank()) {
            return List.of();
        }
        Condition byRef = AgentKeys.isKey(query.ref()) ? AGENT_VIEW.AGENT_KEY.eq(query.ref())
                : AGENT_VIEW.AGENT_ID.eq(query.ref()).and(AGENT_VIEW.STATUS.ne(AgentStatus.DEREGISTERED.name()));
        return db.selectFrom(AGENT_VIEW).where(scope(query.workspaceId(), query.orgId()).and(byRef))
                .orderBy(AGENT_VIEW.CREATED_AT, AGENT_VIEW.AGENT_KEY).limit(10).fetch(TopologyQueryHandler::toView);
    }

    @QueryHandler
    public Optional<TreeView> handle(AgentTreeQuery query) {
        Optional<TopologyAgentView> root = find(query.workspaceId(), query.orgId(), query.agentKey());
        if (root.isEmpty()) {
            return Optional.empty();
        }
        TopologyAgentView top = root.get();
        Condition depth = query.maxDepth() > 0 ? AGENT_VIEW.DEPTH.le(top.depth() + query.maxDepth())
                : DSL.noCondition();
        Map<String, List<TopologyAgentView>> children = new HashMap<>();
        db.selectFrom(AGENT_VIEW)
                .where(scope(query.workspaceId(), query.orgId()).and(AGENT_VIEW.ROOT_AGENT_KEY.eq(top.rootAgentKey()))
                        .and(AGENT_VIEW.DEPTH.gt(top.depth())).and(depth))
                .orderBy(AGENT_VIEW.DEPTH, AGENT_VIEW.AGENT_ID, AGENT_VIEW.AGENT_KEY)
                .fetch(TopologyQueryHandler::toView)
                .forEach(agent -> children.computeIfAbsent(agent.parentAgentKey(), k -> new ArrayList<>()).add(agent));
        return Optional.of(tree(top, children));
    }

    private static TreeView tree(TopologyAgentView agent, Map<String, List<TopologyAgentView>> children) {
        List<TreeView> below = new ArrayList<>();
        for (TopologyAgentView child : children.getOrDefault(agent.agentKey(), List.of())) {
            below.add(tree(child, children));
        }
        return new TreeView(agent, List.copyOf(below));
    }

    @QueryHandler
    public Optional<LineageView> handle(LineageQuery query) {
        Optional<TopologyAgentView> found = find(query.workspaceId(), query.orgId(), query.agentKey());
        if (found.isEmpty()) {
            return Optional.empty();
        }
        TopologyAgentView agent = found.get();
        List<TopologyAgentView> ancestors = new ArrayList<>();
        String parent = agent.parentAgentKey();
        while (parent != null && ancestors.size() < MAX_WALK) {
            Optional<TopologyAgentView> next = find(query.workspaceId(), query.orgId(), parent);
            if (next.isEmpty()) {
                break;
            }
            ancestors.add(next.get());
            parent = next.get().parentAgentKey();
        }
        List<EdgeView> edges = db.selectFrom(TOPOLOGY_EDGE)
                .where(edgeScope(query.workspaceId(), query.orgId())
                        .and(TOPOLOGY_EDGE.SOURCE_AGENT_KEY.eq(agent.agentKey())
                                .or(TOPOLOGY_EDGE.TARGET_AGENT_KEY.eq(agent.agentKey()))))
                .orderBy(TOPOLOGY_EDGE.LAST_SEEN_AT.desc(), TOPOLOGY_EDGE.ID.desc())
                .limit(MAX_OVERVIEW_EDGES)
                .fetch(TopologyQueryHandler::toEdge);
        return Optional.of(new LineageView(agent, List.copyOf(ancestors), edges));
    }

    @QueryHandler
    public List<TopologyAgentView> handle(TeamMembersQuery query) {
        return db.selectFrom(AGENT_VIEW)
                .where(scope(query.workspaceId(), query.orgId()).and(AGENT_VIEW.TEAM_ID.eq(query.teamId()))
                        .and(live()))
                .orderBy(AGENT_VIEW.ORG_ID, AGENT_VIEW.DEPTH, AGENT_VIEW.AGENT_ID, AGENT_VIEW.AGENT_KEY)
                .fetch(TopologyQueryHandler::toView);
    }

    @QueryHandler
    public OverviewView handle(OverviewQuery query) {
        List<TopologyAgentView> agents = db.selectFrom(AGENT_VIEW)
                .where(scope(query.workspaceId(), query.orgId()).and(live()))
                .orderBy(AGENT_VIEW.ORG_ID, AGENT_VIEW.TEAM_ID, AGENT_VIEW.DEPTH, AGENT_VIEW.AGENT_ID,
                        AGENT_VIEW.AGENT_KEY)
                .fetch(TopologyQueryHandler::toView);
        Map<String, Map<String, List<TopologyAgentView>>> byOrg = new LinkedHashMap<>();
        int roots = 0;
        for (TopologyAgentView agent : agents) {
            byOrg.computeIfAbsent(agent.orgId(), k -> new LinkedHashMap<>())
                    .computeIfAbsent(agent.teamId(), k -> new ArrayList<>()).add(agent);
            if (agent.parentAgentKey() == null) {
                roots++;
            }
        }
        List<OrgView> orgs = new ArrayList<>();
        byOrg.forEach((org, teams) -> {
            List<TeamView> teamViews = new ArrayList<>();
            teams.forEach((team, members) -> teamViews.add(new TeamView(team, List.copyOf(members))));
            orgs.add(new OrgView(org, List.copyOf(teamViews)));
        });
        List<EdgeView> edges = db.selectFrom(TOPOLOGY_EDGE)
                .where(edgeScope(query.workspaceId(), query.orgId()))
                .orderBy(TOPOLOGY_EDGE.LAST_SEEN_AT.desc(), TOPOLOGY_EDGE.ID.desc())
                .limit(MAX_OVERVIEW_EDGES)
                .fetch(TopologyQueryHandler::toEdge);
        return new OverviewView(agents.size(), roots, List.copyOf(orgs), edges);
    }

    @QueryHandler
    public StatsView handle(StatsQuery query) {
        Instant since = Instant.now().minus(query.window());
        Map<String, Long> byStatus = new TreeMap<>();
        db.select(AGENT_VIEW.STATUS, DSL.count()).from(AGENT_VIEW)
                .where(scope(query.workspaceId(), query.orgId()))
                .groupBy(AGENT_VIEW.STATUS)
                .forEach(row -> byStatus.put(row.value1(), row.value2().longValue()));
        Condition decisions = AUDIT_ENTRY.WORKSPACE_ID.eq(query.workspaceId())
                .and(query.orgId() == null ? DSL.noCondition() : AUDIT_ENTRY.ORG_ID.eq(query.orgId()))
                .and(AUDIT_ENTRY.EVENT_TYPE.eq(DECISION_EVENT))
                .and(AUDIT_ENTRY.OCCURRED_AT.ge(offset(since)));
        Field<String> outcome = DSL.field("{0} ->> 'decision'", String.class, AUDIT_ENTRY.PAYLOAD);
        Field<String> target = DSL.field("{0} ->> 'target'", String.class, AUDIT_ENTRY.PAYLOAD);
        Map<String, Long> byOutcome = new TreeMap<>();
        db.select(outcome, DSL.count()).from(AUDIT_ENTRY).where(decisions).groupBy(outcome)
                .forEach(row -> byOutcome.put(row.value1() == null ? "UNKNOWN" : row.value1(),
                        row.value2().longValue()));
        List<CountView> denied = db.select(target, DSL.count()).from(AUDIT_ENTRY)
                .where(decisions.and(outcome.eq("DENY")).and(target.isNotNull()))
                .groupBy(target)
                .orderBy(DSL.count().desc(), target)
                .limit(TOP_DENIED)
                .fetch(row -> new CountView(row.value1(), row.value2().longValue()));
        return new StatsView(since, byStatus, byOutcome, denied);
    }

    private Optional<TopologyAgentView> find(String workspaceId, String orgId, String agentKey) {
        return db.selectFrom(AGENT_VIEW).where(scope(workspaceId, orgId).and(AGENT_VIEW.AGENT_KEY.eq(agentKey)))
                .fetchOptional(TopologyQueryHandler::toView);
    }

    private static Condition scope(String workspaceId, String orgId) {
        return AGENT_VIEW.WORKSPACE_ID.eq(workspaceId)
                .and(orgId == null ? DSL.noCondition() : AGENT_VIEW.ORG_ID.eq(orgId));
    }

    private static Condition edgeScope(String workspaceId, String orgId) {
        return TOPOLOGY_EDGE.WORKSPACE_ID.eq(workspaceId)
                .and(orgId == null ? DSL.noCondition() : TOPOLOGY_EDGE.ORG_ID.eq(orgId));
    }

    private static Condition live() {
        return AGENT_VIEW.STATUS.ne(AgentStatus.DEREGISTERED.name());
    }

    static TopologyAgentView toView(AgentViewRecord row) {
        return new TopologyAgentView(row.getAgentKey(), row.getOrgId(), row.getTeamId(), row.getAgentId(),
                row.getName(), row.getStatus(), row.getDepth(), row.getParentAgentKey(),
                row.getRootAgentKey() == null ? row.getAgentKey() : row.getRootAgentKey(), row.getDelegationReason(),
                row.getSpawnedByTool(), row.getMaxChildDepth(), row.getEnforcementMode(), instant(row.getCreatedAt()));
    }

    private static EdgeView toEdge(TopologyEdgeRecord row) {
        return new EdgeView(row.getId(), row.getOrgId(), row.getSourceAgentKey(), row.getTargetAgentKey(),
                row.getEdgeType(), row.getOrigin(), row.getReportCount(), instant(row.getFirstSeenAt()),
                instant(row.getLastSeenAt()));
    }
}
