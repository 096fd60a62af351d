package io.agentassembly.cli.command;

import com.fasterxml.jackson.databind.JsonNode;
import io.agentassembly.cli.ApiClient;
import io.agentassembly.cli.OutputFormat;
import io.agentassembly.cli.Table;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.Iterator;
import java.util.Map;

/** {@code aasm topology overview|tree|team|lineage|stats}: the agents' topology ({@code GET /api/v1/topology/…}). */
@Command(name = "topology", description = "Which agents delegate to which, by org and team.",
        subcommands = {TopologyCommand.Overview.class, TopologyCommand.Tree.class, TopologyCommand.Team.class,
                TopologyCommand.Lineage.class, TopologyCommand.Stats.class})
public final class TopologyCommand extends GroupCommand {

    private static final String[] AGENT_COLUMNS = {"AGENT_KEY", "ORG", "TEAM", "AGENT", "DEPTH", "STATUS", "PARENT"};

    private static void agentRow(Table table, JsonNode agent, String indent) {
        table.row(ApiCommand.text(agent, "agent_key"), ApiCommand.text(agent, "org_id"),
                ApiCommand.text(agent, "team_id"), indent + ApiCommand.text(agent, "agent_id"),
                ApiCommand.text(agent, "depth"), ApiCommand.text(agent, "status"),
                ApiCommand.text(agent, "parent_agent_key"));
    }

    @Command(name = "overview", description = "Orgs, teams and their live agents, and the reported edges.")
    public static final class Overview extends ApiCommand {

        @Option(names = "--org-id", paramLabel = "ORG_ID", description = "Only this org")
        String orgId;

        @Override
        protected void run(ApiClient api, OutputFormat output) {
            JsonNode overview = api.get("/api/v1/topology/overview", ApiClient.query("org_id", orgId));
            if (output == OutputFormat.json) {
                printJson(overview);
                return;
            }
            Table agents = new Table(AGENT_COLUMNS);
            for (JsonNode org : overview.path("orgs")) {
                for (JsonNode team : org.path("teams")) {
                    for (JsonNode agent : team.path("agents")) {
                        agentRow(agents, agent, "");
                    }
                }
            }
            agents.print(out());
            out().println();
            Table edges = new Table("SOURCE", "TARGET", "TYPE", "COUNT", "LAST_SEEN_AT");
            for (JsonNode edge : overview.path("edges")) {
                edges.row(text(edge, "source_agent_key"), text(edge, "target_agent_key"), text(edge, "edge_type"),
                        text(edge, "count"), text(edge, "last_seen_at"));
            }
            edges.print(out());
        }
    }

    @Command(name = "tree", description = "The delegation tree below an agent (children indented).")
    public static final class Tree extends ApiCommand {

        @Parameters(paramLabel = "ROOT", description = "The agent's key or agent id")
        String root;

        @Option(names = "--org-id", paramLabel = "ORG_ID", description = "Only agents of this org")
        String orgId;

        @Option(names = "--max-depth", paramLabel = "N", description = "Levels below ROOT (0: all)")
        Integer maxDepth;

        @Override
        protected void run(ApiClient api, OutputFormat output) {
            JsonNode tree = api.get("/api/v1/topology/tree/" + ApiClient.segment(root),
                    ApiClient.query("org_id", orgId, "max_depth", maxDepth == null ? null : maxDepth.toString()));
            if (output == OutputFormat.json) {
                printJson(tree);
                return;
            }
            Table table = new Table(AGENT_COLUMNS);
            add(table, tree, "");
            table.print(out());
        }

        private static void add(Table table, JsonNode node, String indent) {
            agentRow(table, node.path("agent"), indent);
            for (JsonNode child : node.path("children")) {
                add(table, child, indent + "  ");
            }
        }
    }

    @Command(name = "team", description = "The live agents of a team.")
    public static final class Team extends ApiCommand {

        @Parameters(paramLabel = "TEAM_ID", description = "The team")
        String team;

        @Option(names = "--org-id", paramLabel = "ORG_ID", description = "Only agents of this org")
        String orgId;

        @Override
        protected void run(ApiClient api, OutputFormat output) {
            JsonNode answer = api.get("/api/v1/topology/team/" + ApiClient.segment(team),
                    ApiClient.query("org_id", orgId));
            if (output == OutputFormat.json) {
                printJson(answer);
                return;
            }
            Table table = new Table(AGENT_COLUMNS);
            answer.path("agents").forEach(agent -> agentRow(table, agent, ""));
            table.print(out());
        }
    }

    @Command(name = "lineage", description = "An agent, its ancestors (parent first) and its reported edges.")
    public static final class Lineage extends ApiCommand {

        @Parameters(paramLabel = "AGENT", description = "The agent's key or agent id")
        String agent;

        @Option(names = "--org-id", paramLabel = "ORG_ID", description = "Only agents of this org")
        String orgId;

        @Override
        protected void run(ApiClient api, OutputFormat output) {
            JsonNode lineage = api.get("/api/v1/topology/lineage/" + ApiClient.segment(agent),
                    ApiClient.query("org_id", orgId));
            if (output == OutputFormat.json) {
                printJson(lineage);
                return;
            }
            Table table = new Table(AGENT_COLUMNS);
            agentRow(table, lineage.path("agent"), "");
            lineage.path("ancestors").forEach(ancestor -> agentRow(table, ancestor, ""));
            table.print(out());
        }
    }

    @Command(name = "stats", description = "Agents by status, decisions by outcome and the most denied targets.")
    public static final class Stats extends ApiCommand {

        @Option(names = "--org-id", paramLabel = "ORG_ID", description = "Only this org")
        String orgId;

        @Option(names = "--window", paramLabel = "WINDOW", description = "1h, 24h (default), 7d or 30d")
        String window;

        @Override
        protected void run(ApiClient api, OutputFormat output) {
            JsonNode stats = api.get("/api/v1/topology/stats", ApiClient.query("org_id", orgId, "window", window));
            if (output == OutputFormat.json) {
                printJson(stats);
                return;
            }
            Table table = new Table("METRIC", "NAME", "COUNT");
            counts(table, "agents", stats.path("agents_by_status"));
            counts(table, "decisions", stats.path("decisions_by_outcome"));
            for (JsonNode denied : stats.path("top_denied_targets")) {
                table.row("denied", text(denied, "name"), text(denied, "count"));
            }
            table.print(out());
        }

        private static void counts(Table table, String metric, JsonNode counts) {
            for (Iterator<Map.Entry<String, JsonNode>> it = counts.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> entry = it.next();
                table.row(metric, entry.getKey(), entry.getValue().asText());
            }
        }
    }
}
