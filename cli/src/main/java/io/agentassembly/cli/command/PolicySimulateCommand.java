package io.agentassembly.cli.command;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.agentassembly.cli.ApiClient;
import io.agentassembly.cli.CliException;
import io.agentassembly.cli.ExitCodes;
import io.agentassembly.cli.OutputFormat;
import io.agentassembly.cli.Table;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code aasm policy simulate}: what would the gateway answer this action, with the workspace's active policies or
 * with a draft file in place of the documents of the same name ({@code POST /api/v1/policies/simulate}). The API
 * counts no rate, opens no approval and records nothing.
 */
@Command(name = "simulate", description = "Dry run: the decision the gateway would give an agent's action, with "
        + "the active policies or with a draft file replacing the active documents of the same name. Records "
        + "nothing. Any decision exits 0, unless --fail-on-deny (a DENY then exits "
        + ExitCodes.DENIED + ").")
public final class PolicySimulateCommand extends ApiCommand {

    /**
     * An action type of the CheckAction request: the context message it takes ({@code null}: none), the context
     * field {@code --target} sets, the bytes field the arguments go to, and the context's repeated fields.
     */
    public enum ActionKind {
        LLM_CALL("llm_call", "model", null, Set.of()),
        TOOL_CALL("tool_call", "tool_name", "args_json", Set.of()),
        FILE_OPERATION("file_op", "path", null, Set.of()),
        NETWORK_CALL("network_call", "host", null, Set.of()),
        PROCESS_EXEC("process_exec", "command", null, Set.of("args")),
        AGENT_SPAWN(null, null, null, Set.of()),
        TOOL_RESULT("tool_result", "tool_name", "result_json", Set.of());

        final String contextMessage;
        final String targetField;
        final String argumentsField;
        final Set<String> listFields;

        ActionKind(String contextMessage, String targetField, String argumentsField, Set<String> listFields) {
            this.contextMessage = contextMessage;
            this.targetField = targetField;
            this.argumentsField = argumentsField;
            this.listFields = listFields;
        }
    }

    /** Who acts: a registered agent of the workspace, or a lineage as an agent would claim it. */
    static final class Agent {

        @Option(names = "--agent-key", paramLabel = "AGENT_KEY", required = true,
                description = "A registered agent of the workspace (its org, team and agent id are looked up)")
        String agentKey;

        @Option(names = "--agent", paramLabel = "ORG/TEAM/AGENT", required = true,
                description = "The lineage the policies are evaluated for, as an agent claims it (need not be registered)")
        String lineage;
    }

    @ArgGroup(multiplicity = "1")
    Agent agent;

    @Option(names = "--action-type", required = true, paramLabel = "TYPE",
            description = "${COMPLETION-CANDIDATES}")
    ActionKind actionType;

    @Option(names = "--target", paramLabel = "TARGET", description = "What the action is about: the tool name "
            + "(TOOL_CALL, TOOL_RESULT), model (LLM_CALL), path (FILE_OPERATION), host (NETWORK_CALL) or command "
            + "(PROCESS_EXEC)")
    String target;

    @Option(names = "--context", paramLabel = "FIELD=VALUE", description = "Another field of the action's context, "
            + "named as in the .proto (operation=write, port=443, is_sensitive_path=true, contains_pii=true, "
            + "target_url=…, args=-rf for each process argument); repeatable")
    List<String> contextFields = List.of();

    @Option(names = "--arg", paramLabel = "NAME=VALUE", description = "A tool argument (TOOL_CALL; the result's "
            + "field for TOOL_RESULT), sent as a JSON string; repeatable")
    List<String> arguments = List.of();

    @Option(names = "--args-json", paramLabel = "JSON", description = "The tool arguments as one JSON object, "
            + "for values that are not strings (instead of --arg)")
    String argumentsJson;

    @Option(names = "--draft-file", paramLabel = "FILE", description = "A draft policy file, read like "
            + "'policy apply -f': its documents replace the active ones of the same name or are added; not applied")
    String draftFile;

    @Option(names = "--at", paramLabel = "INSTANT", description = "Evaluate at this ISO-8601 instant (default now)")
    String at;

    @Option(names = "--fail-on-deny", description = "Exit " + ExitCodes.DENIED + " when the decision is DENY")
    boolean failOnDeny;

    @Override
    protected void run(ApiClient api, OutputFormat output) {
        ObjectNode body = ApiClient.JSON.createObjectNode();
        ObjectNode request = checkActionRequest();
        body.set("request", request);
        if (draftFile != null) {
            body.put("draft", new String(PolicyCommand.readPolicyFile(draftFile), StandardCharsets.UTF_8));
        }
        if (at != null) {
            body.put("at", instant(at));
        }
        request.set("agent_id", agentId(api));
        JsonNode simulated = api.post("/api/v1/policies/simulate", "application/json", bytes(body));
        if (output == OutputFormat.json) {
            printJson(simulated);
        } else {
            printTables(simulated);
        }
        if (failOnDeny && "DENY".equals(text(simulated, "decision"))) {
            out().flush();
            throw new CliException(ExitCodes.DENIED, "the decision is DENY (--fail-on-deny)");
        }
    }

    /** The request without its agent: every usage error is found before anything is sent. */
    private ObjectNode checkActionRequest() {
        ObjectNode request = ApiClient.JSON.createObjectNode();
        request.put("action_type", actionType.name());
        if (actionType.contextMessage == null) {
            if (target != null || !contextFields.isEmpty() || !arguments.isEmpty() || argumentsJson != null) {
                throw CliException.usage(actionType + " takes no --target, --context, --arg or --args-json");
            }
            return request;
        }
        ObjectNode context = request.putObject("context").putObject(actionType.contextMessage);
        if (target != null) {
            context.put(actionType.targetField, target);
        }
        addContextFields(context);
        String argumentsText = argumentsText();
        if (argumentsText != null) {
            if (actionType.argumentsField == null) {
                throw CliException.usage("--arg and --args-json are for TOOL_CALL and TOOL_RESULT, not " + actionType);
            }
            context.put(actionType.argumentsField,
                    Base64.getEncoder().encodeToString(argumentsText.getBytes(StandardCharsets.UTF_8)));
        }
        return request;
    }

    /** Values go as JSON strings: the API's protobuf JSON reading takes numbers and booleans written as strings. */
    private void addContextFields(ObjectNode context) {
        for (String pair : contextFields) {
            String[] nameAndValue = split("--context", pair);
            String name = nameAndValue[0];
            if (actionType.listFields.contains(name)) {
                JsonNode list = context.get(name);
                (list instanceof ArrayNode array ? array : context.putArray(name)).add(nameAndValue[1]);
            } else if (context.has(name)) {
                throw CliException.usage("--context " + name + " is given twice");
            } else {
                context.put(name, nameAndValue[1]);
            }
        }
    }

    private String argumentsText() {
        if (argumentsJson != null && !arguments.isEmpty()) {
            throw CliException.usage("give the arguments with --arg or with --args-json, not both");
        }
        if (argumentsJson != null) {
            try {
                if (!ApiClient.JSON.readTree(argumentsJson).isObject()) {
                    throw CliException.usage("--args-json must be a JSON object");
                }
            } catch (JsonProcessingException e) {
                throw CliException.usage("--args-json is not JSON: " + e.getOriginalMessage());
            }
            return argumentsJson;
        }
        if (arguments.isEmpty()) {
            return null;
        }
        ObjectNode object = ApiClient.JSON.createObjectNode();
        pairs("--arg", arguments).forEach(object::put);
        return object.toString();
    }

    private JsonNode agentId(ApiClient api) {
        ObjectNode agentId = ApiClient.JSON.createObjectNode();
        if (agent.agentKey != null) {
            JsonNode registered = api.get("/api/v1/agents/" + ApiClient.segment(agent.agentKey), null);
            agentId.put("org_id", text(registered, "org_id"));
            agentId.put("team_id", text(registered, "team_id"));
            agentId.put("agent_id", text(registered, "agent_id"));
            return agentId;
        }
        String[] parts = agent.lineage.split("/", -1);
        if (parts.length != 3 || List.of(parts).stream().anyMatch(String::isBlank)) {
            throw CliException.usage("--agent must be ORG/TEAM/AGENT, not '" + agent.lineage + "'");
        }
        agentId.put("org_id", parts[0]);
        agentId.put("team_id", parts[1]);
        agentId.put("agent_id", parts[2]);
        return agentId;
    }

    private void printTables(JsonNode simulated) {
        Table decision = new Table("FIELD", "VALUE");
        decision.row("decision", text(simulated, "decision"));
        decision.row("reason", text(simulated, "reason"));
        decision.row("rule", text(simulated, "policy_rule"));
        decision.row("policy", text(simulated, "policy_name"));
        decision.row("digest", text(simulated, "policy_digest"));
        for (JsonNode redaction : simulated.path("redactions")) {
            decision.row("redact", text(redaction, "field_path") + " -> " + text(redaction, "replacement"));
        }
        JsonNode shadow = simulated.path("shadow");
        if (shadow.isObject()) {
            decision.row("shadow", text(shadow, "decision") + " (" + text(shadow, "policy_rule") + "): "
                    + text(shadow, "reason"));
        }
        decision.print(out());
        out().println();
        Table trace = new Table("POLICY", "SCOPE", "APPLIED", "MODE", "OUTCOME", "RULE", "REASON");
        for (JsonNode entry : simulated.path("trace")) {
            trace.row(text(entry, "policy_name"), text(entry, "scope"), text(entry, "applied"), text(entry, "mode"),
                    text(entry, "outcome"), text(entry, "rule"), text(entry, "reason"));
        }
        trace.print(out());
    }

    private static String instant(String value) {
        try {
            return Instant.parse(value.strip()).toString();
        } catch (DateTimeParseException e) {
            throw CliException.usage("--at must be an ISO-8601 instant such as 2026-01-05T10:00:00Z, not '" + value + "'");
        }
    }

    private static Map<String, String> pairs(String option, List<String> pairs) {
        Map<String, String> byName = new LinkedHashMap<>();
        for (String pair : pairs) {
            String[] nameAndValue = split(option, pair);
            if (byName.put(nameAndValue[0], nameAndValue[1]) != null) {
                throw CliException.usage(option + " " + nameAndValue[0] + " is given twice");
            }
        }
        return byName;
    }

    private static String[] split(String option, String pair) {
        int equals = pair.indexOf('=');
        if (equals <= 0) {
            throw CliException.usage(option + " takes NAME=VALUE, not '" + pair + "'");
        }
        return new String[]{pair.substring(0, equals).strip(), pair.substring(equals + 1)};
    }

    private static byte[] bytes(JsonNode json) {
        try {
            return ApiClient.JSON.writeValueAsBytes(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
