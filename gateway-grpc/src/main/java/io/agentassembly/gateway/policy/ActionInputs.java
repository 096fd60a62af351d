package io.agentassembly.gateway.policy;

import io.agentassembly.gateway.proto.common.v1.ActionType;
import io.agentassembly.gateway.proto.policy.v1.ActionContext;
import io.agentassembly.gateway.proto.policy.v1.CheckActionRequest;
import io.agentassembly.gateway.proto.policy.v1.FileOpContext;
import io.agentassembly.gateway.proto.policy.v1.NetworkCallContext;
import io.agentassembly.gateway.proto.policy.v1.ProcessExecContext;
import io.agentassembly.gateway.proto.policy.v1.ToolCallContext;
import io.agentassembly.gateway.proto.policy.v1.ToolResultContext;
import io.agentassembly.policy.engine.ActionInput;
import io.agentassembly.policy.engine.ActionKind;

import java.net.URI;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

/**
 * A validated CheckAction request as the policy engine's {@link ActionInput}: only the fields of the action's
 * kind are set, empty proto strings become null, and the host is the network call's host or, for a tool call,
 * the host of its {@code target_url}.
 */
public final class ActionInputs {

    private ActionInputs() {
    }

    /** Expects a request that passed {@code ActionRequests.validate}. */
    public static ActionInput of(CheckActionRequest request) {
        ActionContext context = request.getContext();
        return switch (request.getActionType()) {
            case LLM_CALL -> new ActionInput(ActionKind.LLM_CALL, null, null, null, null, null, null,
                    text(context.getLlmCall().getModel()), null, null, null, null, null);
            case TOOL_CALL -> {
                ToolCallContext tool = context.getToolCall();
                String targetUrl = text(tool.getTargetUrl());
                yield new ActionInput(ActionKind.TOOL_CALL, text(tool.getToolName()), text(tool.getToolSource()),
                        tool.getArgsJson().toByteArray(), targetUrl, hostOf(targetUrl), null, null, null, null, null,
                        null, null);
            }
            case TOOL_RESULT -> {
                ToolResultContext result = context.getToolResult();
                yield new ActionInput(ActionKind.TOOL_RESULT, text(result.getToolName()), text(result.getToolSource()),
                        null, text(result.getSourceUrl()), null, null, null, null, null, null, null,
                        result.getResultJson().toByteArray());
            }
            case FILE_OPERATION -> {
                FileOpContext file = context.getFileOp();
                yield new ActionInput(ActionKind.FILE_OPERATION, null, null, null, null, null, null, null,
                        text(file.getOperation()), text(file.getPath()), null, null, null);
            }
            case NETWORK_CALL -> {
                NetworkCallContext network = context.getNetworkCall();
                yield new ActionInput(ActionKind.NETWORK_CALL, null, null, null, null, host(network.getHost()),
                        network.getPort() == 0 ? null : network.getPort(), null, null, null, null, null, null);
            }
            case PROCESS_EXEC -> {
                ProcessExecContext process = context.getProcessExec();
                yield new ActionInput(ActionKind.PROCESS_EXEC, null, null, null, null, null, null, null, null, null,
                        text(process.getCommand()), List.copyOf(process.getArgsList()), null);
            }
            case AGENT_SPAWN -> new ActionInput(ActionKind.AGENT_SPAWN, null, null, null, null, null, null, null, null,
                    null, null, null, null);
            case ACTION_UNSPECIFIED, UNRECOGNIZED ->
                    throw new IllegalArgumentException("action_type " + request.getActionType() + " has no policy input");
        };
    }

    /** What an approval is for: the tool name, or the action type for actions without a tool. */
    public static String approvalTool(ActionType type, ActionInput action) {
        return action.toolName() != null ? action.toolName() : type.name();
    }

    /**
     * SHA-256 hex of the tool arguments (of the result, for a tool result) as sent; no arguments hash as the
     * empty string. Approvals carry this, never the arguments, which may hold secrets.
     */
    public static String argsDigest(ActionInput action) {
        byte[] args = action.argsJson() != null ? action.argsJson()
                : action.resultJson() != null ? action.resultJson() : new byte[0];
        return sha256Hex(args);
    }

    /** The lower-case host of a URL ({@code https://api.example.com/x} → {@code api.example.com}); null if it has none. */
    static String hostOf(String url) {
        if (url == null) {
            return null;
        }
        try {
            URI uri = URI.create(url.trim());
            String host = uri.getHost();
            if (host == null && uri.getScheme() == null) {
                host = URI.create("//" + url.trim()).getHost();
            }
            return host(host);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static String host(String host) {
        if (host == null || host.isBlank()) {
            return null;
        }
        String trimmed = host.trim().toLowerCase(Locale.ROOT);
        if (trimmed.startsWith("[") && trimmed.endsWith("]")) {
            trimmed = trimmed.substring(1, trimmed.length() - 1);
        }
        return trimmed.endsWith(".") ? trimmed.substring(0, trimmed.length() - 1) : trimmed;
    }

    private static String text(String value) {
        return value == null || value.isEmpty() ? null : value;
    }

    static String sha256Hex(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from the JVM", e);
        }
    }
}
