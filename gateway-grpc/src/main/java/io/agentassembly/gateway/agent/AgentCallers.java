package io.agentassembly.gateway.agent;

import io.agentassembly.gateway.GrpcStatuses;
import io.agentassembly.gateway.decision.AgentCredentials;
import io.agentassembly.gateway.decision.AgentPrincipal;
import io.agentassembly.gateway.proto.common.v1.AgentId;
import org.springframework.stereotype.Component;

/** Authenticates agents on calls other than CheckAction: their credential, and the identity they claim. */
@Component
public class AgentCallers {

    private final AgentCredentials credentials;

    public AgentCallers(AgentCredentials credentials) {
        this.credentials = credentials;
    }

    /** The agent of the credential; a claimed id, when sent, must be the credential's own. */
    public AgentPrincipal authenticate(String credentialToken, AgentId claimed) {
        AgentPrincipal agent = credentials.authenticate(credentialToken).orElseThrow(() -> GrpcStatuses
                .unauthenticated("the agent credential token is unknown or revoked"));
        boolean claimedSomething = !claimed.getAgentId().isEmpty() || !claimed.getOrgId().isEmpty();
        if (claimedSomething && !agent.sameIdentity(claimed.getOrgId(), claimed.getTeamId(), claimed.getAgentId())) {
            throw GrpcStatuses.permissionDenied("agent_id", "credential token registered to a different agent");
        }
        return agent;
    }

    /** Same, with the credential token from {@code authorization: Bearer aasa_…} call metadata. */
    public AgentPrincipal fromMetadata(AgentId claimed) {
        String token = BearerMetadata.current().orElseThrow(() -> GrpcStatuses
                .unauthenticated("send the agent credential as 'authorization: Bearer aasa_…' metadata"));
        return authenticate(token, claimed);
    }
}
