package io.agentassembly.cli.command;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.agentassembly.cli.ApiClient;
import io.agentassembly.cli.CliException;
import io.agentassembly.cli.OutputFormat;
import io.agentassembly.cli.Table;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code aasm audit list}: the audit log ({@code GET /api/v1/logs}), newest first; {@code compliance-export} and
 * {@code verify-chain}: the signed export and the audit chain (docs/audit.md).
 */
@Command(name = "audit", description = "The workspace's audit log.", subcommands = {AuditCommand.ListEntries.class,
        AuditChainCommands.ComplianceExport.class, AuditChainCommands.VerifyChain.class,
        AuditChainCommands.PublicKey.class})
public final class AuditCommand extends GroupCommand {

    /** The API's largest page. */
    static final int MAX_PAGE = 500;
    static final int MAX_LIMIT = 10_000;

    @Command(name = "list", description = "Audit entries, newest first. JSON output is {\"entries\": […], "
            + "\"next_cursor\": …}; pass the cursor to --cursor for the entries after them.")
    public static final class ListEntries extends ApiCommand {

        @Option(names = "--event-type", paramLabel = "TYPE", description = "Only entries of this event type")
        String eventType;

        @Option(names = "--org-id", paramLabel = "ORG_ID", description = "Only entries of this org")
        String orgId;

        @Option(names = "--actor", paramLabel = "ACTOR_ID", description = "Only entries of this actor")
        String actor;

        @Option(names = "--from", paramLabel = "INSTANT", description = "From this ISO-8601 instant (inclusive)")
        String from;

        @Option(names = "--to", paramLabel = "INSTANT", description = "Before this ISO-8601 instant")
        String to;

        @Option(names = "--limit", paramLabel = "N", defaultValue = "50",
                description = "At most N entries, 1 to " + MAX_LIMIT + " (default ${DEFAULT-VALUE})")
        int limit;

        @Option(names = "--cursor", paramLabel = "CURSOR", description = "Continue after a previous listing")
        String cursor;

        @Override
        protected void run(ApiClient api, OutputFormat output) {
            if (limit < 1 || limit > MAX_LIMIT) {
                throw CliException.usage("--limit must be between 1 and " + MAX_LIMIT + ", not " + limit);
            }
            ArrayNode entries = ApiClient.JSON.createArrayNode();
            String next = cursor;
            do {
                // Each page asks for what is still missing, so the last page's cursor continues exactly after it.
                int perPage = Math.min(MAX_PAGE, limit - entries.size());
                JsonNode page = api.get("/api/v1/logs", ApiClient.query("event_type", eventType, "actor", actor,
                        "org_id", orgId, "from", from, "to", to, "cursor", next, "per_page", String.valueOf(perPage)));
                page.path("entries").forEach(entries::add);
                next = text(page, "next_cursor");
            } while (next != null && entries.size() < limit);
            if (output == OutputFormat.json) {
                ObjectNode result = ApiClient.JSON.createObjectNode();
                result.set("entries", entries);
                result.put("next_cursor", next);
                printJson(result);
                return;
            }
            Table table = new Table("OCCURRED_AT", "EVENT_TYPE", "ACTOR", "ORG", "AGGREGATE");
            for (JsonNode entry : entries) {
                String actorType = text(entry, "actor_type");
                String actorId = text(entry, "actor_id");
                table.row(text(entry, "occurred_at"), text(entry, "event_type"),
                        actorId == null ? actorType : actorType + ":" + actorId, text(entry, "org_id"),
                        text(entry, "aggregate_id"));
            }
            table.print(out());
            if (next != null) {
                spec.commandLine().getErr().println("more entries: --cursor " + next);
            }
        }
    }
}
