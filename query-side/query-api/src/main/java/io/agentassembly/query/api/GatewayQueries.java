package io.agentassembly.query.api;

/** What the gateway reads to authenticate agents; cached in memory on the gateway, never read per call. */
public final class GatewayQueries {
    private GatewayQueries() {
    }

    /** Answers {@code Optional<AgentCredentialView>}: empty when the agent has no live credential. */
    public record FindAgentCredentialQuery(String agentKey) {
    }

    /** {@code digest}: SHA-256 hex of the credential's secret. */
    public record AgentCredentialView(String workspaceId, String agentKey, String orgId, String teamId,
                                      String agentId, String status, String assurance, String digest) {
        @Override
        public String toString() {
            return "AgentCredentialView[" + agentKey + ", " + status + "]";
        }
    }

    /**
     * Answers {@code List<ActivePolicyView>}: the current version of every active, undeleted policy of the
     * workspace, ordered by name. The gateway compiles them into its cascade.
     */
    public record FindActivePoliciesQuery(String workspaceId) {
    }

    public record ActivePolicyView(String policyId, String name, int version, String digest, String source) {
    }
}
