package io.agentassembly.gateway.decision;

import io.agentassembly.gateway.GrpcStatuses;
import io.agentassembly.gateway.proto.common.v1.ActionType;
import io.agentassembly.gateway.proto.policy.v1.ActionContext;
import io.agentassembly.gateway.proto.policy.v1.CheckActionRequest;

import java.util.Map;

/** Shape checks of a CheckAction request, and the short target description recorded in the audit log. */
public final class ActionRequests {

    private static final Map<ActionType, ActionContext.ActionCase> CONTEXT_OF = Map.of(
            ActionType.LLM_CALL, ActionContext.ActionCase.LLM_CALL,
            ActionType.TOOL_CALL, ActionContext.ActionCase.TOOL_CALL,
            ActionType.FILE_OPERATION, ActionContext.ActionCase.FILE_OP,
            ActionType.NETWORK_CALL, ActionContext.ActionCase.NETWORK_CALL,
            ActionType.PROCESS_EXEC, ActionContext.ActionCase.PROCESS_EXEC,
            ActionType.TOOL_RESULT, ActionContext.ActionCase.TOOL_RESULT);

    private ActionRequests() {
    }

    /** Throws INVALID_ARGUMENT naming what to fix. */
    public static void validate(CheckActionRequest request) {
        ActionType type = request.getActionType();
        if (type == ActionType.ACTION_UNSPECIFIED || type == ActionType.UNRECOGNIZED) {
            throw GrpcStatuses.invalid("action_type", "action_type is required (LLM_CALL, TOOL_CALL, FILE_OPERATION, "
                    + "NETWORK_CALL, PROCESS_EXEC, AGENT_SPAWN or TOOL_RESULT)");
        }
        ActionContext.ActionCase expected = CONTEXT_OF.get(type);
        ActionContext.ActionCase actual = request.getContext().getActionCase();
        if (expected == null) {
            if (actual != ActionContext.ActionCase.ACTION_NOT_SET) {
                throw GrpcStatuses.invalid("context", "action_type " + type + " takes no context, but context."
                        + actual.name().toLowerCase() + " was sent");
            }
            return;
        }
        if (actual != expected) {
            throw GrpcStatuses.invalid("context", "action_type " + type + " needs context."
                    + expected.name().toLowerCase() + (actual == ActionContext.ActionCase.ACTION_NOT_SET ? ", which is missing"
                    : ", not context." + actual.name().toLowerCase()));
        }
    }

    public static String target(CheckActionRequest request) {
        ActionContext context = request.getContext();
        return switch (context.getActionCase()) {
            case LLM_CALL -> context.getLlmCall().getModel();
            case TOOL_CALL -> context.getToolCall().getToolName();
            case FILE_OP -> context.getFileOp().getOperation() + " " + context.getFileOp().getPath();
            case NETWORK_CALL -> context.getNetworkCall().getHost() + ":" + context.getNetworkCall().getPort();
            case PROCESS_EXEC -> context.getProcessExec().getCommand();
            case TOOL_RESULT -> context.getToolResult().getToolName();
            case ACTION_NOT_SET -> "";
        };
    }
}
