package io.agentassembly.command.domain.workspace;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonAutoDetect.Visibility;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonInclude.Include;
import io.agentassembly.command.api.agent.AgentEvents.AgentAdmittedEvent;
import io.agentassembly.command.api.agent.AgentEvents.AgentRegisteredEvent;
import io.agentassembly.command.api.agent.AgentEvents.AgentReleasedEvent;
import io.agentassembly.command.api.agent.AgentIdentity;
import io.agentassembly.command.api.common.DomainException;
import io.agentassembly.command.api.common.ErrorCode;
import io.agentassembly.command.api.common.SecretDigest;
import io.agentassembly.command.api.common.Tier;
import io.agentassembly.command.api.common.TierQuotas;
import io.agentassembly.command.api.policy.PolicyEvents.PolicySlotReleasedEvent;
import io.agentassembly.command.api.policy.PolicyEvents.PolicySlotTakenEvent;
import io.agentassembly.command.domain.common.Require;
import io.agentassembly.command.domain.store.AgentClaims;
import io.agentassembly.command.domain.store.CredentialDigests;
import org.axonframework.eventsourcing.EventSourcingHandler;

import java.util.HashMap;
import java.util.Map;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * What holds a slot of the workspace's quotas: admitted agents and active policies, each with its org id (null for
 * policies not scoped to an org). An entity of the {@link Workspace} aggregate, so concurrent admissions and
 * activations cannot overshoot a quota; the quotas themselves and the tier are the root's and passed in.
 */
@JsonAutoDetect(fieldVisibility = Visibility.ANY, getterVisibility = Visibility.NONE,
        isGetterVisibility = Visibility.NONE)
@JsonInclude(value = Include.ALWAYS, content = Include.ALWAYS)
class QuotaSlots {

    @JsonInclude(content = Include.ALWAYS)
    private Map<String, String> admittedAgents = new HashMap<>();
    /** The org id is null for a policy not scoped to an org: the snapshot must keep such entries. */
    @JsonInclude(content = Include.ALWAYS)
    private Map<String, String> activePolicies = new HashMap<>();

    /** Takes an agent's slot and claims its triple; the caller creates the Agent aggregate. */
    void admitAgent(AgentRegisteredEvent registered, SecretDigest credential, TierQuotas quotas, Tier tier,
                    AgentClaims agents, CredentialDigests digests) {
        String workspaceId = registered.workspaceId();
        String agentKey = registered.agentKey();
        if (admittedAgents.containsKey(agentKey)) {
            throw new DomainException(ErrorCode.CONFLICT, "agentKey", "an agent with this key already exists; retry");
        }
        if (registered.parentAgentKey() != null && !admittedAgents.containsKey(registered.parentAgentKey())) {
            throw Require.invalid("parentAgentKey",
                    "parentAgentKey must name a registered agent of this workspace; check the agent key");
        }
        int agentCount = admittedAgents.size();
        if (!quotas.allowsAgents(agentCount + 1L)) {
            int max = quotas.maxAgents();
            throw new DomainException(ErrorCode.QUOTA_EXCEEDED, null, "the " + tier.code() + " tier allows " + max
                    + (max == 1 ? " agent" : " agents") + "; deregister one or upgrade");
        }
        agents.claim(workspaceId, new AgentIdentity(registered.orgId(), registered.teamId(), registered.agentId()),
                agentKey);
        digests.save(agentKey, CredentialDigests.AGENT_CREDENTIAL, credential);
        apply(new AgentAdmittedEvent(workspaceId, registered.orgId(), agentKey, agentCount + 1));
    }

    /** A second release of the same agent changes nothing. */
    void releaseAgent(String workspaceId, String agentKey) {
        String orgId = agentKey == null ? null : admittedAgents.get(agentKey);
        if (orgId != null) {
            apply(new AgentReleasedEvent(workspaceId, orgId, agentKey, admittedAgents.size() - 1));
        }
    }

    boolean holdsPolicySlot(String policyId) {
        return activePolicies.containsKey(policyId);
    }

    void takePolicySlot(String workspaceId, String orgId, String policyId, TierQuotas quotas, Tier tier) {
        int policyCount = activePolicies.size();
        if (!quotas.allowsPolicies(policyCount + 1L)) {
            int max = quotas.maxPolicies();
            throw new DomainException(ErrorCode.QUOTA_EXCEEDED, null, "the " + tier.code() + " tier allows " + max
                    + (max == 1 ? " active policy" : " active policies") + "; deactivate one or upgrade");
        }
        apply(new PolicySlotTakenEvent(workspaceId, orgId, policyId, policyCount + 1));
    }

    /** Releasing a policy without a slot changes nothing. */
    void releasePolicySlot(String workspaceId, String policyId) {
        if (policyId != null && activePolicies.containsKey(policyId)) {
            apply(new PolicySlotReleasedEvent(workspaceId, activePolicies.get(policyId), policyId,
                    activePolicies.size() - 1));
        }
    }

    /** Refuses limits below what is in use: a tier change or an override must not strand agents or policies. */
    void requireUsageWithin(TierQuotas limits, String field, String what) {
        int agentCount = admittedAgents.size();
        if (!limits.allowsAgents(agentCount)) {
            throw belowUsage(field, agentCount + " agents", what, limits.maxAgents(), "deregister agents");
        }
        int policyCount = activePolicies.size();
        if (!limits.allowsPolicies(policyCount)) {
            throw belowUsage(field, policyCount + " active policies", what, limits.maxPolicies(),
                    "deactivate policies");
        }
    }

    private static DomainException belowUsage(String field, String usage, String what, int limit, String remedy) {
        return new DomainException(ErrorCode.TIER_DOWNGRADE_BELOW_USAGE, field,
                "the workspace has " + usage + " but " + what + " allows " + limit + "; " + remedy + " first");
    }

    @EventSourcingHandler
    void on(AgentAdmittedEvent event) {
        admittedAgents.put(event.agentKey(), event.orgId());
    }

    @EventSourcingHandler
    void on(AgentReleasedEvent event) {
        admittedAgents.remove(event.agentKey());
    }

    @EventSourcingHandler
    void on(PolicySlotTakenEvent event) {
        activePolicies.put(event.policyId(), event.orgId());
    }

    @EventSourcingHandler
    void on(PolicySlotReleasedEvent event) {
        activePolicies.remove(event.policyId());
    }
}
