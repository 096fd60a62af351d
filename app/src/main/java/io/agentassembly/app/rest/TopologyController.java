package io.agentassembly.app.rest;

import io.agentassembly.command.api.common.DomainException;
import io.agentassembly.command.api.common.ErrorCode;
import io.agentassembly.identity.Caller;
import io.agentassembly.identity.Permission;
import io.agentassembly.query.api.TopologyQueries.AgentTreeQuery;
import io.agentassembly.query.api.TopologyQueries.LineageQuery;
import io.agentassembly.query.api.TopologyQueries.LineageView;
import io.agentassembly.query.api.TopologyQueries.OverviewQuery;
import io.agentassembly.query.api.TopologyQueries.OverviewView;
import io.agentassembly.query.api.TopologyQueries.ResolveTopologyAgentQuery;
import io.agentassembly.query.api.TopologyQueries.StatsQuery;
import io.agentassembly.query.api.TopologyQueries.StatsView;
import io.agentassembly.query.api.TopologyQueries.TeamMembersQuery;
import io.agentassembly.query.api.TopologyQueries.TopologyAgentView;
import io.agentassembly.query.api.TopologyQueries.TreeView;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The topology of the caller's workspace (docs/topology.md): orgs → teams → agents, delegation trees, lineage,
 * teams, reported edges and stats. Every role may read it (TOPOLOGY_READ); {@code org_id} narrows every answer to
 * one org. An agent in a path is named by its agent key or its agent id (the oldest registered agent with that id);
 * one the workspace (or the org) does not have answers 404 AGENT_NOT_FOUND.
 */
@RestController
@RequestMapping("/api/v1/topology")
@Tag(name = "Topology")
public class TopologyController {

    @Schema(name = "TopologyTreeNode")
    public record TopologyTreeNode(TopologyAgentView agent,
                                   @ArraySchema(schema = @Schema(ref = "#/components/schemas/TopologyTreeNode"))
                                   List<TopologyTreeNode> children) {
        static TopologyTreeNode of(TreeView tree) {
            return new TopologyTreeNode(tree.agent(), tree.children().stream().map(TopologyTreeNode::of).toList());
        }
    }

    public record TeamResponse(String orgId, String teamId, List<TopologyAgentView> agents) {
    }

    static final Map<String, Duration> WINDOWS = Map.of("1h", Duration.ofHours(1), "24h", Duration.ofHours(24),
            "7d", Duration.ofDays(7), "30d", Duration.ofDays(30));

    private final QueryClient queries;

    public TopologyController(QueryClient queries) {
        this.queries = queries;
    }

    @GetMapping("/overview")
    @Operation(operationId = "getTopologyOverview", summary = "Orgs, their teams and live agents (with depth, parent "
            + "and root), and the most recently reported edges between agents")
    public OverviewView overview(@AuthenticationPrincipal Caller caller,
                                 @Parameter(schema = @Schema(maxLength = 128))
                                 @RequestParam(name = "org_id", required = false) String orgId) {
        caller.require(Permission.TOPOLOGY_READ);
        return queries.single(new OverviewQuery(caller.workspaceId(), org(orgId)), OverviewView.class);
    }

    @GetMapping("/tree/{root}")
    @Operation(operationId = "getTopologyTree", summary = "The delegation tree below an agent (deregistered agents "
            + "included, with their status), max_depth levels deep (0: all)")
    public TopologyTreeNode tree(@AuthenticationPrincipal Caller caller,
                                 @Parameter(schema = @Schema(maxLength = 128), description = "agent key or agent id")
                                 @PathVariable("root") String root,
                                 @Parameter(schema = @Schema(maxLength = 128))
                                 @RequestParam(name = "org_id", required = false) String orgId,
                                 @Parameter(schema = @Schema(minimum = "0", maximum = "64", defaultValue = "0"))
                                 @RequestParam(name = "max_depth", required = false) Integer maxDepth) {
        caller.require(Permission.TOPOLOGY_READ);
        int depth = maxDepth == null ? 0 : maxDepth;
        if (depth < 0 || depth > 64) {
            throw new DomainException(ErrorCode.VALIDATION_FAILED, "max_depth", "max_depth must be between 0 and 64");
        }
        TopologyAgentView agent = agent(caller, root, orgId);
        TreeView tree = queries.found(new AgentTreeQuery(caller.workspaceId(), org(orgId), agent.agentKey(), depth),
                TreeView.class, ErrorCode.AGENT_NOT_FOUND, "agent " + root);
        return TopologyTreeNode.of(tree);
    }

    @GetMapping("/team/{team}")
    @Operation(operationId = "getTopologyTeam", summary = "The live agents of a team (of every org, or of org_id)")
    public TeamResponse team(@AuthenticationPrincipal Caller caller,
                             @Parameter(schema = @Schema(maxLength = 128)) @PathVariable("team") String team,
                             @Parameter(schema = @Schema(maxLength = 128))
                             @RequestParam(name = "org_id", required = false) String orgId) {
        caller.require(Permission.TOPOLOGY_READ);
        String org = org(orgId);
        return new TeamResponse(org, team, queries.list(new TeamMembersQuery(caller.workspaceId(), org, team),
                TopologyAgentView.class));
    }

    @GetMapping("/lineage/{agent}")
    @Operation(operationId = "getTopologyLineage", summary = "An agent, its ancestors (parent first, root last) and "
            + "the edges reported from or to it")
    public LineageView lineage(@AuthenticationPrincipal Caller caller,
                               @Parameter(schema = @Schema(maxLength = 128), description = "agent key or agent id")
                               @PathVariable("agent") String agent,
                               @Parameter(schema = @Schema(maxLength = 128))
                               @RequestParam(name = "org_id", required = false) String orgId) {
        caller.require(Permission.TOPOLOGY_READ);
        TopologyAgentView found = agent(caller, agent, orgId);
        return queries.found(new LineageQuery(caller.workspaceId(), org(orgId), found.agentKey()), LineageView.class,
                ErrorCode.AGENT_NOT_FOUND, "agent " + agent);
    }

    @GetMapping("/stats")
    @Operation(operationId = "getTopologyStats", summary = "Agents by status, gateway decisions by outcome in the "
            + "window, and the most denied targets (tools, hosts, …) in it")
    public StatsView stats(@AuthenticationPrincipal Caller caller,
                           @Parameter(schema = @Schema(maxLength = 128))
                           @RequestParam(name = "org_id", required = false) String orgId,
                           @Parameter(schema = @Schema(allowableValues = {"1h", "24h", "7d", "30d"},
                                   defaultValue = "24h"))
                           @RequestParam(name = "window", required = false) String window) {
        caller.require(Permission.TOPOLOGY_READ);
        Duration span = WINDOWS.get(window == null ? "24h" : window);
        if (span == null) {
            throw new DomainException(ErrorCode.VALIDATION_FAILED, "window", "window must be 1h, 24h, 7d or 30d");
        }
        return queries.single(new StatsQuery(caller.workspaceId(), org(orgId), span), StatsView.class);
    }

    private TopologyAgentView agent(Caller caller, String ref, String orgId) {
        List<TopologyAgentView> found = queries.list(new ResolveTopologyAgentQuery(caller.workspaceId(), org(orgId),
                ref), TopologyAgentView.class);
        if (found.isEmpty()) {
            throw new DomainException(ErrorCode.AGENT_NOT_FOUND, null, "agent " + ref + " not found");
        }
        return found.getFirst();
    }

    private static String org(String orgId) {
        return orgId == null || orgId.isBlank() ? null : orgId.trim();
    }
}
