package io.agentassembly.gateway.policy;

import io.agentassembly.gateway.decision.AgentPrincipal;
import io.agentassembly.gateway.decision.Verdict;
import io.agentassembly.gateway.proto.common.v1.ActionType;
import io.agentassembly.gateway.proto.common.v1.AgentId;
import io.agentassembly.gateway.proto.common.v1.Decision;
import io.agentassembly.gateway.proto.policy.v1.ActionContext;
import io.agentassembly.gateway.proto.policy.v1.CheckActionRequest;
import io.agentassembly.gateway.proto.policy.v1.ToolCallContext;
import io.agentassembly.policy.PolicyParser;
import io.agentassembly.query.api.GatewayQueries.ActivePolicyView;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The policy stage with real compiled cascades: whose lineage decides, rate counting, fail-closed loading. */
class PolicyStageTest {

    private static final String WS = "ws-0b0e5a4c-9d1e-4f2a-8b3c-1d2e3f4a5b6c";
    private static final AgentPrincipal ORG_A_AGENT = new AgentPrincipal(WS, "agt-a", "org-a", "team-1", "bot",
            "ACTIVE", "ASSERTED");
    private static final AgentPrincipal ORG_B_AGENT = new AgentPrincipal(WS, "agt-b", "org-b", "team-1", "bot",
            "ACTIVE", "ASSERTED");

    private List<ActivePolicyView> active = List.of();
    private boolean readModelDown;
    private final SlidingHourRateCounter rates = new SlidingHourRateCounter(100, 1_000);
    private final PolicyStage stage = new PolicyStage(new PolicyCascades(this::load, ActivePolicies::compile,
            Duration.ofSeconds(5), Duration.ofMinutes(1), Duration.ofMinutes(10), new SimpleMeterRegistry()), rates,
            Clock.fixed(Instant.parse("2026-03-02T10:00:00Z"), ZoneOffset.UTC));

    private List<ActivePolicyView> load(String workspaceId) {
        if (readModelDown) {
            throw new IllegalStateException("read model unavailable");
        }
        return active;
    }

    private static ActivePolicyView policy(String name, String spec) {
        String source = "apiVersion: agent-assembly/v1\nkind: Policy\nmetadata:\n  name: " + name + "\nspec:\n" + spec;
        String digest = PolicyParser.parse(source, PolicyParser.Format.YAML).getFirst().digest();
        return new ActivePolicyView("pol-" + name, name, 1, digest, source);
    }

    private static CheckActionRequest toolCall(String claimedOrg, String tool) {
        return CheckActionRequest.newBuilder()
                .setAgentId(AgentId.newBuilder().setOrgId(claimedOrg).setTeamId("team-1").setAgentId("bot"))
                .setActionType(ActionType.TOOL_CALL)
                .setContext(ActionContext.newBuilder().setToolCall(ToolCallContext.newBuilder().setToolName(tool)))
                .build();
    }

    @Test
    void theRegisteredOrgDecidesWhichPoliciesApplyWhateverIsClaimed() {
        active = List.of(policy("org-a-tools", """
                  scope: "org:org-a"
                  tools:
                    "*":
                      allow: true
                """));

        Verdict orgA = stage.evaluate(ORG_A_AGENT, toolCall("org-b", "search"), null);
        Verdict orgB = stage.evaluate(ORG_B_AGENT, toolCall("org-a", "search"), null);

        assertThat(orgA.decision()).isEqualTo(Decision.ALLOW);
        assertThat(orgA.policyDigest()).isEqualTo(active.getFirst().digest());
        assertThat(orgB.decision()).isEqualTo(Decision.DENY);
        assertThat(orgB.reason()).isEqualTo("no policy in force");
        assertThat(orgB.policyRule()).isEqualTo("default_deny");
    }

    @Test
    void limitsAreCountedPerRegisteredAgentInTheGatewaysCounter() {
        active = List.of(policy("rate", """
                  scope: global
                  tools:
                    search:
                      allow: true
                      limit_per_hour: 1
                """));

        assertThat(stage.evaluate(ORG_A_AGENT, toolCall("org-a", "search"), null).decision()).isEqualTo(Decision.ALLOW);
        assertThat(stage.evaluate(ORG_A_AGENT, toolCall("org-a", "search"), null).decision()).isEqualTo(Decision.DENY);
        assertThat(stage.evaluate(ORG_B_AGENT, toolCall("org-a", "search"), null).decision()).isEqualTo(Decision.ALLOW);
        assertThat(rates.windows()).isEqualTo(2);
    }

    @Test
    void aStageAfterAMoreRestrictiveVerdictKeepsIt() {
        active = List.of(policy("open", """
                  scope: global
                  tools:
                    "*":
                      allow: true
                """));
        Verdict earlier = Verdict.deny("budget exceeded", "budget");

        assertThat(stage.evaluate(ORG_A_AGENT, toolCall("org-a", "search"), earlier)).isSameAs(earlier);
    }

    @Test
    void policiesThatCannotBeLoadedDenyFailClosed() {
        readModelDown = true;

        Verdict verdict = stage.evaluate(ORG_A_AGENT, toolCall("org-a", "search"), null);

        assertThat(verdict.decision()).isEqualTo(Decision.DENY);
        assertThat(verdict.policyRule()).isEqualTo(PolicyStage.UNAVAILABLE_RULE);
    }
}
