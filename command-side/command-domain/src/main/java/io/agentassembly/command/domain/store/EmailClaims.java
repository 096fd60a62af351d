package io.agentassembly.command.domain.store;

/**
 * The e-mail addresses in use in each workspace (ADR 0016): an address names at most one user of a workspace,
 * and may name users of several workspaces. Addresses are normalised by the implementation.
 */
public interface EmailClaims {

    boolean isClaimed(String email, String workspaceId);

    /** Claims the address in the workspace for the user, or refuses with EMAIL_TAKEN when the workspace has it. */
    void claim(String email, String userId, String workspaceId);

    /** Moves the user's claim in the workspace to another address, or refuses with EMAIL_TAKEN when it is taken. */
    void move(String userId, String workspaceId, String email);

    /** Frees every address the workspace's users hold. */
    void releaseAll(String workspaceId);
}
