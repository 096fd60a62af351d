package io.agentassembly.app;

import com.fasterxml.jackson.databind.JsonNode;
import io.agentassembly.app.support.Api;
import io.agentassembly.app.support.GatewayClient.RegisteredAgent;
import io.agentassembly.app.support.GatewayIntegrationTest;
import io.agentassembly.app.support.Tenants.Member;
import io.agentassembly.gateway.proto.audit.v1.AuditEvent;
import io.agentassembly.gateway.proto.audit.v1.LLMCallDetail;
import io.agentassembly.gateway.proto.audit.v1.ReportEventsRequest;
import io.agentassembly.gateway.proto.common.v1.ActionType;
import io.agentassembly.gateway.proto.common.v1.Decision;
import io.agentassembly.gateway.proto.common.v1.Timestamp;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import org.jooq.Record;
import org.jooq.Result;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Spend: usage reported over gRPC is priced on arrival (or keeps the cost the agent reported) and the spend
 * projection sums it per org, team and agent, for the current and previous window and per day; replayable.
 */
class SpendTest extends GatewayIntegrationTest {

    private static final String SNAPSHOT = "select org_id, team_id, agent_key, agent_id, hour_start, prompt_tokens, "
            + "completion_tokens, cost_usd, calls, unpriced_calls from spend_hourly where workspace_id = ? "
            + "order by org_id, team_id, agent_key, hour_start";

    @Test
    void usageIsPricedOnArrivalAndSummedPerOrgTeamAndAgentForTheCurrentAndPreviousWindow() {
        RegisteredAgent writer = gateway.register(apiKey, "org-a", "team-1", "writer");
        RegisteredAgent reader = gateway.register(apiKey, "org-a", "team-2", "reader");
        RegisteredAgent other = gateway.register(apiKey, "org-b", "team-1", "other");
        Instant now = Instant.now();
        Instant yesterday = now.minus(1, ChronoUnit.DAYS);

        report(writer, llm(writer, "gpt-4o", 1000, 500, now));                                  // 0.0075
        report(writer, llm(writer, "claude-sonnet-4-20250514", 2000, 1000, now).toBuilder()
                .putLabels("cost_usd", "0.50").build());                                         // reported 0.5
        report(reader, llm(reader, "my-private-model", 300, 100, now));                          // unpriced
        report(other, llm(other, "gpt-4o-mini", 1_000_000, 0, now));                              // 0.15
        report(writer, llm(writer, "gpt-4o", 4000, 0, yesterday));                                // 0.01 yesterday

        JsonNode byAgent = awaitCosts("/api/v1/costs?window=daily&group_by=agent", owner, 3);
        assertThat(byAgent.path("window").asText()).isEqualTo("daily");
        assertThat(byAgent.path("timezone").asText()).isEqualTo("UTC");
        assertThat(Instant.parse(byAgent.path("current").path("start").asText()))
                .isEqualTo(now.truncatedTo(ChronoUnit.DAYS));
        JsonNode writerRow = group(byAgent, "agent_id", "writer");
        assertThat(writerRow.path("org_id").asText()).isEqualTo("org-a");
        assertThat(writerRow.path("team_id").asText()).isEqualTo("team-1");
        assertThat(writerRow.path("agent_key").asText()).startsWith("agt-");
        assertThat(writerRow.path("current").path("prompt_tokens").asLong()).isEqualTo(3000);
        assertThat(writerRow.path("current").path("completion_tokens").asLong()).isEqualTo(1500);
        assertThat(writerRow.path("current").path("total_tokens").asLong()).isEqualTo(4500);
        assertThat(writerRow.path("current").path("cost_usd").decimalValue()).isEqualByComparingTo("0.5075");
        assertThat(writerRow.path("current").path("calls").asLong()).isEqualTo(2);
        assertThat(writerRow.path("previous").path("cost_usd").decimalValue()).isEqualByComparingTo("0.01");
        assertThat(writerRow.path("previous").path("prompt_tokens").asLong()).isEqualTo(4000);
        JsonNode readerRow = group(byAgent, "agent_id", "reader");
        assertThat(readerRow.path("current").path("cost_usd").decimalValue()).isEqualByComparingTo("0");
        assertThat(readerRow.path("current").path("unpriced_calls").asLong()).isEqualTo(1);

        JsonNode byOrg = api.get("/api/v1/costs", owner.accessToken()).body();
        assertThat(byOrg.path("group_by").asText()).isEqualTo("org");
        assertThat(byOrg.path("groups")).hasSize(2);
        assertThat(group(byOrg, "org_id", "org-a").path("current").path("cost_usd").decimalValue())
                .isEqualByComparingTo("0.5075");
        assertThat(group(byOrg, "org_id", "org-b").path("current").path("cost_usd").decimalValue())
                .isEqualByComparingTo("0.15");
        assertThat(group(byOrg, "org_id", "org-a").has("team_id")).isFalse();

        JsonNode teamsOfA = api.get("/api/v1/costs?group_by=team&org_id=org-a&window=monthly&timezone=Europe/Dublin",
                owner.accessToken()).body();
        assertThat(teamsOfA.path("groups")).hasSize(2);
        assertThat(teamsOfA.path("timezone").asText()).isEqualTo("Europe/Dublin");

        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        JsonNode history = api.get("/api/v1/costs/history?from=" + today.minusDays(2) + "&to=" + today
                + "&group_by=org", owner.accessToken()).body();
        assertThat(history.path("series")).hasSize(2);
        JsonNode orgA = group(history.path("series"), "org_id", "org-a");
        assertThat(orgA.path("days")).hasSize(3);
        assertThat(orgA.path("days").get(0).path("cost_usd").decimalValue()).isEqualByComparingTo("0");
        assertThat(orgA.path("days").get(1).path("date").asText()).isEqualTo(today.minusDays(1).toString());
        assertThat(orgA.path("days").get(1).path("cost_usd").decimalValue()).isEqualByComparingTo("0.01");
        assertThat(orgA.path("days").get(2).path("cost_usd").decimalValue()).isEqualByComparingTo("0.5075");

        JsonNode whole = api.get("/api/v1/costs/history?from=" + today + "&to=" + today, owner.accessToken()).body();
        assertThat(whole.path("group_by").asText()).isEqualTo("workspace");
        assertThat(whole.path("series")).hasSize(1);
        assertThat(whole.path("series").get(0).path("days").get(0).path("cost_usd").decimalValue())
                .isEqualByComparingTo("0.6575");
        JsonNode oneAgent = api.get("/api/v1/costs/history?from=" + today + "&to=" + today + "&agent_key="
                + writerRow.path("agent_key").asText(), owner.accessToken()).body();
        assertThat(oneAgent.path("series").get(0).path("days").get(0).path("prompt_tokens").asLong()).isEqualTo(3000);
    }

    @Test
    void historyDaysStartAtMidnightOfTheRequestedTimeZoneAcrossADstChange() {
        RegisteredAgent agent = gateway.register(apiKey, "org-z", "team-1", "zoned");
        report(agent, llm(agent, "gpt-4o", 1000, 0, Instant.parse("2026-03-01T14:30:00Z")));  // Tokyo 03-01 23:30
        report(agent, llm(agent, "gpt-4o", 2000, 0, Instant.parse("2026-03-01T15:30:00Z")));  // Tokyo 03-02 00:30
        report(agent, llm(agent, "gpt-4o", 4000, 0, Instant.parse("2026-03-28T23:30:00Z")));  // Dublin 03-28 23:30
        report(agent, llm(agent, "gpt-4o", 8000, 0, Instant.parse("2026-03-29T23:30:00Z")));  // Dublin 03-30 00:30 (IST)
        await().atMost(Duration.ofSeconds(20)).until(() -> calls(owner.workspaceId()) == 4);

        assertThat(promptTokensPerDay("from=2026-03-01&to=2026-03-02&timezone=UTC")).containsExactly(3000L, 0L);
        assertThat(promptTokensPerDay("from=2026-03-01&to=2026-03-02&timezone=Asia/Tokyo")).containsExactly(1000L, 2000L);
        assertThat(promptTokensPerDay("from=2026-03-28&to=2026-03-30&timezone=Europe/Dublin"))
                .as("29 March has 23 hours in Dublin").containsExactly(4000L, 0L, 8000L);
        assertThat(promptTokensPerDay("from=2026-03-28&to=2026-03-30&timezone=UTC")).containsExactly(4000L, 8000L, 0L);
    }

    private List<Long> promptTokensPerDay(String query) {
        JsonNode history = api.get("/api/v1/costs/history?" + query, owner.accessToken()).body();
        List<Long> tokens = new java.util.ArrayList<>();
        history.path("series").get(0).path("days").forEach(day -> tokens.add(day.path("prompt_tokens").asLong()));
        return tokens;
    }

    @Test
    void anInvalidReportedCostIsRefusedNamingTheLabelAndNothingIsRecorded() {
        RegisteredAgent agent = gateway.register(apiKey, "org-a", "team-1", "liar");
        AuditEvent bad = llm(agent, "gpt-4o", 10, 10, Instant.now()).toBuilder().putLabels("cost_usd", "-1").build();
        assertThatThrownBy(() -> report(agent, bad)).isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
            assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
            assertThat(e.getStatus().getDescription()).contains("events[0].labels[\"cost_usd\"]");
        });
        for (String value : List.of("1e3", "abc", "0.1234567890123", " 1")) {
            assertThatThrownBy(() -> report(agent, llm(agent, "gpt-4o", 1, 1, Instant.now()).toBuilder()
                    .putLabels("cost_usd", value).build())).as(value)
                    .isInstanceOfSatisfying(StatusRuntimeException.class,
                            e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT));
        }
        assertThat(db.fetchCount(db.selectFrom("domainevententry").where("convert_from(payload, 'UTF8') like ?",
                "%" + bad.getEventId() + "%"))).isZero();
    }

    @Test
    void replayingTheSpendProjectionRebuildsTheSameRows() {
        RegisteredAgent agent = gateway.register(apiKey, "org-r", "team-1", "replayed");
        Instant now = Instant.now();
        for (int i = 0; i < 3; i++) {
            report(agent, llm(agent, "gpt-4o", 1000 + i, 100, now.minus(i, ChronoUnit.HOURS)));
        }
        AuditEvent again = llm(agent, "gpt-4o", 7, 7, now);
        report(agent, again);
        report(agent, again);
        await().atMost(Duration.ofSeconds(20)).until(() -> calls(owner.workspaceId()) == 4);
        Result<Record> before = db.fetch(SNAPSHOT, owner.workspaceId());

        Api.Response replay = api.post("/api/v1/operator/processors/spend/replay", OPERATOR_TOKEN, null);
        assertThat(replay.status()).as(replay.body().toString()).isEqualTo(202);
        assertThat(replay.body().path("running").asBoolean()).isTrue();

        await().atMost(Duration.ofSeconds(60)).until(() -> calls(owner.workspaceId()) == 4);
        assertThat(db.fetch(SNAPSHOT, owner.workspaceId()).formatCSV()).isEqualTo(before.formatCSV());
    }

    @Test
    void spendIsWorkspaceScopedReadableByEveryRoleAndBadParametersAreRefusedNamingThem() {
        RegisteredAgent agent = gateway.register(apiKey, "org-a", "team-1", "mine");
        report(agent, llm(agent, "gpt-4o", 1000, 0, Instant.now()));
        awaitCosts("/api/v1/costs?group_by=agent", owner, 1);

        Member other = tenants.signUp("pro");
        assertThat(api.get("/api/v1/costs?group_by=agent", other.accessToken()).body().path("groups")).isEmpty();
        assertThat(api.get("/api/v1/costs?org_id=org-a", other.accessToken()).body().path("groups")).isEmpty();
        assertThat(api.get("/api/v1/costs/history?group_by=agent", other.accessToken()).body().path("series")).isEmpty();
        assertThat(api.get("/api/v1/costs/history", other.accessToken()).body().path("series").get(0)
                .path("days").get(29).path("calls").asLong()).isZero();

        for (String role : List.of("ADMIN", "DEVELOPER", "VIEWER")) {
            Member member = tenants.invite(owner, role);
            assertThat(api.get("/api/v1/costs?group_by=agent", member.accessToken()).body().path("groups"))
                    .as(role).hasSize(1);
            assertThat(api.get("/api/v1/costs/history", member.accessToken()).status()).isEqualTo(200);
        }
        assertThat(api.get("/api/v1/costs", null).status()).isEqualTo(401);
        assertThat(api.get("/api/v1/costs/history", null).status()).isEqualTo(401);

        Api invalid = api.deliberatelyInvalid();
        assertRefused(invalid.get("/api/v1/costs?window=yearly", owner.accessToken()), "window");
        assertRefused(invalid.get("/api/v1/costs?group_by=planet", owner.accessToken()), "group_by");
        assertRefused(api.get("/api/v1/costs?timezone=Mars/Olympus", owner.accessToken()), "timezone");
        assertRefused(invalid.get("/api/v1/costs/history?from=yesterday", owner.accessToken()), "from");
        assertRefused(api.get("/api/v1/costs/history?from=2026-03-02&to=2026-03-01", owner.accessToken()), "from");
        assertRefused(api.get("/api/v1/costs/history?from=2024-01-01&to=2026-01-01", owner.accessToken()), "from");
    }

    private static void assertRefused(Api.Response response, String field) {
        assertThat(response.status()).as(response.body().toString()).isEqualTo(400);
        assertThat(response.text("field")).isEqualTo(field);
    }

    private JsonNode awaitCosts(String path, Member member, int groups) {
        JsonNode[] body = new JsonNode[1];
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            Api.Response costs = api.get(path, member.accessToken());
            assertThat(costs.status()).isEqualTo(200);
            body[0] = costs.body();
            int calls = 0;
            for (JsonNode g : body[0].path("groups")) {
                calls += g.path("current").path("calls").asInt() + g.path("previous").path("calls").asInt();
            }
            assertThat(body[0].path("groups")).hasSize(groups);
            assertThat(calls).isEqualTo(callsIn(member.workspaceId()));
        });
        return body[0];
    }

    /** Usage events recorded for the workspace, so the projection can be awaited until it has them all. */
    private int callsIn(String workspaceId) {
        return ((Number) db.fetchValue("select count(*) from domainevententry where payloadtype like "
                + "'%AgentUsageRecordedEvent' and convert_from(payload, 'UTF8') like ?", "%" + workspaceId + "%"))
                .intValue();
    }

    private long calls(String workspaceId) {
        Object calls = db.fetchValue("select coalesce(sum(calls), 0) from spend_hourly where workspace_id = ?",
                workspaceId);
        return ((Number) calls).longValue();
    }

    private static JsonNode group(JsonNode costs, String field, String value) {
        JsonNode list = costs.has("groups") ? costs.path("groups") : costs;
        for (JsonNode g : list) {
            if (g.path(field).asText().equals(value)) {
                return g;
            }
        }
        throw new AssertionError(field + "=" + value + " not in " + costs);
    }

    private static AuditEvent llm(RegisteredAgent agent, String model, int prompt, int completion, Instant at) {
        return AuditEvent.newBuilder().setEventId(UUID.randomUUID().toString()).setAgentId(agent.id())
                .setOccurredAt(Timestamp.newBuilder().setUnixMs(at.toEpochMilli()))
                .setActionType(ActionType.LLM_CALL).setDecision(Decision.ALLOW)
                .setLlmCall(LLMCallDetail.newBuilder().setModel(model).setProvider("test")
                        .setPromptTokens(prompt).setCompletionTokens(completion))
                .build();
    }

    private void report(RegisteredAgent agent, AuditEvent event) {
        gateway.audit(agent.credentialToken()).reportEvents(ReportEventsRequest.newBuilder().addEvents(event).build());
    }
}
