package io.agentassembly.cli.command;

import com.fasterxml.jackson.databind.JsonNode;
import io.agentassembly.cli.ApiClient;
import io.agentassembly.cli.OutputFormat;
import io.agentassembly.cli.Table;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/** {@code aasm budget status}: spend against limits, org → team → agent ({@code GET /api/v1/costs/budget-tree}). */
@Command(name = "budget", description = "Budgets and spend.", subcommands = BudgetCommand.Status.class)
public final class BudgetCommand extends GroupCommand {

    @Command(name = "status", description = "The org's tree org → team → agent with spend in the current window "
            + "and each limit (budget envelopes of global policies, budgets) with its use.")
    public static final class Status extends ApiCommand {

        @Option(names = "--org", required = true, paramLabel = "ORG_ID", description = "The org")
        String org;

        @Override
        protected void run(ApiClient api, OutputFormat output) {
            JsonNode tree = api.get("/api/v1/costs/budget-tree", ApiClient.query("org_id", org));
            if (output == OutputFormat.json) {
                printJson(tree);
                return;
            }
            out().println("org " + orDash(text(tree, "org_id")) + ", window " + orDash(text(tree, "window")));
            Table table = new Table("NODE", "SPENT_USD", "TOKENS", "LIMIT", "USED", "PERCENT", "ACTION");
            List<JsonNode> roots = new ArrayList<>();
            tree.path("nodes").forEach(roots::add);
            for (JsonNode node : roots) {
                add(table, node, "", "");
            }
            table.print(out());
        }

        /** One row per limit of the node (one row when it has none), then its children drawn as a tree. */
        private static void add(Table table, JsonNode node, String prefix, String childPrefix) {
            String label = prefix + label(node);
            List<JsonNode> limits = new ArrayList<>();
            node.path("limits").forEach(limits::add);
            String spent = money(decimal(node, "spent_usd"));
            String tokens = text(node, "spent_tokens");
            // further limits of the node go on rows of their own, under the node's line of the tree
            String continuation = (childPrefix + (node.path("children").isEmpty() ? "" : "│")).stripTrailing();
            if (limits.isEmpty()) {
                table.row(label, spent, tokens, null, null, null, null);
            }
            for (int i = 0; i < limits.size(); i++) {
                JsonNode limit = limits.get(i);
                table.row(i == 0 ? label : continuation, i == 0 ? spent : "", i == 0 ? tokens : "", limit(limit),
                        amounts(decimal(limit, "used_usd"), text(limit, "used_tokens")), percent(limit),
                        text(limit, "action"));
            }
            List<JsonNode> children = new ArrayList<>();
            node.path("children").forEach(children::add);
            for (int i = 0; i < children.size(); i++) {
                boolean last = i == children.size() - 1;
                add(table, children.get(i), childPrefix + (last ? "└─ " : "├─ "), childPrefix + (last ? "   " : "│  "));
            }
        }

        private static String label(JsonNode node) {
            String kind = orDash(text(node, "kind"));
            String id = orDash(text(node, "id"));
            String name = text(node, "name");
            return name == null || name.equals(id) ? kind + " " + id : kind + " " + name + " (" + id + ")";
        }

        /** "daily budget bud-1: $100.00 / 5000 tokens" or "daily envelope: $100.00". */
        private static String limit(JsonNode limit) {
            StringBuilder text = new StringBuilder();
            String window = text(limit, "window");
            if (window != null) {
                text.append(window).append(' ');
            }
            text.append(orDash(text(limit, "source")));
            String budgetId = text(limit, "budget_id");
            if (budgetId != null) {
                text.append(' ').append(budgetId);
            }
            return text.append(": ").append(amounts(decimal(limit, "limit_usd"), text(limit, "limit_tokens"))).toString();
        }

        private static String amounts(BigDecimal usd, String tokens) {
            List<String> parts = new ArrayList<>();
            if (usd != null) {
                parts.add("$" + money(usd));
            }
            if (tokens != null) {
                parts.add(tokens + " tokens");
            }
            return parts.isEmpty() ? "-" : String.join(" / ", parts);
        }

        private static String percent(JsonNode limit) {
            BigDecimal percent = decimal(limit, "percent");
            if (percent == null) {
                return null;
            }
            String text = percent.stripTrailingZeros().toPlainString() + "%";
            return percent.compareTo(BigDecimal.valueOf(100)) >= 0 ? text + " !" : text;
        }

        /** At least two decimals, more when the API sends them (spend is exact). */
        private static String money(BigDecimal usd) {
            if (usd == null) {
                return null;
            }
            return usd.scale() < 2 ? usd.setScale(2).toPlainString() : usd.toPlainString();
        }

        private static String orDash(String value) {
            return value == null ? "-" : value;
        }
    }
}
