package io.agentassembly.app;

import io.agentassembly.app.support.Api;
import io.agentassembly.app.support.GatewayClient;
import io.agentassembly.app.support.GatewayClient.RegisteredAgent;
import io.agentassembly.app.support.IntegrationTest;
import io.agentassembly.app.support.Tenants;
import io.agentassembly.app.support.Tenants.Member;
import io.agentassembly.gateway.GrpcServerPort;
import io.agentassembly.gateway.proto.common.v1.AgentId;
import io.agentassembly.gateway.proto.common.v1.Decision;
import io.agentassembly.gateway.proto.policy.v1.CheckActionResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Stream;

import static io.agentassembly.app.support.Api.json;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Walks every /api/v1 endpoint: (1) as each role of workspace A, refused with 403 exactly where the role table's
 * role table says so; (2) as the Owner of workspace B, every id of workspace A answers 404 and no list
 * shows anything of A.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TenantIsolationAndRolesTest extends IntegrationTest {

    enum Role { OWNER, ADMIN, DEVELOPER, VIEWER }

    private static final Set<Role> ALL = EnumSet.allOf(Role.class);
    private static final Set<Role> OWNER_ONLY = EnumSet.of(Role.OWNER);
    private static final Set<Role> OWNER_ADMIN = EnumSet.of(Role.OWNER, Role.ADMIN);
    private static final Set<Role> KEY_HOLDERS = EnumSet.of(Role.OWNER, Role.ADMIN, Role.DEVELOPER);

    /** A request against workspace A, built for the member who sends it. */
    record Call(String method, String path, Object body) {
    }

    record Endpoint(String name, Set<Role> allowed, Function<Member, Call> call, boolean hasForeignId) {
    }

    private Member ownerA;
    private Map<Role, Member> membersA;
    private String inactiveUserA;
    private String apiKeyA;
    private String invitationA;
    private String agentA;
    private Member ownerB;
    private static final String POLICY_A = "shared-policy";
    private static final String APPROVAL_POLICY = "approvals-needed";

    @Autowired
    private GrpcServerPort grpcPort;
    private GatewayClient gateway;
    private RegisteredAgent approvalAgentA;
    private String approvalA;
    private String budgetA;
    private String destinationA;
    private String scimTokenA;

    private void setUp() {
        if (ownerA != null) {
            return;
        }
        ownerA = tenants.signUp("pro");
        membersA = Map.of(Role.OWNER, ownerA, Role.ADMIN, tenants.invite(ownerA, "ADMIN"),
                Role.DEVELOPER, tenants.invite(ownerA, "DEVELOPER"), Role.VIEWER, tenants.invite(ownerA, "VIEWER"));
        inactiveUserA = tenants.invite(ownerA, "VIEWER").userId();
        assertThat(api.post("/api/v1/users/" + inactiveUserA + "/deactivate", ownerA.accessToken(), null).status()).isEqualTo(200);
        apiKeyA = api.post("/api/v1/api-keys", ownerA.accessToken(), json("name", "a-key")).text("key_id");
        invitationA = freshInvitation();
        agentA = newAgent("shared");
        newPolicy(POLICY_A);
        gateway = new GatewayClient(grpcPort.get());
        approvalAgentA = agentWithCredential("asks-for-approval");
        Api.Response approvals = api.post("/api/v1/policies", ownerA.accessToken(), json("apiVersion", "agent-assembly/v1",
                "kind", "Policy", "metadata", json("name", APPROVAL_POLICY), "spec", json("scope", "global",
                        "tools", json("deploy", json("requires_approval_if", "true")))));
        assertThat(approvals.status()).as(approvals.body().toString()).isEqualTo(200);
        approvalA = newApproval();
        budgetA = newBudget();
        destinationA = newDestination();
        scimTokenA = newScimToken();
        ownerB = tenants.signUp("pro");
    }

    @AfterAll
    void closeGateway() throws InterruptedException {
        if (gateway != null) {
            gateway.close();
        }
    }

    private RegisteredAgent agentWithCredential(String agentId) {
        Api.Response agent = api.post("/api/v1/agents", ownerA.accessToken(), json("org_id", "org-a", "team_id", "team-a",
                "agent_id", agentId, "name", agentId));
        assertThat(agent.status()).as(agent.body().toString()).isEqualTo(201);
        return new RegisteredAgent(AgentId.newBuilder().setOrgId("org-a").setTeamId("team-a").setAgentId(agentId).build(),
                agent.text("credential_token"));
    }

    /** A pending approval of workspace A, opened the way agents open them: a CheckAction the policy sends to a human. */
    private String newApproval() {
        CheckActionResponse pending = gateway.policy().checkAction(GatewayClient.toolCall(approvalAgentA, "deploy",
                "{\"release\":\"" + UUID.randomUUID() + "\"}", null));
        assertThat(pending.getDecision()).isEqualTo(Decision.PENDING);
        return pending.getApprovalId();
    }

    /** Like {@link #disposableAgentFor}: a fresh approval for members allowed to decide, the shared one otherwise. */
    private String disposableApprovalFor(Member member) {
        boolean manager = member == membersA.get(Role.OWNER) || member == membersA.get(Role.ADMIN);
        return manager ? newApproval() : approvalA;
    }

    private static Object budgetBody() {
        return json("name", "team a", "scope", "team", "org_id", "org-a", "team_id", "team-a",
                "token_limit", 1000, "window", "daily", "action", "deny");
    }

    private String newBudget() {
        Api.Response budget = api.post("/api/v1/budgets", ownerA.accessToken(), budgetBody());
        assertThat(budget.status()).as(budget.body().toString()).isEqualTo(201);
        return budget.text("budget_id");
    }

    /** Like {@link #disposableAgentFor}: a fresh budget for members allowed to delete one, the shared one otherwise. */
    private String disposableBudgetFor(Member member) {
        boolean manager = member == membersA.get(Role.OWNER) || member == membersA.get(Role.ADMIN);
        return manager ? newBudget() : budgetA;
    }

    private static Object destinationBody() {
        return json("name", "pager", "kind", "WEBHOOK", "url", "https://alerts.example.com/a");
    }

    private String newDestination() {
        Api.Response destination = api.post("/api/v1/alert-destinations", ownerA.accessToken(), destinationBody());
        assertThat(destination.status()).as(destination.body().toString()).isEqualTo(201);
        return destination.text("destination_id");
    }

    /** A fresh destination for members allowed to delete one, the shared one otherwise. */
    private String disposableDestinationFor(Member member) {
        boolean manager = member == membersA.get(Role.OWNER) || member == membersA.get(Role.ADMIN);
        return manager ? newDestination() : destinationA;
    }

    private String newScimToken() {
        Api.Response token = api.post("/api/v1/scim/tokens", ownerA.accessToken(), json("name", "idp"));
        assertThat(token.status()).as(token.body().toString()).isEqualTo(201);
        return token.text("token_id");
    }

    /** A fresh SCIM token for the Owner (revoking it must not disturb the others), the shared one otherwise. */
    private String disposableScimTokenFor(Member member) {
        return member == membersA.get(Role.OWNER) ? newScimToken() : scimTokenA;
    }

    private String newAgent(String prefix) {
        Api.Response agent = api.post("/api/v1/agents", ownerA.accessToken(), json("org_id", "org-a", "team_id", "team-a",
                "agent_id", prefix + "-" + UUID.randomUUID(), "name", prefix));
        assertThat(agent.status()).as(agent.body().toString()).isEqualTo(201);
        return agent.text("agent_key");
    }

    /**
     * A disposable agent for members allowed to manage agents (so the Pro quota of workspace A holds out), the
     * shared agent for everyone else (they are refused before it is touched), workspace A's agent for owner B.
     */
    private String disposableAgentFor(Member member) {
        boolean manager = member == membersA.get(Role.OWNER) || member == membersA.get(Role.ADMIN);
        return manager ? newAgent("disposable") : agentA;
    }

    private static Object policyDocument(String name) {
        return json("apiVersion", "agent-assembly/v1", "kind", "Policy", "metadata", json("name", name),
                "spec", json("scope", "global"));
    }

    private String newPolicy(String name) {
        Api.Response applied = api.post("/api/v1/policies", ownerA.accessToken(), policyDocument(name));
        assertThat(applied.status()).as(applied.body().toString()).isEqualTo(200);
        return name;
    }

    /** Like {@link #disposableAgentFor}: a fresh policy for members allowed to delete one, the shared one otherwise. */
    private String disposablePolicyFor(Member member) {
        boolean manager = member == membersA.get(Role.OWNER) || member == membersA.get(Role.ADMIN);
        return manager ? newPolicy("disposable-" + UUID.randomUUID().toString().substring(0, 8)) : POLICY_A;
    }

    private String freshInvitation() {
        return api.post("/api/v1/invitations", ownerA.accessToken(),
                json("email", Tenants.uniqueEmail("pending"), "role", "VIEWER")).text("invitation_id");
    }

    /** A key of the member's own, or (a role that may not hold keys) the owner's: both are refused alike. */
    private String freshKeyOf(Member member) {
        String key = api.post("/api/v1/api-keys", member.accessToken(), json("name", "disposable")).text("key_id");
        return key == null ? apiKeyA : key;
    }

    private List<Endpoint> endpoints() {
        String ws = "/api/v1/workspaces/" + ownerA.workspaceId();
        String viewer = "/api/v1/users/" + membersA.get(Role.VIEWER).userId();
        String agent = "/api/v1/agents/" + agentA;
        String policy = "/api/v1/policies/" + POLICY_A;
        return List.of(
                new Endpoint("GET workspace", ALL, m -> new Call("GET", "/api/v1/workspace", null), false),
                new Endpoint("GET workspace by id", ALL, m -> new Call("GET", ws, null), true),
                new Endpoint("PATCH workspace", OWNER_ONLY, m -> new Call("PATCH", ws, json("name", "Acme " + ownerA.email())), true),
                new Endpoint("PUT tier", OWNER_ONLY, m -> new Call("PUT", ws + "/tier", json("tier", "pro")), true),
                new Endpoint("PUT billing", OWNER_ONLY, m -> new Call("PUT", ws + "/billing", json("payment_method_ref", "pm_card_4242")), true),
                new Endpoint("GET users", OWNER_ADMIN, m -> new Call("GET", "/api/v1/users", null), false),
                new Endpoint("GET user", OWNER_ADMIN, m -> new Call("GET", viewer, null), true),
                new Endpoint("PUT user role", OWNER_ONLY, m -> new Call("PUT", viewer + "/role", json("role", "VIEWER")), true),
                new Endpoint("POST deactivate user", OWNER_ONLY, m -> new Call("POST", "/api/v1/users/" + inactiveUserA + "/deactivate", null), true),
                new Endpoint("POST reactivate user", OWNER_ONLY, m -> new Call("POST", viewer + "/reactivate", null), true),
                new Endpoint("POST invitation", OWNER_ONLY, m -> new Call("POST", "/api/v1/invitations", json("email", Tenants.uniqueEmail("inv"), "role", "VIEWER")), false),
                new Endpoint("GET invitations", OWNER_ADMIN, m -> new Call("GET", "/api/v1/invitations", null), false),
                new Endpoint("DELETE invitation", OWNER_ONLY, m -> new Call("DELETE", "/api/v1/invitations/" + (m == ownerB ? invitationA : freshInvitation()), null), true),
                new Endpoint("POST api key", KEY_HOLDERS, m -> new Call("POST", "/api/v1/api-keys", json("name", "k")), false),
                new Endpoint("GET api keys", KEY_HOLDERS, m -> new Call("GET", "/api/v1/api-keys", null), false),
                new Endpoint("DELETE api key", KEY_HOLDERS, m -> new Call("DELETE", "/api/v1/api-keys/" + (m == ownerB ? apiKeyA : freshKeyOf(m)), null), true),
                new Endpoint("POST agent", OWNER_ADMIN, m -> new Call("POST", "/api/v1/agents", json("org_id", "org-a",
                        "team_id", "team-a", "agent_id", "by-" + UUID.randomUUID(), "name", "n")), false),
                new Endpoint("GET agents", ALL, m -> new Call("GET", "/api/v1/agents?org_id=org-a", null), false),
                new Endpoint("GET agent", ALL, m -> new Call("GET", agent, null), true),
                new Endpoint("POST rotate agent credential", OWNER_ADMIN, m -> new Call("POST", agent + "/credential/rotate", null), true),
                new Endpoint("POST agent operation signal", OWNER_ADMIN, m -> new Call("POST", agent + "/operations", json("op_id", "trace-1:span-1", "signal", "PAUSE")), true),
                new Endpoint("POST suspend agent", OWNER_ADMIN, m -> new Call("POST", agent + "/suspend", json("reason", "check")), true),
                new Endpoint("POST resume agent", OWNER_ADMIN, m -> new Call("POST", agent + "/resume", null), true),
                new Endpoint("POST revoke agent", OWNER_ADMIN, m -> new Call("POST", "/api/v1/agents/" + (m == ownerB ? agentA : disposableAgentFor(m)) + "/revoke", null), true),
                new Endpoint("DELETE agent", OWNER_ADMIN, m -> new Call("DELETE", "/api/v1/agents/" + (m == ownerB ? agentA : disposableAgentFor(m)), null), true),
                new Endpoint("POST policies", OWNER_ADMIN, m -> new Call("POST", "/api/v1/policies", policyDocument("applied-by-role")), false),
                new Endpoint("GET policies", ALL, m -> new Call("GET", "/api/v1/policies", null), false),
                new Endpoint("GET policy", ALL, m -> new Call("GET", policy, null), true),
                new Endpoint("GET policy versions", ALL, m -> new Call("GET", policy + "/versions", null), true),
                new Endpoint("GET policy version", ALL, m -> new Call("GET", policy + "/versions/1", null), true),
                new Endpoint("GET policy diff", ALL, m -> new Call("GET", policy + "/diff?from=1&to=1", null), true),
                new Endpoint("POST policy rollback", OWNER_ADMIN, m -> new Call("POST", policy + "/rollback", json("version", 1)), true),
                new Endpoint("POST policy deactivate", OWNER_ADMIN, m -> new Call("POST", policy + "/deactivate", null), true),
                new Endpoint("POST policy activate", OWNER_ADMIN, m -> new Call("POST", policy + "/activate", null), true),
                new Endpoint("DELETE policy", OWNER_ADMIN, m -> new Call("DELETE", "/api/v1/policies/" + (m == ownerB ? POLICY_A : disposablePolicyFor(m)), null), true),
                new Endpoint("POST policies simulate", ALL, m -> new Call("POST", "/api/v1/policies/simulate", json("request",
                        json("agent_id", json("org_id", "org-a", "team_id", "team-a", "agent_id", "any"),
                                "action_type", "TOOL_CALL", "context", json("tool_call", json("tool_name", "deploy"))))), false),
                new Endpoint("GET approvals", ALL, m -> new Call("GET", "/api/v1/approvals?status=pending", null), false),
                new Endpoint("GET approval", ALL, m -> new Call("GET", "/api/v1/approvals/" + approvalA, null), true),
                new Endpoint("POST approve approval", OWNER_ADMIN, m -> new Call("POST", "/api/v1/approvals/"
                        + (m == ownerB ? approvalA : disposableApprovalFor(m)) + "/approve", json("reason", "ok")), true),
                new Endpoint("POST reject approval", OWNER_ADMIN, m -> new Call("POST", "/api/v1/approvals/"
                        + (m == ownerB ? approvalA : disposableApprovalFor(m)) + "/reject", null), true),
                new Endpoint("POST budget", OWNER_ADMIN, m -> new Call("POST", "/api/v1/budgets", budgetBody()), false),
                new Endpoint("GET budgets", ALL, m -> new Call("GET", "/api/v1/budgets?org_id=org-a", null), false),
                new Endpoint("GET budget", ALL, m -> new Call("GET", "/api/v1/budgets/" + budgetA, null), true),
                new Endpoint("PUT budget", OWNER_ADMIN, m -> new Call("PUT", "/api/v1/budgets/" + budgetA, json("name",
                        "team a", "token_limit", 1000, "window", "daily", "action", "deny")), true),
                new Endpoint("POST reset budget", OWNER_ONLY, m -> new Call("POST", "/api/v1/budgets/" + budgetA
                        + "/reset", json("reason", "agreed")), true),
                new Endpoint("DELETE budget", OWNER_ADMIN, m -> new Call("DELETE", "/api/v1/budgets/"
                        + (m == ownerB ? budgetA : disposableBudgetFor(m)), null), true),
                new Endpoint("POST alert destination", OWNER_ADMIN, m -> new Call("POST", "/api/v1/alert-destinations",
                        destinationBody()), false),
                new Endpoint("GET alert destinations", OWNER_ADMIN, m -> new Call("GET", "/api/v1/alert-destinations", null), false),
                new Endpoint("GET alert destination", OWNER_ADMIN, m -> new Call("GET", "/api/v1/alert-destinations/"
                        + destinationA, null), true),
                new Endpoint("PUT alert destination", OWNER_ADMIN, m -> new Call("PUT", "/api/v1/alert-destinations/"
                        + destinationA, json("name", "pager", "enabled", true)), true),
                new Endpoint("POST rotate alert destination secret", OWNER_ADMIN, m -> new Call("POST",
                        "/api/v1/alert-destinations/" + destinationA + "/rotate-secret", null), true),
                new Endpoint("POST test alert", OWNER_ADMIN, m -> new Call("POST", "/api/v1/alert-destinations/"
                        + destinationA + "/test", null), true),
                new Endpoint("GET alert deliveries", OWNER_ADMIN, m -> new Call("GET", "/api/v1/alert-destinations/"
                        + destinationA + "/deliveries", null), true),
                new Endpoint("DELETE alert destination", OWNER_ADMIN, m -> new Call("DELETE", "/api/v1/alert-destinations/"
                        + (m == ownerB ? destinationA : disposableDestinationFor(m)), null), true),
                new Endpoint("POST scim token", OWNER_ONLY, m -> new Call("POST", "/api/v1/scim/tokens", json("name", "idp")), false),
                new Endpoint("GET scim tokens", OWNER_ONLY, m -> new Call("GET", "/api/v1/scim/tokens", null), false),
                new Endpoint("POST rotate scim token", OWNER_ONLY, m -> new Call("POST", "/api/v1/scim/tokens/"
                        + scimTokenA + "/rotate", null), true),
                new Endpoint("DELETE scim token", OWNER_ONLY, m -> new Call("DELETE", "/api/v1/scim/tokens/"
                        + (m == ownerB ? scimTokenA : disposableScimTokenFor(m)), null), true),
                new Endpoint("GET group role mapping", OWNER_ONLY, m -> new Call("GET", "/api/v1/group-role-mapping", null), false),
                new Endpoint("PUT group role mapping", OWNER_ONLY, m -> new Call("PUT", "/api/v1/group-role-mapping",
                        json("groups", List.of(json("group", "idp-admins-" + m.userId(), "role", "ADMIN")),
                                "default_role", "VIEWER")), false),
                new Endpoint("GET topology overview", ALL, m -> new Call("GET", "/api/v1/topology/overview?org_id=org-a", null), false),
                new Endpoint("GET topology tree", ALL, m -> new Call("GET", "/api/v1/topology/tree/" + agentA, null), true),
                new Endpoint("GET topology team", ALL, m -> new Call("GET", "/api/v1/topology/team/team-a", null), false),
                new Endpoint("GET topology lineage", ALL, m -> new Call("GET", "/api/v1/topology/lineage/" + agentA, null), true),
                new Endpoint("GET topology stats", ALL, m -> new Call("GET", "/api/v1/topology/stats?window=7d", null), false),
                new Endpoint("GET logs", ALL, m -> new Call("GET", "/api/v1/logs", null), false),
                new Endpoint("GET audit public key", ALL, m -> new Call("GET", "/api/v1/audit/public-key", null), false),
                new Endpoint("GET audit verify", OWNER_ADMIN, m -> new Call("GET", "/api/v1/audit/verify", null), false),
                new Endpoint("GET audit export", OWNER_ADMIN, m -> new Call("GET", "/api/v1/audit/export?format=jsonl", null), false),
                new Endpoint("GET me", ALL, m -> new Call("GET", "/api/v1/auth/me", null), false));
    }

    @TestFactory
    Stream<DynamicTest> eachRoleIsAllowedExactlyWhatSeed000Grants() {
        setUp();
        List<DynamicTest> tests = new ArrayList<>();
        for (Endpoint endpoint : endpoints()) {
            for (Role role : Role.values()) {
                boolean allowed = endpoint.allowed().contains(role);
                tests.add(DynamicTest.dynamicTest(endpoint.name() + " as " + role + (allowed ? " is allowed" : " is 403"), () -> {
                    Member member = membersA.get(role);
                    Call call = endpoint.call().apply(member);
                    Api.Response response = api.send(call.method(), call.path(), member.accessToken(), call.body());
                    if (allowed) {
                        assertThat(response.status()).as(response.body().toString()).isBetween(200, 299);
                    } else {
                        assertThat(response.status()).as(response.body().toString()).isEqualTo(403);
                        assertThat(response.text("code")).isEqualTo("PERMISSION_DENIED");
                    }
                }));
            }
        }
        return tests.stream();
    }

    @TestFactory
    Stream<DynamicTest> anotherWorkspacesIdsAnswer404() {
        setUp();
        return endpoints().stream().filter(Endpoint::hasForeignId).map(endpoint ->
                DynamicTest.dynamicTest(endpoint.name() + " with workspace A's id as owner of B", () -> {
                    Call call = endpoint.call().apply(ownerB);
                    Api.Response response = api.send(call.method(), call.path(), ownerB.accessToken(), call.body());
                    assertThat(response.status()).as(response.body().toString()).isEqualTo(404);
                    assertThat(response.contentType()).startsWith("application/problem+json");
                }));
    }

    @TestFactory
    Stream<DynamicTest> anotherWorkspacesListsShowNothingOfA() {
        setUp();
        return Stream.of("/api/v1/users", "/api/v1/invitations", "/api/v1/api-keys", "/api/v1/logs?per_page=500",
                "/api/v1/workspace", "/api/v1/agents", "/api/v1/agents?org_id=org-a&include_deregistered=true",
                "/api/v1/policies", "/api/v1/approvals", "/api/v1/budgets", "/api/v1/budgets?org_id=org-a",
                "/api/v1/alert-destinations", "/api/v1/scim/tokens", "/api/v1/group-role-mapping", "/api/v1/topology/overview", "/api/v1/topology/team/team-a",
                "/api/v1/topology/stats", "/api/v1/audit/public-key", "/api/v1/audit/verify",
                "/api/v1/audit/export?format=jsonl")
                .map(path -> DynamicTest.dynamicTest(path, () -> {
            Api.Response response = api.get(path, ownerB.accessToken());
            assertThat(response.status()).isEqualTo(200);
            assertThat(response.body().toString())
                    .doesNotContain(ownerA.workspaceId())
                    .doesNotContain(ownerA.userId())
                    .doesNotContain(apiKeyA)
                    .doesNotContain(invitationA)
                    .doesNotContain(agentA)
                    .doesNotContain(POLICY_A)
                    .doesNotContain(approvalA)
                    .doesNotContain(budgetA)
                    .doesNotContain(destinationA)
                    .doesNotContain(scimTokenA);
        }));
    }

    @TestFactory
    Stream<DynamicTest> everyEndpointRefusesAnonymousCallersWith401() {
        setUp();
        return endpoints().stream().map(endpoint -> DynamicTest.dynamicTest(endpoint.name(), () -> {
            Call call = endpoint.call().apply(ownerB);
            Api.Response response = api.deliberatelyInvalid().send(call.method(), call.path(), null, call.body());
            assertThat(response.status()).isEqualTo(401);
            assertThat(response.text("code")).isEqualTo("AUTHENTICATION_FAILED");
        }));
    }
}
