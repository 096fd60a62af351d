package io.agentassembly.gateway.agent;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.google.protobuf.ByteString;
import io.agentassembly.gateway.decision.AgentPrincipal;
import io.agentassembly.gateway.policy.PolicyCascades;
import io.agentassembly.gateway.policy.PolicyStage;
import io.agentassembly.gateway.proto.agent.v1.ControlCommand;
import io.agentassembly.gateway.proto.agent.v1.PolicyUpdateCommand;
import io.agentassembly.policy.ParsedPolicy;
import io.agentassembly.policy.engine.AgentLineage;
import io.agentassembly.policy.engine.PolicyCascade;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;

/**
 * Tells agents when the policies in force for them changed: the documents of their workspace's cascade that are not
 * disabled and whose scope (global, org, team, agent) matches their lineage. Both paths follow the gateway's
 * compiled cascades ({@link PolicyCascades}), so a change made through any node reaches this one when its cascade
 * is swapped (at once on the node that handled it, within the refresh interval elsewhere); nothing is read from
 * the database per call.
 * <ul>
 * <li><b>ControlStream</b>: at each swap, every agent with a control stream open here whose policies in force
 *     differ between the old and the new cascade is sent a {@code PolicyUpdateCommand}: {@code new_policy_id} is
 *     the digest of the documents now in force for it ({@link #policyIdOf}), {@code policy_bytes} a JSON list of
 *     their names, scopes and digests.</li>
 * <li><b>Heartbeat</b>: {@code policy_updated} is true when that digest differs from the one this node answered
 *     the agent's previous heartbeat with, so once per change. Per workspace at most {@code maxAgentsPerWorkspace}
 *     agents are remembered, each for {@code forgetAfter} since its last heartbeat; an agent this node does not
 *     remember (its first heartbeat here, or after a restart) is answered false.</li>
 * </ul>
 */
@Component
public class PolicyUpdates {

    private final PolicyCascades cascades;
    private final ControlChannels channels;
    private final int maxAgentsPerWorkspace;
    private final Duration forgetAfter;
    private final Cache<String, Cache<String, String>> answeredByWorkspace;

    public PolicyUpdates(PolicyCascades cascades, ControlChannels channels,
                         @Value("${aasm.gateway.policy-updates.max-agents-per-workspace:10000}") int maxAgentsPerWorkspace,
                         @Value("${aasm.gateway.policy-updates.forget-after:10m}") Duration forgetAfter) {
        this.cascades = cascades;
        this.channels = channels;
        this.maxAgentsPerWorkspace = maxAgentsPerWorkspace;
        this.forgetAfter = forgetAfter;
        this.answeredByWorkspace = Caffeine.newBuilder().expireAfterAccess(forgetAfter).build();
        cascades.onSwap(this::swapped);
    }

    /**
     * The policies in force for the agent, as {@code new_policy_id} names them ({@code sha256:…}); empty when the
     * workspace's cascade cannot be read now.
     */
    public String assignedPolicy(AgentPrincipal agent) {
        try {
            return policyIdOf(cascades.current(agent.workspaceId()).inForce(PolicyStage.lineageOf(agent)));
        } catch (PolicyCascades.CascadeUnavailableException e) {
            return "";
        }
    }

    /** Whether the policies in force for the agent changed since its previous heartbeat on this node. */
    public boolean changedSinceLastHeartbeat(AgentPrincipal agent) {
        String inForce;
        try {
            inForce = policyIdOf(cascades.current(agent.workspaceId()).inForce(PolicyStage.lineageOf(agent)));
        } catch (PolicyCascades.CascadeUnavailableException e) {
            return false;
        }
        Cache<String, String> answered = answeredByWorkspace.get(agent.workspaceId(), workspaceId -> Caffeine
                .newBuilder().maximumSize(maxAgentsPerWorkspace).expireAfterAccess(forgetAfter).build());
        String previous = answered.asMap().put(agent.agentKey(), inForce);
        return previous != null && !previous.equals(inForce);
    }

    private void swapped(String workspaceId, PolicyCascade before, PolicyCascade after) {
        channels.pushToWorkspace(workspaceId, lineage -> update(before, after, lineage));
    }

    private static ControlCommand update(PolicyCascade before, PolicyCascade after, AgentLineage lineage) {
        List<ParsedPolicy> now = after.inForce(lineage);
        String id = policyIdOf(now);
        if (id.equals(policyIdOf(before.inForce(lineage)))) {
            return null;
        }
        return ControlCommand.newBuilder().setPolicyUpdate(PolicyUpdateCommand.newBuilder()
                .setNewPolicyId(id)
                .setPolicyBytes(ByteString.copyFrom(describe(now), StandardCharsets.UTF_8))).build();
    }

    /** {@code sha256:<hex>} over the names and digests of the documents in force, in cascade order. */
    static String policyIdOf(List<ParsedPolicy> inForce) {
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            for (ParsedPolicy policy : inForce) {
                sha256.update(policy.name().getBytes(StandardCharsets.UTF_8));
                sha256.update((byte) 0);
                sha256.update(policy.digest().getBytes(StandardCharsets.UTF_8));
                sha256.update((byte) '\n');
            }
            return "sha256:" + HexFormat.of().formatHex(sha256.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    /** {@code [{"name":…,"scope":…,"digest":…},…]} */
    private static String describe(List<ParsedPolicy> inForce) {
        StringBuilder json = new StringBuilder("[");
        for (ParsedPolicy policy : inForce) {
            json.append(json.length() > 1 ? "," : "").append("{\"name\":");
            quote(json, policy.name()).append(",\"scope\":");
            quote(json, policy.document().scope().text()).append(",\"digest\":");
            quote(json, policy.digest()).append('}');
        }
        return json.append(']').toString();
    }

    private static StringBuilder quote(StringBuilder json, String value) {
        json.append('"');
        for (char c : value.toCharArray()) {
            if (c == '"' || c == '\\') {
                json.append('\\').append(c);
            } else if (c < 0x20) {
                json.append(String.format("\\u%04x", (int) c));
            } else {
                json.append(c);
            }
        }
        return json.append('"');
    }
}
