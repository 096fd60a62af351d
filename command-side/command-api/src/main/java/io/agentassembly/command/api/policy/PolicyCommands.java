package io.agentassembly.command.api.policy;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Commands about policies. The document commands go to the Policy aggregate ({@link PolicyIds#of}) and carry
 * the caller's workspace, which must be the policy's (otherwise POLICY_NOT_FOUND). The slot commands go to
 * the Workspace aggregate, which owns the tier's active-policy quota; they are sent by the {@code policy-slots}
 * handler in the same unit of work as the activation, deactivation or deletion that causes them.
 */
public final class PolicyCommands {
    private PolicyCommands() {
    }

    /**
     * Applies a validated document: a new policy gets version 1 and is activated; a changed digest makes version
     * n+1; the current digest changes nothing; a deleted policy is revived (new version, activated again).
     * {@code orgId} is the org of an org-qualified scope, null otherwise. Answers a {@link PolicyChange}.
     */
    public record ApplyPolicyVersionCommand(@TargetAggregateIdentifier String policyId, String workspaceId,
                                            String name, String scope, String orgId, String enforcementMode,
                                            String digest, String source) {
        @Override
        public String toString() {
            return "ApplyPolicyVersionCommand[" + policyId + ", " + name + ", " + digest + "]";
        }
    }

    /** Makes the content of an earlier version current again, as a new version. Answers a {@link PolicyChange}. */
    public record RollbackPolicyCommand(@TargetAggregateIdentifier String policyId, String workspaceId,
                                        int version) {
    }

    public record ActivatePolicyCommand(@TargetAggregateIdentifier String policyId, String workspaceId) {
    }

    public record DeactivatePolicyCommand(@TargetAggregateIdentifier String policyId, String workspaceId) {
    }

    /** Removes the policy from lists and the cascade; its versions stay in the event store and audit log. */
    public record DeletePolicyCommand(@TargetAggregateIdentifier String policyId, String workspaceId) {
    }

    /** Sent to the workspace when a policy becomes active: takes a quota slot (idempotent per policy). */
    public record TakePolicySlotCommand(@TargetAggregateIdentifier String workspaceId, String policyId,
                                        String orgId) {
    }

    /** Sent to the workspace when a policy is deactivated or deleted: frees its slot (idempotent). */
    public record ReleasePolicySlotCommand(@TargetAggregateIdentifier String workspaceId, String policyId) {
    }

    /** What an apply or rollback did: the policy's current version and digest afterwards, and whether it is active. */
    public record PolicyChange(String policyId, String name, int version, String digest, ChangeStatus status,
                               boolean active) {
    }

    /** CREATED also for a deleted policy that an apply revived. */
    public enum ChangeStatus { CREATED, UPDATED, UNCHANGED }
}
