package io.agentassembly.policy.engine;

/** The action types of the wire contract's {@code ActionType} (common.proto), without the UNSPECIFIED value. */
public enum ActionKind { LLM_CALL, TOOL_CALL, FILE_OPERATION, NETWORK_CALL, PROCESS_EXEC, AGENT_SPAWN, TOOL_RESULT }
