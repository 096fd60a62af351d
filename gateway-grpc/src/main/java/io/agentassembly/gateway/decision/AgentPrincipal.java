package io.agentassembly.gateway.decision;

/** The registered agent behind a credential token: what the gateway trusts, as opposed to what is claimed. */
public record AgentPrincipal(String workspaceId, String agentKey, String orgId, String teamId, String agentId,
                             String status, String assurance) {

    public boolean suspended() {
        return "SUSPENDED".equals(status);
    }

    public boolean sameIdentity(String claimedOrg, String claimedTeam, String claimedAgent) {
        return orgId.equals(claimedOrg) && teamId.equals(claimedTeam) && agentId.equals(claimedAgent);
    }
}
