package io.agentassembly.command.domain.store;

/**
 * The open approval (pending, or approved and not yet used) of each action: agent, tool and argument digest.
 * At most one per action, so re-checking an action that waits for a human never opens a second approval.
 */
public interface ApprovalClaims {

    /** Claims the action for the approval, or refuses with APPROVAL_ALREADY_OPEN naming the approval that holds it. */
    void claim(String workspaceId, String agentKey, String tool, String argsDigest, String approvalId);

    /** Frees whatever the approval holds, if anything. */
    void release(String approvalId);
}
