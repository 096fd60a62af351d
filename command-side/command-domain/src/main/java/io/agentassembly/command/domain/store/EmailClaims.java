package io.agentassembly.command.domain.store;

/** Platform-wide set of e-mail addresses in use; addresses are normalised by the implementation. */
public interface EmailClaims {

    boolean isClaimed(String email);

    /** Claims the address for the user, or refuses with EMAIL_TAKEN when it is already in use. */
    void claim(String email, String userId, String workspaceId);

    /** Claims the address for the user if it is free; answers whether it did. */
    boolean claimIfFree(String email, String userId, String workspaceId);

    /** Frees every address the workspace's users hold. */
    void releaseAll(String workspaceId);
}
