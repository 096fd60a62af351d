package io.agentassembly.cli.command;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.agentassembly.cli.ApiClient;
import io.agentassembly.cli.OutputFormat;
import io.agentassembly.cli.Table;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code aasm agents list|get}: the workspace's agents ({@code GET /api/v1/agents}). */
@Command(name = "agents", description = "The workspace's agents.",
        subcommands = {AgentsCommand.ListAgents.class, AgentsCommand.GetAgent.class})
public final class AgentsCommand extends GroupCommand {

    /** Agent statuses as the API writes them. */
    public enum Status { ACTIVE, SUSPENDED, REVOKED, DEREGISTERED }

    @Command(name = "list", description = "List agents, optionally of one org, team or status "
            + "(deregistered agents only with --status DEREGISTERED).")
    public static final class ListAgents extends ApiCommand {

        @Option(names = "--org", paramLabel = "ORG_ID", description = "Only agents of this org")
        String org;

        @Option(names = "--team", paramLabel = "TEAM_ID", description = "Only agents of this team")
        String team;

        @Option(names = "--status", paramLabel = "STATUS", description = "Only agents in this status: ${COMPLETION-CANDIDATES}")
        Status status;

        @Override
        protected void run(ApiClient api, OutputFormat output) {
            JsonNode agents = api.get("/api/v1/agents", ApiClient.query("org_id", org, "team_id", team,
                    "include_deregistered", status == Status.DEREGISTERED ? "true" : null));
            ArrayNode selected = ApiClient.JSON.createArrayNode();
            for (JsonNode agent : agents) {
                if (status == null || status.name().equals(text(agent, "status"))) {
                    selected.add(agent);
                }
            }
            if (output == OutputFormat.json) {
                printJson(selected);
                return;
            }
            Table table = new Table("AGENT_KEY", "ORG", "TEAM", "AGENT", "NAME", "STATUS", "ASSURANCE");
            for (JsonNode agent : selected) {
                table.row(text(agent, "agent_key"), text(agent, "org_id"), text(agent, "team_id"),
                        text(agent, "agent_id"), text(agent, "name"), text(agent, "status"), text(agent, "assurance"));
            }
            table.print(out());
        }
    }

    @Command(name = "get", description = "Show one agent (never its credential).")
    public static final class GetAgent extends ApiCommand {

        @Parameters(paramLabel = "AGENT_KEY", description = "The agent's key")
        String agentKey;

        @Override
        protected void run(ApiClient api, OutputFormat output) {
            JsonNode agent = api.get("/api/v1/agents/" + ApiClient.segment(agentKey), null);
            if (output == OutputFormat.json) {
                printJson(agent);
                return;
            }
            Table table = new Table("FIELD", "VALUE");
            agent.fieldNames().forEachRemaining(field -> table.row(field, text(agent, field)));
            table.print(out());
        }
    }
}
