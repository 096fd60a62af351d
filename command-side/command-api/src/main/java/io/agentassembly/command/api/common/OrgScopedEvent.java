package io.agentassembly.command.api.common;

/** An event that concerns one org of a workspace: its org id is the audit entry's lineage. */
public interface OrgScopedEvent extends WorkspaceEvent {
    String orgId();
}
