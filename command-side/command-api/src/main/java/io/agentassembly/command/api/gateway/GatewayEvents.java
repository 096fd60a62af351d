package io.agentassembly.command.api.gateway;

import io.agentassembly.command.api.common.OrgScopedEvent;
import org.axonframework.serialization.Revision;

/**
 * Events the gateway records for agents' actions. They belong to no aggregate: each is appended as its own
 * entry of the event store, durable before the agent gets its answer.
 */
public final class GatewayEvents {
    private GatewayEvents() {
    }

    /**
     * One CheckAction decision. {@code orgId} is the registered (not the claimed) org of the agent.
     * {@code policyDigest} is the content digest of the deciding policy document, {@code approvalId} the approval
     * a PENDING waits for or an ALLOW used up, {@code shadowDecision}/{@code shadowRule} what OBSERVE documents
     * would have decided. Revision 2 added those four; they are null in revision-1 events and when not applicable.
     * Revision 3 added the budget fields: {@code reservedUsd}/{@code reservedTokens}, what an allowed action
     * reserved against the limits in force (null when none applied), and {@code budgetLimit}, the key of the limit
     * that denied the action ({@code policyRule} BUDGET_EXCEEDED), null otherwise. Revision 4 added the caller
     * the request attested ({@code caller_agent_id}: the originator of an agent-to-agent call) as
     * {@code callerOrgId}/{@code callerTeamId}/{@code callerAgentId}, as sent (not checked on the decision path;
     * the topology projection keeps an edge only for a registered agent of the workspace), null when not sent.
     */
    @Revision("4")
    public record AgentActionDecidedEvent(String workspaceId, String orgId, String teamId, String agentId,
                                          String agentKey, String actionType, String target, String decision,
                                          String reason, String policyRule, String identityAssurance,
                                          String traceId, String spanId, long decisionLatencyUs,
                                          String policyDigest, String approvalId, String shadowDecision,
                                          String shadowRule, java.math.BigDecimal reservedUsd,
                                          Long reservedTokens, String budgetLimit, String callerOrgId,
                                          String callerTeamId, String callerAgentId)
            implements OrgScopedEvent {

        /** A decision without an attested caller. */
        public AgentActionDecidedEvent(String workspaceId, String orgId, String teamId, String agentId,
                                       String agentKey, String actionType, String target, String decision,
                                       String reason, String policyRule, String identityAssurance,
                                       String traceId, String spanId, long decisionLatencyUs,
                                       String policyDigest, String approvalId, String shadowDecision,
                                       String shadowRule, java.math.BigDecimal reservedUsd,
                                       Long reservedTokens, String budgetLimit) {
            this(workspaceId, orgId, teamId, agentId, agentKey, actionType, target, decision, reason, policyRule,
                    identityAssurance, traceId, spanId, decisionLatencyUs, policyDigest, approvalId, shadowDecision,
                    shadowRule, reservedUsd, reservedTokens, budgetLimit, null, null, null);
        }

        /** This decision as the budget arbiter records it when limit {@code limitKey} refused its claim. */
        public AgentActionDecidedEvent deniedByBudget(String reason, String limitKey) {
            return new AgentActionDecidedEvent(workspaceId, orgId, teamId, agentId, agentKey, actionType, target,
                    "DENY", reason, "BUDGET_EXCEEDED", identityAssurance, traceId, spanId, decisionLatencyUs,
                    policyDigest, null, shadowDecision, shadowRule, null, null, limitKey, callerOrgId, callerTeamId,
                    callerAgentId);
        }
    }

    /**
     * A valid credential was presented with a claimed identity it was not issued for. {@code orgId} is the
     * claimed org (the one whose identity was used), so that org's audit filter finds the attempt; the real
     * owner is named alongside.
     */
    @Revision("1")
    public record A2AImpersonationAttemptedEvent(String workspaceId, String orgId, String claimedOrgId,
                                                 String claimedTeamId, String claimedAgentId, String ownerAgentKey,
                                                 String ownerOrgId, String ownerTeamId, String ownerAgentId,
                                                 String actionType, String traceId, String spanId)
            implements OrgScopedEvent {
    }
}
