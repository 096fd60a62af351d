package io.agentassembly.command.api.common;

/** Every domain event belongs to exactly one workspace (tenant). */
public interface WorkspaceEvent {
    String workspaceId();
}
