package io.agentassembly.app;

import com.fasterxml.jackson.databind.JsonNode;
import io.agentassembly.app.rest.PolicyController;
import io.agentassembly.app.support.Api;
import io.agentassembly.app.support.IntegrationTest;
import io.agentassembly.app.support.Tenants.Member;
import io.agentassembly.command.api.policy.PolicyIds;
import io.agentassembly.query.api.GatewayQueries.ActivePolicyView;
import io.agentassembly.query.api.GatewayQueries.FindActivePoliciesQuery;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerExecutionChain;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static io.agentassembly.app.support.Api.json;
import static io.agentassembly.schema.jooq.Tables.POLICY_VERSION_VIEW;
import static io.agentassembly.schema.jooq.Tables.POLICY_VIEW;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Policies over real HTTP: apply, read, version, diff, roll back, (de)activate, delete, quota, audit. */
class PolicyApiTest extends IntegrationTest {

    private static final String QUOTA_MESSAGE = "the free tier allows 5 active policies; deactivate one or upgrade";

    @Autowired
    DSLContext db;
    @Autowired
    QueryGateway queryGateway;
    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping handlerMapping;

    static String document(String name, String scope, boolean shellAllowed) {
        return """
                apiVersion: agent-assembly/v1
                kind: Policy
                metadata:
                  name: %s
                spec:
                  scope: "%s"
                  tools:
                    shell:
                      allow: %s
                """.formatted(name, scope, shellAllowed);
    }

    private Api.Response applyYaml(Member member, String yaml) {
        return api.send("POST", "/api/v1/policies", member.accessToken(), "application/yaml", yaml);
    }

    private JsonNode applied(Member member, String yaml) {
        Api.Response response = applyYaml(member, yaml);
        assertThat(response.status()).as(response.body().toString()).isEqualTo(200);
        return response.body().path("policies");
    }

    private Api.Response get(Member member, String path) {
        return api.get("/api/v1/policies" + path, member.accessToken());
    }

    private int storedEventsOf(Member member, String name) {
        return db.fetchCount(DSL.table("domainevententry"),
                DSL.field("aggregateidentifier").eq(PolicyIds.of(member.workspaceId(), name)));
    }

    private int storedEventsOfType(Member member, String payloadType) {
        return db.fetchCount(DSL.table("domainevententry"), DSL.field("aggregateidentifier").eq(member.workspaceId())
                .and(DSL.field("payloadtype", String.class).endsWith(payloadType)));
    }

    @Test
    void appliesEveryDocumentOfAYamlFileAndReadsThemBack() {
        Member owner = tenants.signUp("pro");
        String global = document("baseline", "global", false);
        String org = document("acme-guard", "org:org-acme", true);

        JsonNode policies = applied(owner, global + "---\n" + org);

        assertThat(policies).hasSize(2);
        assertThat(policies.get(0).path("name").asText()).isEqualTo("baseline");
        assertThat(policies.get(1).path("name").asText()).isEqualTo("acme-guard");
        policies.forEach(p -> {
            assertThat(p.path("status").asText()).isEqualTo("created");
            assertThat(p.path("version").asInt()).isEqualTo(1);
            assertThat(p.path("active").asBoolean()).isTrue();
            assertThat(p.path("digest").asText()).matches("sha256:[0-9a-f]{64}");
        });

        Api.Response list = get(owner, "");
        assertThat(list.status()).isEqualTo(200);
        assertThat(list.body()).hasSize(2);
        assertThat(list.body().get(0).path("name").asText()).isEqualTo("acme-guard");
        assertThat(list.body().get(0).path("scope").asText()).isEqualTo("org:org-acme");
        assertThat(list.body().get(0).path("org_id").asText()).isEqualTo("org-acme");
        assertThat(list.body().get(0).path("enforcement_mode").asText()).isEqualTo("enforce");
        assertThat(list.body().get(1).path("name").asText()).isEqualTo("baseline");
        assertThat(list.body().get(1).has("org_id")).isFalse();

        Api.Response one = get(owner, "/baseline");
        assertThat(one.status()).isEqualTo(200);
        assertThat(one.text("source")).contains("name: baseline").contains("allow: false").doesNotContain("acme-guard");
        assertThat(one.text("digest")).isEqualTo(policies.get(0).path("digest").asText());
        assertThat(one.body().path("version").asInt()).isEqualTo(1);
    }

    @Test
    void acceptsJsonBodiesWithOneDocumentOrAnArray() {
        Member owner = tenants.signUp("pro");
        var single = json("apiVersion", "agent-assembly/v1", "kind", "Policy", "metadata", json("name", "json-one"),
                "spec", json("scope", "global"));
        var other = json("apiVersion", "agent-assembly/v1", "kind", "Policy", "metadata", json("name", "json-two"),
                "spec", json("scope", "team:org-acme/team-ml", "enforcement_mode", "observe"));

        Api.Response one = api.post("/api/v1/policies", owner.accessToken(), single);
        Api.Response both = api.post("/api/v1/policies", owner.accessToken(), List.of(single, other));

        assertThat(one.status()).as(one.body().toString()).isEqualTo(200);
        assertThat(one.body().path("policies").get(0).path("status").asText()).isEqualTo("created");
        assertThat(both.status()).as(both.body().toString()).isEqualTo(200);
        assertThat(both.body().path("policies").get(0).path("status").asText()).isEqualTo("unchanged");
        assertThat(both.body().path("policies").get(1).path("status").asText()).isEqualTo("created");
        Api.Response team = get(owner, "/json-two");
        assertThat(team.text("org_id")).isEqualTo("org-acme");
        assertThat(team.text("enforcement_mode")).isEqualTo("observe");

        JsonNode asYaml = applied(owner, "apiVersion: agent-assembly/v1\nkind: Policy\nmetadata: {name: json-one}\n"
                + "spec: {scope: global, enforcement_mode: enforce}\n").get(0);
        assertThat(asYaml.path("status").asText()).as("the same content as YAML").isEqualTo("unchanged");
    }

    @Test
    void reapplyingTheSameContentChangesNothingEvenReformatted() {
        Member owner = tenants.signUp("pro");
        String yaml = document("steady", "global", false);
        JsonNode first = applied(owner, yaml).get(0);
        int events = storedEventsOf(owner, "steady");

        JsonNode again = applied(owner, yaml).get(0);
        JsonNode reformatted = applied(owner, "# reviewed by security\n" + yaml.replace("  scope: \"global\"",
                "  scope: global   # everywhere")).get(0);

        assertThat(again.path("status").asText()).isEqualTo("unchanged");
        assertThat(reformatted.path("status").asText()).isEqualTo("unchanged");
        assertThat(reformatted.path("version").asInt()).isEqualTo(1);
        assertThat(reformatted.path("digest").asText()).isEqualTo(first.path("digest").asText());
        assertThat(storedEventsOf(owner, "steady")).isEqualTo(events);
    }

    @Test
    void keepsEveryVersionDiffsThemAndRollsBackAsANewVersion() {
        Member owner = tenants.signUp("pro");
        JsonNode v1 = applied(owner, document("evolving", "global", false)).get(0);
        JsonNode v2 = applied(owner, document("evolving", "global", true)).get(0);
        assertThat(v2.path("status").asText()).isEqualTo("updated");
        assertThat(v2.path("version").asInt()).isEqualTo(2);
        assertThat(v2.path("digest").asText()).isNotEqualTo(v1.path("digest").asText());

        Api.Response history = get(owner, "/evolving/versions");
        assertThat(history.status()).isEqualTo(200);
        assertThat(history.body()).hasSize(2);
        assertThat(history.body().get(0).path("version").asInt()).isEqualTo(2);
        assertThat(history.body().get(0).path("created_by").asText()).isEqualTo(owner.userId());
        assertThat(history.body().get(0).path("created_by_type").asText()).isEqualTo("USER");
        assertThat(history.body().get(0).has("source")).isFalse();
        Api.Response first = get(owner, "/evolving/versions/1");
        assertThat(first.status()).isEqualTo(200);
        assertThat(first.text("source")).contains("allow: false");
        assertThat(first.text("digest")).isEqualTo(v1.path("digest").asText());
        assertThat(get(owner, "/evolving/versions/7").text("code")).isEqualTo("POLICY_VERSION_NOT_FOUND");

        Api.Response diff = get(owner, "/evolving/diff?from=1&to=2");
        assertThat(diff.status()).as(diff.body().toString()).isEqualTo(200);
        assertThat(diff.body().path("changes")).anySatisfy(change -> {
            assertThat(change.path("path").asText()).isEqualTo("spec.tools.shell.allow");
            assertThat(change.path("from").asBoolean()).isFalse();
            assertThat(change.path("to").asBoolean()).isTrue();
        });
        assertThat(get(owner, "/evolving/diff?from=1&to=1").body().path("changes")).isEmpty();
        assertThat(get(owner, "/evolving/diff?from=1&to=9").status()).isEqualTo(404);

        Api.Response rollback = api.post("/api/v1/policies/evolving/rollback", owner.accessToken(), json("version", 1));
        assertThat(rollback.status()).as(rollback.body().toString()).isEqualTo(200);
        assertThat(rollback.text("status")).isEqualTo("updated");
        assertThat(rollback.body().path("version").asInt()).isEqualTo(3);
        assertThat(rollback.text("digest")).isEqualTo(v1.path("digest").asText());
        JsonNode restored = get(owner, "/evolving/versions").body().get(0);
        assertThat(restored.path("version").asInt()).isEqualTo(3);
        assertThat(restored.path("rolled_back_from").asInt()).isEqualTo(1);
        assertThat(get(owner, "/evolving").text("source")).contains("allow: false");

        Api.Response again = api.post("/api/v1/policies/evolving/rollback", owner.accessToken(), json("version", 1));
        assertThat(again.text("status")).isEqualTo("unchanged");
        assertThat(again.body().path("version").asInt()).isEqualTo(3);
        Api.Response unknown = api.post("/api/v1/policies/evolving/rollback", owner.accessToken(), json("version", 9));
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.text("code")).isEqualTo("POLICY_VERSION_NOT_FOUND");
        Api.Response missing = api.deliberatelyInvalid().post("/api/v1/policies/evolving/rollback", owner.accessToken(), json());
        assertThat(missing.status()).isEqualTo(400);
        assertThat(missing.text("field")).isEqualTo("version");
    }

    @Test
    void deactivatesActivatesDeletesAndRevives() {
        Member owner = tenants.signUp("pro");
        applied(owner, document("alpha", "global", false) + "---\n" + document("beta", "org:org-b", true));

        Api.Response deactivated = api.post("/api/v1/policies/alpha/deactivate", owner.accessToken(), null);
        assertThat(deactivated.status()).as(deactivated.body().toString()).isEqualTo(200);
        assertThat(deactivated.body().path("active").asBoolean()).isFalse();
        assertThat(activePolicies(owner)).extracting(ActivePolicyView::name).containsExactly("beta");
        assertThat(api.post("/api/v1/policies/alpha/deactivate", owner.accessToken(), null).status()).isEqualTo(200);

        Api.Response activated = api.post("/api/v1/policies/alpha/activate", owner.accessToken(), null);
        assertThat(activated.body().path("active").asBoolean()).isTrue();
        List<ActivePolicyView> active = activePolicies(owner);
        assertThat(active).extracting(ActivePolicyView::name).containsExactly("alpha", "beta");
        assertThat(active.getFirst().version()).isEqualTo(1);
        assertThat(active.getFirst().source()).contains("name: alpha");
        assertThat(active.getFirst().policyId()).isEqualTo(PolicyIds.of(owner.workspaceId(), "alpha"));

        assertThat(api.delete("/api/v1/policies/alpha", owner.accessToken()).status()).isEqualTo(204);
        assertThat(get(owner, "/alpha").status()).isEqualTo(404);
        assertThat(get(owner, "/alpha").text("code")).isEqualTo("POLICY_NOT_FOUND");
        assertThat(get(owner, "/alpha/versions").status()).isEqualTo(404);
        assertThat(get(owner, "").body()).extracting(p -> p.path("name").asText()).containsExactly("beta");
        assertThat(activePolicies(owner)).extracting(ActivePolicyView::name).containsExactly("beta");
        assertThat(api.delete("/api/v1/policies/alpha", owner.accessToken()).status()).isEqualTo(404);
        assertThat(api.post("/api/v1/policies/alpha/activate", owner.accessToken(), null).status()).isEqualTo(404);

        JsonNode revived = applied(owner, document("alpha", "global", false)).get(0);
        assertThat(revived.path("status").asText()).isEqualTo("created");
        assertThat(revived.path("version").asInt()).isEqualTo(2);
        assertThat(revived.path("active").asBoolean()).isTrue();
        assertThat(get(owner, "/alpha/versions").body()).hasSize(2);
        assertThat(activePolicies(owner)).extracting(ActivePolicyView::name).containsExactly("alpha", "beta");
    }

    @Test
    void anInvalidFileIsRefusedWithEveryViolationAndNothingIsStored() {
        Member owner = tenants.signUp("pro");
        String valid = document("fine-one", "global", false);
        String invalid = """
                apiVersion: agent-assembly/v1
                kind: Policy
                metadata:
                  name: broken-one
                spec:
                  scope: global
                  tools:
                    shell:
                      limit_per_hour: -3
                """;

        Api.Response response = applyYaml(owner, valid + "---\n" + invalid);

        assertThat(response.status()).as(response.body().toString()).isEqualTo(400);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.text("code")).isEqualTo("VALIDATION_FAILED");
        assertThat(response.body().path("errors")).isNotEmpty().anySatisfy(error -> {
            assertThat(error.path("document").asInt()).as("the second document, counted from 1 like lines").isEqualTo(2);
            assertThat(error.path("line").asInt()).as("line in the file").isEqualTo(19);
            assertThat(error.path("column").asInt()).isEqualTo(23);
            assertThat(error.path("field").asText()).isEqualTo("spec.tools.shell.limit_per_hour");
            assertThat(error.path("message").asText()).isNotBlank();
        });
        assertThat(response.text("field")).isEqualTo("spec.tools.shell.limit_per_hour");
        assertThat(response.text("detail")).contains("limit_per_hour").endsWith("(document 2, line 19, column 23)");
        assertNothingStored(owner, "fine-one", "broken-one");
    }

    @Test
    void legacyRuleListsAreRefused() {
        Member owner = tenants.signUp("pro");
        String legacy = """
                apiVersion: agent-assembly/v1
                kind: Policy
                metadata:
                  name: legacy
                spec:
                  scope: global
                rules:
                  - action: deny
                    tool: shell
                """;

        Api.Response response = applyYaml(owner, legacy);

        assertThat(response.status()).as(response.body().toString()).isEqualTo(400);
        assertThat(response.body().path("errors")).anySatisfy(error -> {
            assertThat(error.path("field").asText()).contains("rules");
            assertThat(error.path("line").asInt()).isEqualTo(7);
        });
        assertNothingStored(owner, "legacy");
    }

    @Test
    void refusesOtherMediaTypesAndOversizedFiles() {
        Member owner = tenants.signUp("pro");

        Api.Response plain = api.deliberatelyInvalid().send("POST", "/api/v1/policies", owner.accessToken(), "text/plain",
                document("typed", "global", false));
        assertThat(plain.status()).isEqualTo(415);
        assertThat(plain.contentType()).startsWith("application/problem+json");
        assertThat(plain.text("detail")).contains("application/yaml", "application/x-yaml", "text/yaml",
                "application/json");
        assertThat(plain.text("field")).isEqualTo("Content-Type");

        for (String type : List.of("application/x-yaml", "text/yaml", "application/yaml; charset=utf-8")) {
            assertThat(api.deliberatelyInvalid().send("POST", "/api/v1/policies", owner.accessToken(), type,
                    document("typed", "global", false)).status()).as(type).isEqualTo(200);
        }

        String padding = "# " + "x".repeat(1021) + "\n";
        String huge = document("huge", "global", false) + padding.repeat(256);
        Api.Response tooLarge = applyYaml(owner, huge);
        assertThat(tooLarge.status()).isEqualTo(413);
        assertThat(tooLarge.text("code")).isEqualTo("PAYLOAD_TOO_LARGE");
        assertNothingStored(owner, "huge");
    }

    @Test
    void unknownAndMalformedNamesAnswer404() {
        Member owner = tenants.signUp("pro");
        assertThat(get(owner, "/nothing-here").status()).isEqualTo(404);
        assertThat(get(owner, "/Not%20A%20Name").status()).isEqualTo(404);
        assertThat(api.post("/api/v1/policies/nothing-here/rollback", owner.accessToken(), json("version", 1)).status())
                .isEqualTo(404);
        assertThat(api.post("/api/v1/policies/nothing-here/deactivate", owner.accessToken(), null).text("code"))
                .isEqualTo("POLICY_NOT_FOUND");
    }

    @Test
    void twelveParallelAppliesIntoAFreeWorkspaceActivateExactlyFive() throws Exception {
        Member owner = tenants.signUp("free");
        int attempts = 12;
        ExecutorService pool = Executors.newFixedThreadPool(attempts);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Api.Response>> futures = new ArrayList<>();
        try {
            for (int i = 0; i < attempts; i++) {
                String yaml = document("race-" + i, "global", false);
                futures.add(pool.submit(() -> {
                    start.await();
                    return applyYaml(owner, yaml);
                }));
            }
            start.countDown();
            List<Api.Response> responses = new ArrayList<>();
            for (Future<Api.Response> future : futures) {
                responses.add(future.get(60, TimeUnit.SECONDS));
            }

            assertThat(responses).filteredOn(r -> r.status() == 200).hasSize(5);
            assertThat(responses).filteredOn(r -> r.status() != 200).hasSize(attempts - 5).allSatisfy(r -> {
                assertThat(r.status()).as(r.body().toString()).isEqualTo(409);
                assertThat(r.contentType()).startsWith("application/problem+json");
                assertThat(r.text("code")).isEqualTo("QUOTA_EXCEEDED");
                assertThat(r.text("detail")).endsWith(QUOTA_MESSAGE);
            });
        } finally {
            pool.shutdownNow();
        }

        assertThat(get(owner, "").body()).hasSize(5);
        assertThat(activePolicies(owner)).hasSize(5);
        assertThat(db.fetchCount(POLICY_VIEW, POLICY_VIEW.WORKSPACE_ID.eq(owner.workspaceId()))).isEqualTo(5);
        assertThat(db.fetchCount(POLICY_VERSION_VIEW, POLICY_VERSION_VIEW.WORKSPACE_ID.eq(owner.workspaceId())))
                .isEqualTo(5);
        int policiesWithEvents = 0;
        for (int i = 0; i < attempts; i++) {
            policiesWithEvents += storedEventsOf(owner, "race-" + i) > 0 ? 1 : 0;
        }
        assertThat(policiesWithEvents).isEqualTo(5);
        assertThat(storedEventsOfType(owner, "PolicySlotTakenEvent")).isEqualTo(5);
    }

    @Test
    void aQuotaRefusalOnTheThirdDocumentLeavesTheFirstTwoUnstored() {
        Member owner = tenants.signUp("free");
        applied(owner, document("kept-1", "global", false) + "---\n" + document("kept-2", "global", false)
                + "---\n" + document("kept-3", "global", false));

        Api.Response refused = applyYaml(owner, document("new-1", "global", false) + "---\n"
                + document("new-2", "global", false) + "---\n" + document("new-3", "global", false));

        assertThat(refused.status()).as(refused.body().toString()).isEqualTo(409);
        assertThat(refused.text("code")).isEqualTo("QUOTA_EXCEEDED");
        assertThat(refused.text("detail")).isEqualTo("policy new-3 cannot be activated: " + QUOTA_MESSAGE);
        assertNothingStored(owner, "new-1", "new-2", "new-3");
        assertThat(get(owner, "").body()).extracting(p -> p.path("name").asText())
                .containsExactly("kept-1", "kept-2", "kept-3");
        assertThat(storedEventsOfType(owner, "PolicySlotTakenEvent")).isEqualTo(3);

        assertThat(api.post("/api/v1/policies/kept-1/deactivate", owner.accessToken(), null).status()).isEqualTo(200);
        applied(owner, document("new-1", "global", false) + "---\n" + document("new-2", "global", false)
                + "---\n" + document("new-3", "global", false));
        Api.Response sixth = api.post("/api/v1/policies/kept-1/activate", owner.accessToken(), null);
        assertThat(sixth.status()).isEqualTo(409);
        assertThat(sixth.text("detail")).isEqualTo("policy kept-1 cannot be activated: " + QUOTA_MESSAGE);
        assertThat(get(owner, "/kept-1").body().path("active").asBoolean()).isFalse();
    }

    @Test
    void policyChangesAreInTheAuditLogWithTheirActorAndOrg() {
        Member owner = tenants.signUp("pro");
        applied(owner, document("audited", "org:org-audit", false));
        applied(owner, document("audited", "org:org-audit", true));
        api.post("/api/v1/policies/audited/deactivate", owner.accessToken(), null);
        api.delete("/api/v1/policies/audited", owner.accessToken());

        List<String> expected = List.of("PolicyVersionCreated", "PolicyActivated", "PolicySlotTaken",
                "PolicyVersionCreated", "PolicyDeactivated", "PolicySlotReleased", "PolicyDeleted");
        await().atMost(Duration.ofSeconds(15)).until(() -> auditEntries(owner, "org_id=org-audit").size() >= expected.size());

        List<JsonNode> orgEntries = auditEntries(owner, "org_id=org-audit");
        assertThat(orgEntries).extracting(e -> e.path("event_type").asText())
                .containsExactlyInAnyOrderElementsOf(expected);
        assertThat(orgEntries).allSatisfy(e -> {
            assertThat(e.path("actor_type").asText()).isEqualTo("USER");
            assertThat(e.path("actor_id").asText()).isEqualTo(owner.userId());
        });
        JsonNode created = auditEntries(owner, "event_type=PolicyVersionCreated").getLast();
        assertThat(created.path("payload").path("version").asInt()).isEqualTo(1);
        assertThat(created.path("payload").path("source").asText()).contains("name: audited");
    }

    @Test
    void theSimulateEndpointIsNotServedByThePolicyRoutesHere() throws Exception {
        MockHttpServletRequest request = new MockHttpServletRequest("POST", "/api/v1/policies/simulate");
        request.setContentType("application/yaml");
        try {
            HandlerExecutionChain chain = handlerMapping.getHandler(request);
            Object handler = chain == null ? null : chain.getHandler();
            assertThat(handler instanceof HandlerMethod method ? method.getBeanType() : null)
                    .isNotEqualTo(PolicyController.class);
        } catch (HttpRequestMethodNotSupportedException e) {
            assertThat(e.getSupportedHttpMethods()).doesNotContain(org.springframework.http.HttpMethod.POST);
        }
    }

    private List<ActivePolicyView> activePolicies(Member member) {
        return queryGateway.query(new FindActivePoliciesQuery(member.workspaceId()),
                ResponseTypes.multipleInstancesOf(ActivePolicyView.class)).join();
    }

    private void assertNothingStored(Member member, String... names) {
        for (String name : names) {
            assertThat(get(member, "/" + name).status()).as(name).isEqualTo(404);
            assertThat(storedEventsOf(member, name)).as("events of " + name).isZero();
            assertThat(db.fetchCount(POLICY_VERSION_VIEW,
                    POLICY_VERSION_VIEW.POLICY_ID.eq(PolicyIds.of(member.workspaceId(), name)))).isZero();
        }
    }
}
