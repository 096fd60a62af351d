package io.agentassembly.policy.engine;

/** The action types of SPEC-gateway.md's {@code ActionType}, without the UNSPECIFIED value. */
public enum ActionKind { LLM_CALL, TOOL_CALL, FILE_OPERATION, NETWORK_CALL, PROCESS_EXEC, AGENT_SPAWN, TOOL_RESULT }
