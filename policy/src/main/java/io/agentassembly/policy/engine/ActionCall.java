package io.agentassembly.policy.engine;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.agentassembly.policy.ConditionInput;
import io.agentassembly.policy.ConditionLimits;
import io.agentassembly.policy.ControlCharacters;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * One evaluation's view of the action, computed lazily and at most once however many documents ask: the network
 * host, the parsed tool arguments/result, their string leaves with JSONPaths, the built-in credential findings
 * and the conditions' input. Confined to the evaluating thread.
 */
final class ActionCall {

    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).build();

    /** A string value inside the payload and where it is. */
    record Leaf(String path, String value) {
    }

    final AgentLineage agent;
    final ActionInput action;
    final Instant now;
    final String toolName;

    private boolean hostComputed;
    private String host;
    private String hostDescription;

    private boolean payloadParsed;
    private JsonNode payload;
    private List<Leaf> leaves;
    private String[] builtInFindings;
    private ConditionInput conditionInput;

    ActionCall(AgentLineage agent, ActionInput action, Instant now) {
        this.agent = agent;
        this.action = action;
        this.now = now;
        this.toolName = action.toolName() == null ? "" : action.toolName();
    }

    /** Whether this action goes to a network host the allowlists must check. */
    boolean hasNetworkTarget() {
        return switch (action.kind()) {
            case NETWORK_CALL -> true;
            case TOOL_CALL -> notEmpty(action.targetUrl()) || notEmpty(action.host());
            default -> false;
        };
    }

    /** The normalised host, or null when the action names none or an unusable one (see {@link #hostDescription}). */
    String host() {
        if (!hostComputed) {
            hostComputed = true;
            if (action.kind() == ActionKind.TOOL_CALL && notEmpty(action.targetUrl())) {
                host = HostAllowlist.hostOfUrl(action.targetUrl());
                hostDescription = "target_url '" + action.targetUrl() + "'";
            } else {
                host = HostAllowlist.normalise(action.host());
                hostDescription = action.host() == null || action.host().isEmpty() ? "no host"
                        : "host '" + action.host() + "'";
            }
        }
        return host;
    }

    /** How the action named its host, for reasons when {@link #host()} is null. */
    String hostDescription() {
        host();
        return hostDescription;
    }

    /** "arguments" or "result": which payload the data rules scan; null when this action kind has none. */
    String payloadName() {
        return switch (action.kind()) {
            case TOOL_CALL -> "arguments";
            case TOOL_RESULT -> "result";
            default -> null;
        };
    }

    /** The string leaves of the tool arguments ({@code $.args…}) or result ({@code $.result…}). */
    List<Leaf> leaves() {
        if (leaves == null) {
            leaves = new ArrayList<>();
            String root = action.kind() == ActionKind.TOOL_RESULT ? "$.result" : "$.args";
            byte[] raw = action.kind() == ActionKind.TOOL_RESULT ? action.resultJson() : action.argsJson();
            JsonNode node = payload();
            if (node != null) {
                collect(root, node, leaves);
            } else if (raw != null && raw.length > 0) {
                // not JSON: scan the whole text as one value rather than let a credential through
                leaves.add(new Leaf(root, new String(raw, StandardCharsets.UTF_8)));
            }
        }
        return leaves;
    }

    /** Per leaf (same index as {@link #leaves()}), the built-in detector that found a credential, or null. */
    String[] builtInFindings() {
        if (builtInFindings == null) {
            List<Leaf> all = leaves();
            builtInFindings = new String[all.size()];
            for (int i = 0; i < all.size(); i++) {
                builtInFindings[i] = CredentialDetectors.detect(all.get(i).value());
            }
        }
        return builtInFindings;
    }

    /** The conditions' input: made once, so every condition of the action shares one budget. */
    ConditionInput conditionInput(ConditionLimits limits) {
        if (conditionInput == null) {
            boolean toolCall = action.kind() == ActionKind.TOOL_CALL;
            int argsBytes = toolCall && action.argsJson() != null ? action.argsJson().length : 0;
            JsonNode args = toolCall && argsBytes <= limits.maxArgsBytes() ? payload() : null;
            conditionInput = ConditionInput.of(limits, args, argsBytes, action.toolName(), action.toolSource(),
                    action.targetUrl(), action.kind().name(), agent.orgId(), agent.teamId(), agent.agentId());
        }
        return conditionInput;
    }

    private JsonNode payload() {
        if (!payloadParsed) {
            payloadParsed = true;
            byte[] raw = switch (action.kind()) {
                case TOOL_CALL -> action.argsJson();
                case TOOL_RESULT -> action.resultJson();
                default -> null;
            };
            if (raw != null && raw.length > 0) {
                try {
                    payload = JSON.readTree(raw);
                } catch (JsonProcessingException e) {
                    payload = null;
                } catch (IOException e) {
                    throw new IllegalStateException("reading bytes cannot fail", e);
                }
            }
        }
        return payload;
    }

    private static void collect(String path, JsonNode node, List<Leaf> out) {
        if (node.isTextual()) {
            out.add(new Leaf(path, node.textValue()));
        } else if (node.isObject()) {
            node.properties().forEach(e -> collect(childPath(path, e.getKey()), e.getValue(), out));
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                collect(path + "[" + i + "]", node.get(i), out);
            }
        }
    }

    /**
     * {@code $.args.api_key}, or {@code $.args['x-api-key']} for keys that are not identifiers; control characters
     * in a key are written as escapes (RFC 9535 string literals allow them), so a path is always storable text.
     */
    static String childPath(String parent, String key) {
        boolean identifier = !key.isEmpty() && !Character.isDigit(key.charAt(0));
        for (int i = 0; identifier && i < key.length(); i++) {
            char c = key.charAt(i);
            identifier = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_';
        }
        return identifier ? parent + "." + key
                : parent + "['" + ControlCharacters.escaped(key.replace("\\", "\\\\").replace("'", "\\'")) + "']";
    }

    private static boolean notEmpty(String s) {
        return s != null && !s.isEmpty();
    }
}
