package io.agentassembly.app;

import io.agentassembly.app.support.GatewayClient.RegisteredAgent;
import io.agentassembly.app.support.GatewayIntegrationTest;
import io.agentassembly.app.support.ServerStreams;
import io.agentassembly.app.support.ServerStreams.Cancellable;
import io.agentassembly.app.support.Tenants.Member;
import io.agentassembly.gateway.agent.ControlChannels;
import io.agentassembly.gateway.proto.agent.v1.ControlCommand;
import io.agentassembly.gateway.proto.agent.v1.ControlStreamRequest;
import io.agentassembly.gateway.proto.agent.v1.HeartbeatRequest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** An agent is told, on Heartbeat and on its ControlStream, when the policies in force for it change; others are not. */
class PolicyUpdateSignalTest extends GatewayIntegrationTest {

    @Autowired
    ControlChannels controlChannels;

    @Test
    void aPolicyAppliedOverRestIsSignalledOnceOnHeartbeatAndPushedOnTheControlStream() throws InterruptedException {
        RegisteredAgent agent = gateway.register(apiKey, "org-p", "team-p", "watched");
        RegisteredAgent otherScope = gateway.register(apiKey, "org-q", "team-q", "elsewhere");
        Member stranger = tenants.signUp("pro");
        RegisteredAgent otherWorkspace = gateway.register(apiKeyOf(stranger), "org-p", "team-p", "watched");
        BlockingQueue<Object> pushed = gateway.controlStream(agent);
        BlockingQueue<Object> pushedElsewhere = gateway.controlStream(otherScope);
        BlockingQueue<Object> pushedToStranger = gateway.controlStream(otherWorkspace);
        await().atMost(Duration.ofSeconds(5)).until(() -> controlChannels.openStreams(agentKeyOf(owner, "org-p")) == 1
                && controlChannels.openStreams(agentKeyOf(owner, "org-q")) == 1
                && controlChannels.openStreams(agentKeyOf(stranger, "org-p")) == 1);
        for (RegisteredAgent each : new RegisteredAgent[]{agent, otherScope, otherWorkspace}) {
            assertThat(policyUpdated(each)).isFalse();
        }

        applyPolicies(policy("org-p-tools", """
                  scope: org:org-p
                  tools:
                    search:
                      allow: true
                """));

        ControlCommand update = (ControlCommand) pushed.poll(5, TimeUnit.SECONDS);
        assertThat(update).isNotNull();
        assertThat(update.getCommandCase()).isEqualTo(ControlCommand.CommandCase.POLICY_UPDATE);
        assertThat(update.getPolicyUpdate().getNewPolicyId()).startsWith("sha256:");
        assertThat(update.getPolicyUpdate().getPolicyBytes().toString(StandardCharsets.UTF_8))
                .contains("\"name\":\"org-p-tools\"", "\"scope\":\"org:org-p\"");
        assertThat(policyUpdated(agent)).isTrue();
        assertThat(policyUpdated(agent)).isFalse();
        assertThat(policyUpdated(otherScope)).isFalse();
        assertThat(policyUpdated(otherWorkspace)).isFalse();
        assertThat(pushedElsewhere.poll(300, TimeUnit.MILLISECONDS)).isNull();
        assertThat(pushedToStranger.poll(10, TimeUnit.MILLISECONDS)).isNull();

        // a global change reaches every agent of the workspace; a deactivation is a change too
        applyPolicies(policy("everyone", """
                  scope: global
                  tools:
                    search:
                      allow: true
                """));
        ControlCommand second = (ControlCommand) pushed.poll(5, TimeUnit.SECONDS);
        assertThat(second.getPolicyUpdate().getNewPolicyId()).isNotEqualTo(update.getPolicyUpdate().getNewPolicyId());
        assertThat(((ControlCommand) pushedElsewhere.poll(5, TimeUnit.SECONDS)).getCommandCase())
                .isEqualTo(ControlCommand.CommandCase.POLICY_UPDATE);
        assertThat(policyUpdated(otherScope)).isTrue();
        assertThat(policyUpdated(agent)).isTrue();
        assertThat(policyUpdated(agent)).isFalse();

        assertThat(api.post("/api/v1/policies/org-p-tools/deactivate", owner.accessToken(), null).status())
                .isEqualTo(200);
        assertThat(((ControlCommand) pushed.poll(5, TimeUnit.SECONDS)).getPolicyUpdate().getNewPolicyId())
                .isNotEqualTo(second.getPolicyUpdate().getNewPolicyId());
        assertThat(policyUpdated(agent)).isTrue();
        assertThat(policyUpdated(otherScope)).isFalse();
        assertThat(pushedElsewhere.poll(300, TimeUnit.MILLISECONDS)).isNull();
        assertThat(pushedToStranger.poll(10, TimeUnit.MILLISECONDS)).isNull();
        assertThat(policyUpdated(otherWorkspace)).isFalse();
    }

    @Test
    void aNodeForgetsTheLineageOfAnAgentOnceItsLastControlStreamHasClosed() {
        RegisteredAgent agent = gateway.register(apiKey, "org-f", "team-f", "fleeting");
        String agentKey = agentKeyOf(owner, "org-f");
        ControlStreamRequest request = ControlStreamRequest.newBuilder().setAgentId(agent.id())
                .setCredentialToken(agent.credentialToken()).build();
        Cancellable first = ServerStreams.<ControlCommand>cancellable(o -> gateway.lifecycleStreaming().controlStream(request, o));
        Cancellable second = ServerStreams.<ControlCommand>cancellable(o -> gateway.lifecycleStreaming().controlStream(request, o));
        await().atMost(Duration.ofSeconds(5)).until(() -> controlChannels.openStreams(agentKey) == 2);
        assertThat(controlChannels.holdsLineageOf(agentKey)).isTrue();

        first.cancel();
        await().atMost(Duration.ofSeconds(5)).until(() -> controlChannels.openStreams(agentKey) == 1);
        assertThat(controlChannels.holdsLineageOf(agentKey)).isTrue();
        second.cancel();
        await().atMost(Duration.ofSeconds(5)).until(() -> !controlChannels.holdsLineageOf(agentKey));
        assertThat(controlChannels.openStreams(agentKey)).isZero();
    }

    private boolean policyUpdated(RegisteredAgent agent) {
        return gateway.lifecycle(null).heartbeat(HeartbeatRequest.newBuilder().setAgentId(agent.id())
                .setCredentialToken(agent.credentialToken()).build()).getPolicyUpdated();
    }
}
