package io.agentassembly.app;

import com.fasterxml.jackson.databind.JsonNode;
import io.agentassembly.app.support.Api;
import io.agentassembly.app.support.GatewayClient;
import io.agentassembly.app.support.GatewayClient.RegisteredAgent;
import io.agentassembly.app.support.GatewayIntegrationTest;
import io.agentassembly.app.support.Tenants.Member;
import io.agentassembly.gateway.proto.common.v1.Decision;
import io.agentassembly.gateway.proto.policy.v1.CheckActionRequest;
import io.agentassembly.gateway.proto.policy.v1.CheckActionResponse;
import io.agentassembly.gateway.proto.policy.v1.RedactRule;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Policies applied over REST decide the agents' CheckAction calls over real gRPC, on the very next call. */
class PolicyEnforcementTest extends GatewayIntegrationTest {

    static final String ALLOW_ALL = policy("baseline", """
              scope: global
              tools:
                "*":
                  allow: true
            """);

    static final String NO_SHELL = policy("no-shell", """
              scope: global
              tools:
                shell:
                  allow: false
            """);

    @Test
    void aPolicyAppliedOverRestDecidesTheVeryNextCheckAction() {
        RegisteredAgent agent = gateway.register(apiKey, "org-a", "team-1", "planner");
        CheckActionResponse before = gateway.policy().checkAction(GatewayClient.toolCall(agent, agent.id(), "search"));
        assertThat(before.getDecision()).isEqualTo(Decision.DENY);
        assertThat(before.getReason()).isEqualTo("no policy in force");

        applyPolicies(ALLOW_ALL);
        long appliedAt = System.nanoTime();
        CheckActionResponse allowed = gateway.policy().checkAction(GatewayClient.toolCall(agent, agent.id(), "search"));
        long allowedAfterMs = (System.nanoTime() - appliedAt) / 1_000_000;

        assertThat(allowed.getDecision()).isEqualTo(Decision.ALLOW);
        assertThat(allowed.getApprovalId()).isEmpty();
        assertThat(allowed.hasRedact()).isFalse();
        assertThat(allowedAfterMs).as("from the REST answer to the first CheckAction that reflects it").isLessThan(100);

        String digest = applyPolicies(ALLOW_ALL, NO_SHELL).body().path("policies").get(1).path("digest").asText();
        long deniedAt = System.nanoTime();
        CheckActionRequest shell = GatewayClient.toolCall(agent, agent.id(), "shell");
        CheckActionResponse denied = gateway.policy().checkAction(shell);
        long deniedAfterMs = (System.nanoTime() - deniedAt) / 1_000_000;

        assertThat(denied.getDecision()).isEqualTo(Decision.DENY);
        assertThat(denied.getPolicyRule()).isEqualTo("no-shell/tools.shell.allow");
        assertThat(denied.getReason()).isNotBlank();
        assertThat(deniedAfterMs).isLessThan(100);
        assertThat(gateway.policy().checkAction(GatewayClient.toolCall(agent, agent.id(), "search")).getDecision())
                .isEqualTo(Decision.ALLOW);

        JsonNode audit = decisionAudit(owner, shell.getTraceId()).path("payload");
        assertThat(audit.path("decision").asText()).isEqualTo("DENY");
        assertThat(audit.path("policy_rule").asText()).isEqualTo("no-shell/tools.shell.allow");
        assertThat(audit.path("policy_digest").asText()).isEqualTo(digest).startsWith("sha256:");
    }

    @Test
    void deactivatingTheOnlyPolicyFallsBackToNoPolicyInForce() {
        RegisteredAgent agent = gateway.register(apiKey, "org-a", "team-1", "cron");
        applyPolicies(ALLOW_ALL);
        assertThat(gateway.policy().checkAction(GatewayClient.toolCall(agent, agent.id(), "search")).getDecision())
                .isEqualTo(Decision.ALLOW);

        assertThat(api.post("/api/v1/policies/baseline/deactivate", owner.accessToken(), null).status()).isEqualTo(200);

        CheckActionResponse after = gateway.policy().checkAction(GatewayClient.toolCall(agent, agent.id(), "search"));
        assertThat(after.getDecision()).isEqualTo(Decision.DENY);
        assertThat(after.getReason()).isEqualTo("no policy in force");
        assertThat(after.getPolicyRule()).isEqualTo("default_deny");
    }

    @Test
    void credentialsInToolArgumentsAreRedactedOverTheWireWithJsonPathRules() {
        RegisteredAgent agent = gateway.register(apiKey, "org-a", "team-1", "mailer");
        applyPolicies(policy("redact-secrets", """
                  scope: global
                  data:
                    credential_action: redact
                  tools:
                    "*":
                      allow: true
                """));

        CheckActionResponse response = gateway.policy().checkAction(GatewayClient.toolCall(agent, "http_get",
                "{\"url\":\"https://api.example.com\",\"api_key\":\"sk-proj-abcdefghijklmnopqrstuvwxyz012345\"}", null));

        assertThat(response.getDecision()).isEqualTo(Decision.REDACT);
        assertThat(response.getRedact().getRulesList()).extracting(RedactRule::getFieldPath).containsExactly("$.args.api_key");
        assertThat(response.getRedact().getRules(0).getReplacement()).doesNotContain("sk-proj");
        assertThat(response.getPolicyRule()).startsWith("redact-secrets/");
        assertThat(response.getApprovalId()).isEmpty();

        CheckActionResponse clean = gateway.policy().checkAction(GatewayClient.toolCall(agent, "http_get",
                "{\"url\":\"https://api.example.com\"}", null));
        assertThat(clean.getDecision()).isEqualTo(Decision.ALLOW);
        assertThat(clean.hasRedact()).isFalse();
    }

    @Test
    void limitPerHourIsCountedByTheGatewayPerAgentAndTool() {
        RegisteredAgent agent = gateway.register(apiKey, "org-a", "team-1", "searcher");
        RegisteredAgent other = gateway.register(apiKey, "org-a", "team-1", "other");
        applyPolicies(policy("rate", """
                  scope: global
                  tools:
                    search:
                      allow: true
                      limit_per_hour: 2
                    "*":
                      allow: true
                """));

        for (int i = 0; i < 2; i++) {
            assertThat(gateway.policy().checkAction(GatewayClient.toolCall(agent, agent.id(), "search")).getDecision())
                    .isEqualTo(Decision.ALLOW);
        }
        CheckActionResponse third = gateway.policy().checkAction(GatewayClient.toolCall(agent, agent.id(), "search"));

        assertThat(third.getDecision()).isEqualTo(Decision.DENY);
        assertThat(third.getPolicyRule()).isEqualTo("rate/tools.search.limit_per_hour");
        assertThat(gateway.policy().checkAction(GatewayClient.toolCall(agent, agent.id(), "calc")).getDecision())
                .as("another tool").isEqualTo(Decision.ALLOW);
        assertThat(gateway.policy().checkAction(GatewayClient.toolCall(other, other.id(), "search")).getDecision())
                .as("another agent").isEqualTo(Decision.ALLOW);
    }

    @Test
    void anObservedPolicyAnswersAllowAndTheAuditRecordsWhatItWouldHaveDecided() {
        RegisteredAgent agent = gateway.register(apiKey, "org-a", "team-1", "shadowed");
        applyPolicies(ALLOW_ALL, policy("strict-trial", """
                  scope: global
                  enforcement_mode: observe
                  tools:
                    shell:
                      allow: false
                """));

        CheckActionRequest shell = GatewayClient.toolCall(agent, agent.id(), "shell");
        CheckActionResponse response = gateway.policy().checkAction(shell);

        assertThat(response.getDecision()).isEqualTo(Decision.ALLOW);
        JsonNode audit = decisionAudit(owner, shell.getTraceId()).path("payload");
        assertThat(audit.path("decision").asText()).isEqualTo("ALLOW");
        assertThat(audit.path("shadow_decision").asText()).isEqualTo("DENY");
        assertThat(audit.path("shadow_rule").asText()).isEqualTo("strict-trial/tools.shell.allow");
    }

    @Test
    void policiesAreScopedByTheRegisteredLineageNeverTheClaimedOne() {
        RegisteredAgent orgA = gateway.register(apiKey, "org-a", "team-1", "a-bot");
        RegisteredAgent orgB = gateway.register(apiKey, "org-b", "team-1", "b-bot");
        applyPolicies(policy("org-a-only", """
                  scope: "org:org-a"
                  tools:
                    "*":
                      allow: true
                """));

        assertThat(gateway.policy().checkAction(GatewayClient.toolCall(orgA, orgA.id(), "search")).getDecision())
                .isEqualTo(Decision.ALLOW);
        assertThat(gateway.policy().checkAction(GatewayClient.toolCall(orgB, orgB.id(), "search")).getReason())
                .isEqualTo("no policy in force");
        assertThat(gateway.policy().checkAction(GatewayClient.toolCall(orgB, orgA.id(), "search")).getPolicyRule())
                .as("claiming org-a's identity does not borrow its policy").isEqualTo("a2a_identity_verification");
    }

    @Test
    void aWorkspacesPoliciesNeverDecideForAnotherWorkspacesAgents() {
        applyPolicies(ALLOW_ALL);
        Member otherOwner = tenants.signUp("pro");
        String otherKey = api.post("/api/v1/api-keys", otherOwner.accessToken(), Api.json("name", "agents")).text("token");
        RegisteredAgent stranger = gateway.register(otherKey, "org-a", "team-1", "planner");
        RegisteredAgent mine = gateway.register(apiKey, "org-a", "team-1", "planner");

        assertThat(gateway.policy().checkAction(GatewayClient.toolCall(mine, mine.id(), "search")).getDecision())
                .isEqualTo(Decision.ALLOW);
        CheckActionResponse theirs = gateway.policy().checkAction(GatewayClient.toolCall(stranger, stranger.id(), "search"));
        assertThat(theirs.getDecision()).isEqualTo(Decision.DENY);
        assertThat(theirs.getReason()).isEqualTo("no policy in force");
    }
}
