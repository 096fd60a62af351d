package io.agentassembly.command.domain.store;

/** Platform-wide set of workspace slugs in use. */
public interface SlugClaims {

    /** Claims the slug for the workspace, or refuses with SLUG_TAKEN when it is already in use. */
    void claim(String slug, String workspaceId);

    /** Frees the workspace's slug, if it holds one. */
    void release(String workspaceId);
}
