package io.agentassembly.query.api;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Queries about the topology of a workspace's agents: delegation trees (parent → child), the lineage of an agent,
 * teams and the edges agents reported. Every query is scoped by its workspace id and, when {@code orgId} is given,
 * by that org: agents of other orgs are left out of every answer. An agent is named by {@code ref}: its agent key
 * ({@code agt-…}) or its agent id (the triple's last part, matching registered agents only).
 */
public final class TopologyQueries {
    private TopologyQueries() {
    }

    /** Answers {@code List<TopologyAgentView>}: the agents {@code ref} names (none, one, or several agent ids). */
    public record ResolveTopologyAgentQuery(String workspaceId, String orgId, String ref) {
    }

    /**
     * Answers {@code Optional<TreeView>}: the agent {@code ref} names with the agents below it, down to
     * {@code maxDepth} levels below it (0: no limit).
     */
    public record AgentTreeQuery(String workspaceId, String orgId, String agentKey, int maxDepth) {
    }

    /** Answers {@code Optional<LineageView>}: the agent, its ancestors (parent first, root last) and its edges. */
    public record LineageQuery(String workspaceId, String orgId, String agentKey) {
    }

    /** Answers {@code List<TopologyAgentView>}: the team's agents (deregistered ones left out) by depth, agent id. */
    public record TeamMembersQuery(String workspaceId, String orgId, String teamId) {
    }

    /** Answers {@link OverviewView}: orgs → teams → agents (deregistered left out), and the edges between them. */
    public record OverviewQuery(String workspaceId, String orgId) {
    }

    /** Answers {@link StatsView}: agents by status, decisions by outcome and the most denied targets since then. */
    public record StatsQuery(String workspaceId, String orgId, Duration window) {
    }

    /** An agent as the topology shows it; {@code depth} is its distance from the root of its tree. */
    public record TopologyAgentView(String agentKey, String orgId, String teamId, String agentId, String name,
                                    String status, int depth, String parentAgentKey, String rootAgentKey,
                                    String delegationReason, String spawnedByTool, Integer maxChildDepth,
                                    String enforcementMode, Instant createdAt) {
    }

    public record TreeView(TopologyAgentView agent, List<TreeView> children) {
    }

    /** An edge between two agents; {@code origin} is {@code REPORTED} (ReportEdge). */
    public record EdgeView(long id, String orgId, String sourceAgentKey, String targetAgentKey, String edgeType,
                           String origin, long count, Instant firstSeenAt, Instant lastSeenAt) {
    }

    public record LineageView(TopologyAgentView agent, List<TopologyAgentView> ancestors, List<EdgeView> edges) {
    }

    public record TeamView(String teamId, List<TopologyAgentView> agents) {
    }

    public record OrgView(String orgId, List<TeamView> teams) {
    }

    /** {@code edges}: the most recently seen, at most {@link #MAX_OVERVIEW_EDGES}. */
    public record OverviewView(int agentCount, int rootCount, List<OrgView> orgs, List<EdgeView> edges) {
    }

    public static final int MAX_OVERVIEW_EDGES = 1000;
    public static final int TOP_DENIED = 10;

    public record CountView(String name, long count) {
    }

    public record StatsView(Instant since, Map<String, Long> agentsByStatus, Map<String, Long> decisionsByOutcome,
                            List<CountView> topDeniedTargets) {
    }
}
