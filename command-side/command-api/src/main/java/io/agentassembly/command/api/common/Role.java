package io.agentassembly.command.api.common;

/** A workspace member's role. What each may do is the identity module's permission table. */
public enum Role {
    OWNER, ADMIN, DEVELOPER, VIEWER
}
