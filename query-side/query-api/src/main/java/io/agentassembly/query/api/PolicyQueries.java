package io.agentassembly.query.api;

import java.time.Instant;

/**
 * Queries about a workspace's policies, each scoped by its workspace id and addressing a policy by name. A
 * deleted policy is not found (its versions remain in the audit log) until an apply revives it.
 */
public final class PolicyQueries {
    private PolicyQueries() {
    }

    /** Answers {@code List<PolicySummary>}: the workspace's undeleted policies, ordered by name. */
    public record ListPoliciesQuery(String workspaceId) {
    }

    /** Answers {@code Optional<PolicyDetails>}: the policy with its current version's source. */
    public record FindPolicyQuery(String workspaceId, String name) {
    }

    /** Answers {@code List<PolicyVersionView>} (without sources), newest first; empty for an unknown policy. */
    public record ListPolicyVersionsQuery(String workspaceId, String name) {
    }

    /** Answers {@code Optional<PolicyVersionView>} with its source. */
    public record FindPolicyVersionQuery(String workspaceId, String name, int version) {
    }

    /** A policy's current state. {@code orgId} is set for org-qualified scopes only. */
    public record PolicySummary(String policyId, String name, String scope, String orgId, String enforcementMode,
                                boolean active, int version, String digest, Instant createdAt, Instant updatedAt) {
    }

    public record PolicyDetails(String policyId, String name, String scope, String orgId, String enforcementMode,
                                boolean active, int version, String digest, Instant createdAt, Instant updatedAt,
                                String source) {
    }

    /**
     * One version. {@code rolledBackFrom} names the version whose content a rollback restored; {@code createdBy}
     * is the actor of the change ({@code createdByType} USER, API_KEY, …). {@code source} is null in lists.
     */
    public record PolicyVersionView(String name, int version, String digest, String scope, String orgId,
                                    String enforcementMode, Integer rolledBackFrom, Instant createdAt,
                                    String createdByType, String createdBy, String source) {
    }
}
