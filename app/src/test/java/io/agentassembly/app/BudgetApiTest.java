package io.agentassembly.app;

import com.fasterxml.jackson.databind.JsonNode;
import io.agentassembly.app.support.Api;
import io.agentassembly.app.support.IntegrationTest;
import io.agentassembly.app.support.Tenants.Member;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.agentassembly.app.support.Api.json;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Budgets over REST against the running app: create, read, list, change, reset, delete; validation refusals that
 * name the field and store nothing; exact USD amounts; roles (every role reads, Owners and Admins manage, only
 * Owners reset) and isolation (another workspace's budget answers 404 and is never listed).
 */
class BudgetApiTest extends IntegrationTest {

    private Member owner;

    @BeforeEach
    void workspace() {
        owner = tenants.signUp("pro");
    }

    private Api.Response create(Member member, Object body) {
        return api.post("/api/v1/budgets", member.accessToken(), body);
    }

    private String teamBudget(String team, String name) {
        Api.Response created = create(owner, json("name", name, "scope", "team", "org_id", "org-a", "team_id", team,
                "token_limit", 100_000, "window", "daily", "action", "deny"));
        assertThat(created.status()).as(created.body().toString()).isEqualTo(201);
        return created.text("budget_id");
    }

    private String agentKey(Member member, String org, String team) {
        Api.Response agent = api.post("/api/v1/agents", member.accessToken(), json("org_id", org, "team_id", team,
                "agent_id", "a-" + UUID.randomUUID(), "name", "agent"));
        assertThat(agent.status()).as(agent.body().toString()).isEqualTo(201);
        return agent.text("agent_key");
    }

    private List<JsonNode> list(Member member, String query) {
        Api.Response listed = api.get("/api/v1/budgets" + query, member.accessToken());
        assertThat(listed.status()).as(listed.body().toString()).isEqualTo(200);
        List<JsonNode> entries = new ArrayList<>();
        listed.body().path("entries").forEach(entries::add);
        return entries;
    }

    @Test
    void aTeamBudgetIsCreatedReadChangedAndDeleted() {
        Api.Response created = create(owner, json("name", "Payments daily", "scope", "team", "org_id", "org-a",
                "team_id", "payments", "cost_limit_usd", new java.math.BigDecimal("12.50"), "window", "daily",
                "action", "alert"));

        assertThat(created.status()).as(created.body().toString()).isEqualTo(201);
        JsonNode budget = created.body();
        String id = budget.path("budget_id").asText();
        assertThat(id).matches("bud-[0-9a-f-]{36}");
        assertThat(budget.path("name").asText()).isEqualTo("Payments daily");
        assertThat(budget.path("scope").asText()).isEqualTo("team");
        assertThat(budget.path("org_id").asText()).isEqualTo("org-a");
        assertThat(budget.path("team_id").asText()).isEqualTo("payments");
        assertThat(budget.has("agent_key")).isFalse();
        assertThat(budget.has("token_limit")).isFalse();
        assertThat(budget.path("cost_limit_usd").decimalValue()).isEqualByComparingTo("12.5");
        assertThat(budget.path("window").asText()).isEqualTo("daily");
        assertThat(budget.path("timezone").asText()).isEqualTo("UTC");
        assertThat(budget.path("action").asText()).isEqualTo("alert");
        assertThat(budget.path("thresholds").toString()).isEqualTo("[80,100]");
        assertThat(budget.has("created_at")).isTrue();
        assertThat(budget.has("counted_from")).isFalse();

        Api.Response read = api.get("/api/v1/budgets/" + id, owner.accessToken());
        assertThat(read.status()).isEqualTo(200);
        assertThat(read.body()).isEqualTo(budget);
        assertThat(list(owner, "")).extracting(b -> b.path("budget_id").asText()).containsExactly(id);

        Api.Response changed = api.put("/api/v1/budgets/" + id, owner.accessToken(), json("name", "Payments weekly",
                "token_limit", 5_000_000, "cost_limit_usd", 100, "window", "weekly", "timezone", "Europe/Berlin",
                "action", "deny", "thresholds", List.of(100, 50, 90)));
        assertThat(changed.status()).as(changed.body().toString()).isEqualTo(200);
        assertThat(changed.text("name")).isEqualTo("Payments weekly");
        assertThat(changed.body().path("token_limit").asLong()).isEqualTo(5_000_000L);
        assertThat(changed.body().path("cost_limit_usd").decimalValue()).isEqualByComparingTo("100");
        assertThat(changed.text("window")).isEqualTo("weekly");
        assertThat(changed.text("timezone")).isEqualTo("Europe/Berlin");
        assertThat(changed.text("action")).isEqualTo("deny");
        assertThat(changed.body().path("thresholds").toString()).isEqualTo("[50,90,100]");
        assertThat(changed.text("scope")).isEqualTo("team");
        assertThat(changed.text("counted_from")).as("a new window counts afresh").isNotNull();

        Api.Response deleted = api.delete("/api/v1/budgets/" + id, owner.accessToken());
        assertThat(deleted.status()).isEqualTo(204);
        Api.Response gone = api.get("/api/v1/budgets/" + id, owner.accessToken());
        assertThat(gone.status()).isEqualTo(404);
        assertThat(gone.text("code")).isEqualTo("BUDGET_NOT_FOUND");
        assertThat(api.delete("/api/v1/budgets/" + id, owner.accessToken()).status()).isEqualTo(404);
        assertThat(list(owner, "")).isEmpty();

        assertThat(auditEntries(owner, "event_type=BudgetCreated")).hasSize(1);
        assertThat(auditEntries(owner, "event_type=BudgetChanged")).hasSize(1);
        assertThat(auditEntries(owner, "event_type=BudgetDeleted")).hasSize(1);
    }

    @Test
    void anIdenticalPutChangesNothing() {
        String id = teamBudget("ops", "Ops");
        Api.Response same = api.put("/api/v1/budgets/" + id, owner.accessToken(), json("name", "Ops",
                "token_limit", 100_000, "window", "daily", "action", "deny", "thresholds", List.of(100, 80)));
        assertThat(same.status()).as(same.body().toString()).isEqualTo(200);
        assertThat(auditEntries(owner, "event_type=BudgetChanged")).isEmpty();
        assertThat(same.body().has("counted_from")).isFalse();
    }

    @Test
    void anAgentBudgetTakesTheAgentsOrgAndTeam() {
        String agent = agentKey(owner, "org-b", "team-b");
        Api.Response created = create(owner, json("name", "one agent", "scope", "agent", "agent_key", agent,
                "token_limit", 10_000, "window", "hourly", "action", "deny"));

        assertThat(created.status()).as(created.body().toString()).isEqualTo(201);
        assertThat(created.text("scope")).isEqualTo("agent");
        assertThat(created.text("agent_key")).isEqualTo(agent);
        assertThat(created.text("org_id")).isEqualTo("org-b");
        assertThat(created.text("team_id")).isEqualTo("team-b");
        assertThat(auditEntries(owner, "event_type=BudgetCreated&org_id=org-b")).hasSize(1);
    }

    @Test
    void anAgentBudgetForAnUnknownOrForeignAgentIsAgentNotFound() {
        Member other = tenants.signUp("pro");
        String foreignAgent = agentKey(other, "org-x", "team-x");
        for (String key : new String[]{foreignAgent, "agt-" + UUID.randomUUID()}) {
            Api.Response refused = create(owner, json("name", "n", "scope", "agent", "agent_key", key,
                    "token_limit", 10, "window", "daily", "action", "deny"));
            assertThat(refused.status()).as(refused.body().toString()).isEqualTo(404);
            assertThat(refused.text("code")).isEqualTo("AGENT_NOT_FOUND");
            assertThat(refused.text("field")).isEqualTo("agent_key");
        }
        assertThat(list(owner, "")).isEmpty();
    }

    @Test
    void badInputIsRefusedNamingTheFieldAndStoresNothing() {
        Map<String, Object> valid = Api.map("name", "n", "scope", "team", "org_id", "org-a", "team_id", "t",
                "token_limit", 10, "window", "daily", "action", "deny");
        record Case(String field, Object value, String expectedField) {
        }
        List<Case> cases = List.of(
                new Case("token_limit", null, "token_limit"),
                new Case("token_limit", 0, "token_limit"),
                new Case("token_limit", 10.5, "token_limit"),
                new Case("token_limit", "10", "token_limit"),
                new Case("token_limit", new java.math.BigInteger("99999999999999999999"), "token_limit"),
                new Case("thresholds", List.of(80.5), "thresholds[0]"),
                new Case("cost_limit_usd", new java.math.BigDecimal("0.0000001"), "cost_limit_usd"),
                new Case("cost_limit_usd", -5, "cost_limit_usd"),
                new Case("cost_limit_usd", new java.math.BigDecimal("1000000000000.5"), "cost_limit_usd"),
                new Case("thresholds", List.of(80, 80), "thresholds"),
                new Case("thresholds", List.of(0), "thresholds[0]"),
                new Case("thresholds", List.of(101), "thresholds[0]"),
                new Case("timezone", "Mars/Olympus", "timezone"),
                new Case("action", "suspend", "action"),
                new Case("action", "block", "action"),
                new Case("window", "yearly", "window"),
                new Case("scope", "org", "scope"),
                new Case("team_id", null, "team_id"),
                new Case("org_id", "org a", "org_id"),
                new Case("agent_key", "agt-" + UUID.randomUUID(), "agent_key"),
                new Case("name", " ", "name"),
                new Case("name", "x".repeat(101), "name"));
        for (Case c : cases) {
            Map<String, Object> body = new java.util.LinkedHashMap<>(valid);
            body.remove("cost_limit_usd");
            if (c.value() == null) {
                body.remove(c.field());
            } else {
                body.put(c.field(), c.value());
            }
            Api.Response refused = api.deliberatelyInvalid().post("/api/v1/budgets", owner.accessToken(), body);
            assertThat(refused.status()).as(c + " → " + refused.body()).isEqualTo(400);
            assertThat(refused.text("code")).as(c + " → " + refused.body()).isEqualTo("VALIDATION_FAILED");
            assertThat(refused.text("field")).as(c + " → " + refused.body()).isEqualTo(c.expectedField());
        }
        Map<String, Object> agentWithOrg = new java.util.LinkedHashMap<>(valid);
        agentWithOrg.put("scope", "agent");
        agentWithOrg.put("agent_key", agentKey(owner, "org-a", "t"));
        agentWithOrg.remove("team_id");
        Api.Response refused = api.deliberatelyInvalid().post("/api/v1/budgets", owner.accessToken(), agentWithOrg);
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.text("field")).isEqualTo("org_id");
        assertThat(list(owner, "")).isEmpty();
        assertThat(auditEntries(owner, "event_type=BudgetCreated")).isEmpty();

        String id = teamBudget("t", "kept");
        Api.Response scopeChange = api.deliberatelyInvalid().put("/api/v1/budgets/" + id, owner.accessToken(),
                json("name", "n", "scope", "agent", "token_limit", 10, "window", "daily", "action", "deny"));
        assertThat(scopeChange.status()).isEqualTo(400);
        assertThat(scopeChange.text("field")).isEqualTo("scope");
        Api.Response noReason = api.deliberatelyInvalid().post("/api/v1/budgets/" + id + "/reset", owner.accessToken(),
                json("reason", ""));
        assertThat(noReason.status()).isEqualTo(400);
        assertThat(noReason.text("field")).isEqualTo("reason");
        assertThat(api.get("/api/v1/budgets/" + id, owner.accessToken()).text("name")).isEqualTo("kept");
    }

    @Test
    void costLimitsAreExactDecimalsOnTheWire() throws Exception {
        Api.Response created = create(owner, json("name", "exact", "scope", "team", "org_id", "o", "team_id", "t",
                "cost_limit_usd", new java.math.BigDecimal("999999999999.999999"), "window", "monthly",
                "action", "deny"));
        assertThat(created.status()).as(created.body().toString()).isEqualTo(201);
        String id = created.text("budget_id");

        HttpResponse<String> raw = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + "/api/v1/budgets/" + id))
                .header("Authorization", "Bearer " + owner.accessToken()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(raw.body()).contains("\"cost_limit_usd\":999999999999.999999");

        api.put("/api/v1/budgets/" + id, owner.accessToken(), json("name", "exact", "cost_limit_usd",
                new java.math.BigDecimal("1000000000000.000000"), "window", "monthly", "action", "deny"));
        raw = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + "/api/v1/budgets/" + id))
                .header("Authorization", "Bearer " + owner.accessToken()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(raw.body()).contains("\"cost_limit_usd\":1000000000000,");
    }

    @Test
    void listsFilterAndPage() {
        String agent = agentKey(owner, "org-a", "blue");
        String blue = teamBudget("blue", "blue team");
        String red = teamBudget("red", "red team");
        Api.Response agentBudget = create(owner, json("name", "agent", "scope", "agent", "agent_key", agent,
                "token_limit", 10, "window", "daily", "action", "alert"));
        assertThat(agentBudget.status()).isEqualTo(201);
        String agentId = agentBudget.text("budget_id");

        assertThat(list(owner, "?team_id=blue")).extracting(b -> b.path("budget_id").asText())
                .containsExactlyInAnyOrder(blue, agentId);
        assertThat(list(owner, "?scope=agent")).extracting(b -> b.path("budget_id").asText()).containsExactly(agentId);
        assertThat(list(owner, "?scope=team&org_id=org-a")).extracting(b -> b.path("budget_id").asText())
                .containsExactlyInAnyOrder(blue, red);
        assertThat(list(owner, "?agent_key=" + agent)).extracting(b -> b.path("budget_id").asText())
                .containsExactly(agentId);
        assertThat(list(owner, "?org_id=org-z")).isEmpty();

        List<String> paged = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            Api.Response page = api.get("/api/v1/budgets?per_page=2" + (cursor == null ? "" : "&cursor=" + cursor),
                    owner.accessToken());
            assertThat(page.status()).isEqualTo(200);
            page.body().path("entries").forEach(b -> paged.add(b.path("budget_id").asText()));
            cursor = page.text("next_cursor");
            pages++;
        } while (cursor != null);
        assertThat(pages).isEqualTo(2);
        assertThat(paged).containsExactlyElementsOf(list(owner, "").stream().map(b -> b.path("budget_id").asText()).toList())
                .containsExactlyInAnyOrder(blue, red, agentId);

        Api.Response badScope = api.deliberatelyInvalid().get("/api/v1/budgets?scope=org", owner.accessToken());
        assertThat(badScope.status()).isEqualTo(400);
        assertThat(badScope.text("field")).isEqualTo("scope");
        Api.Response badCursor = api.get("/api/v1/budgets?cursor=garbage", owner.accessToken());
        assertThat(badCursor.status()).isEqualTo(400);
        assertThat(badCursor.text("field")).isEqualTo("cursor");
    }

    @Test
    void everyRoleReadsOwnersAndAdminsManageOnlyOwnersReset() {
        Member admin = tenants.invite(owner, "ADMIN");
        Member developer = tenants.invite(owner, "DEVELOPER");
        Member viewer = tenants.invite(owner, "VIEWER");
        String id = teamBudget("t", "shared");
        Object change = json("name", "changed", "token_limit", 5, "window", "daily", "action", "deny");

        for (Member reader : List.of(developer, viewer)) {
            assertThat(api.get("/api/v1/budgets/" + id, reader.accessToken()).status()).isEqualTo(200);
            assertThat(list(reader, "")).hasSize(1);
            assertThat(create(reader, json("name", "n", "scope", "team", "org_id", "o", "team_id", "t",
                    "token_limit", 1, "window", "daily", "action", "deny")).status()).isEqualTo(403);
            assertThat(api.put("/api/v1/budgets/" + id, reader.accessToken(), change).status()).isEqualTo(403);
            assertThat(api.delete("/api/v1/budgets/" + id, reader.accessToken()).status()).isEqualTo(403);
            assertThat(api.post("/api/v1/budgets/" + id + "/reset", reader.accessToken(), json("reason", "r")).status())
                    .isEqualTo(403);
        }

        Api.Response byAdmin = create(admin, json("name", "admin's", "scope", "team", "org_id", "o", "team_id", "t",
                "token_limit", 1, "window", "daily", "action", "deny"));
        assertThat(byAdmin.status()).isEqualTo(201);
        assertThat(api.put("/api/v1/budgets/" + id, admin.accessToken(), change).status()).isEqualTo(200);
        Api.Response adminReset = api.post("/api/v1/budgets/" + id + "/reset", admin.accessToken(), json("reason", "r"));
        assertThat(adminReset.status()).isEqualTo(403);
        assertThat(adminReset.text("code")).isEqualTo("PERMISSION_DENIED");
        assertThat(api.delete("/api/v1/budgets/" + byAdmin.text("budget_id"), admin.accessToken()).status())
                .isEqualTo(204);

        Api.Response reset = api.post("/api/v1/budgets/" + id + "/reset", owner.accessToken(),
                json("reason", "agreed with finance"));
        assertThat(reset.status()).as(reset.body().toString()).isEqualTo(200);
        assertThat(reset.text("last_reset_reason")).isEqualTo("agreed with finance");
        assertThat(reset.text("last_reset_at")).isNotNull();
        assertThat(reset.text("counted_from")).isEqualTo(reset.text("last_reset_at"));
        List<JsonNode> audited = auditEntries(owner, "event_type=BudgetWindowReset");
        assertThat(audited).hasSize(1);
        assertThat(audited.getFirst().toString()).contains("agreed with finance").contains(owner.userId());
    }

    @Test
    void anotherWorkspacesBudgetsAnswer404AndAreNeverListed() {
        String id = teamBudget("t", "a's budget");
        Member ownerB = tenants.signUp("pro");
        String token = ownerB.accessToken();
        Object change = json("name", "stolen", "token_limit", 5, "window", "daily", "action", "deny");

        for (Api.Response response : List.of(api.get("/api/v1/budgets/" + id, token),
                api.put("/api/v1/budgets/" + id, token, change),
                api.post("/api/v1/budgets/" + id + "/reset", token, json("reason", "r")),
                api.delete("/api/v1/budgets/" + id, token))) {
            assertThat(response.status()).as(response.body().toString()).isEqualTo(404);
            assertThat(response.text("code")).isEqualTo("BUDGET_NOT_FOUND");
        }
        assertThat(list(ownerB, "")).isEmpty();
        assertThat(list(ownerB, "?org_id=org-a&team_id=t")).isEmpty();
        assertThat(api.get("/api/v1/budgets/" + id, owner.accessToken()).text("name")).isEqualTo("a's budget");
        assertThat(api.get("/api/v1/budgets/not-a-budget-id", owner.accessToken()).status()).isEqualTo(404);
    }
}
