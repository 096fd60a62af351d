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
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.agentassembly.app.support.Api.map;
import static org.assertj.core.api.Assertions.assertThat;

/** The model price table: default until an Owner replaces it, versioned, used by the gateway at once. */
class ModelPricesTest extends GatewayIntegrationTest {

    static Map<String, Object> price(String model, Object input, Object output) {
        return map("model", model, "input_usd_per_million", input, "output_usd_per_million", output);
    }

    static Map<String, Object> table(Map<?, ?>... models) {
        return map("models", List.of(models));
    }

    @Test
    void theDefaultTableIsInForceUntilTheOwnerReplacesItAndUsageIsPricedWithTheTableOfItsMoment() {
        Api.Response defaults = api.get("/api/v1/model-prices", owner.accessToken());
        assertThat(defaults.status()).isEqualTo(200);
        assertThat(defaults.text("source")).isEqualTo("default");
        assertThat(defaults.text("version")).startsWith("default:");
        assertThat(entry(defaults.body(), "gpt-4o").path("input_usd_per_million").decimalValue())
                .isEqualByComparingTo("2.5");
        assertThat(entry(defaults.body(), "claude-sonnet-4").path("output_usd_per_million").decimalValue())
                .isEqualByComparingTo("15");

        RegisteredAgent agent = gateway.register(apiKey, "org-p", "team-1", "pricer");
        String first = report(agent, "gpt-4o-2024-08-06", 1000, 500);
        assertThat(usagePayload(first)).contains("\"cost_usd\":0.0075", "\"cost_source\":\"PRICED\"",
                "\"price_version\":\"" + defaults.text("version") + "\"");

        Api.Response replaced = api.put("/api/v1/model-prices", owner.accessToken(),
                table(price("GPT-4o", 5, 20), price("my-model", new BigDecimal("0.000001"), 1)));
        assertThat(replaced.status()).as(replaced.body().toString()).isEqualTo(200);
        assertThat(replaced.text("source")).isEqualTo("workspace");
        assertThat(replaced.text("version")).isEqualTo("workspace:1");
        assertThat(replaced.body().path("models")).hasSize(2);
        assertThat(replaced.body().path("models").get(0).path("model").asText()).isEqualTo("gpt-4o");
        assertThat(replaced.body().path("changed_by").asText()).isEqualTo("USER:" + owner.userId());
        assertThat(api.get("/api/v1/model-prices", owner.accessToken()).text("version")).isEqualTo("workspace:1");

        String second = report(agent, "gpt-4o", 1000, 500);
        assertThat(usagePayload(second)).contains("\"cost_usd\":0.015", "\"price_version\":\"workspace:1\"");
        String unknown = report(agent, "gpt-4o-mini", 1000, 500);
        assertThat(usagePayload(unknown)).as("gpt-4o-mini is not gpt-4o: only whole -parts are dropped")
                .contains("\"cost_usd\":0", "\"cost_source\":\"UNPRICED\"", "\"price_version\":\"workspace:1\"");
        assertThat(usagePayload(first)).as("a recorded cost never changes").contains("\"cost_usd\":0.0075");

        Api.Response unchanged = api.put("/api/v1/model-prices", owner.accessToken(),
                table(price("my-model", 0.000001, 1), price("gpt-4o", 5.0, 20)));
        assertThat(unchanged.text("version")).as("the same table records nothing").isEqualTo("workspace:1");

        Api.Response reset = api.delete("/api/v1/model-prices", owner.accessToken());
        assertThat(reset.status()).isEqualTo(200);
        assertThat(reset.text("source")).isEqualTo("default");
        assertThat(reset.text("version")).isEqualTo(defaults.text("version"));
        assertThat(api.delete("/api/v1/model-prices", owner.accessToken()).status()).isEqualTo(200);
        String third = report(agent, "gpt-4o", 1000, 500);
        assertThat(usagePayload(third)).contains("\"cost_usd\":0.0075", "\"price_version\":\"" + defaults.text("version") + "\"");

        assertThat(api.put("/api/v1/model-prices", owner.accessToken(), table(price("gpt-4o", 1, 1)))
                .text("version")).as("a reset counts as a version").isEqualTo("workspace:3");
        assertThat(events("ModelPricesChangedEvent")).isEqualTo(2);
        assertThat(events("ModelPricesResetEvent")).isEqualTo(1);
    }

    @Test
    void aBadTableIsRefusedNamingTheEntryAndNothingChanges() {
        Api.Response negative = api.deliberatelyInvalid().put("/api/v1/model-prices", owner.accessToken(),
                table(price("gpt-4o", 1, 2), price("x", -1, 2)));
        assertThat(negative.status()).isEqualTo(400);
        assertThat(negative.text("field")).isEqualTo("models[1].input_usd_per_million");

        Api.Response twice = api.put("/api/v1/model-prices", owner.accessToken(),
                table(price("gpt-4o", 1, 2), price("GPT-4O", 1, 2)));
        assertThat(twice.status()).isEqualTo(400);
        assertThat(twice.text("field")).isEqualTo("models[1].model");

        Api.Response tooPrecise = api.put("/api/v1/model-prices", owner.accessToken(),
                table(price("gpt-4o", new BigDecimal("0.0000001"), 2)));
        assertThat(tooPrecise.status()).isEqualTo(400);
        assertThat(tooPrecise.text("field")).isEqualTo("models[0].input_usd_per_million");

        Api.Response spaces = api.put("/api/v1/model-prices", owner.accessToken(), table(price("gpt 4o", 1, 2)));
        assertThat(spaces.status()).isEqualTo(400);
        assertThat(spaces.text("field")).isEqualTo("models[0].model");

        Api.Response empty = api.deliberatelyInvalid().put("/api/v1/model-prices", owner.accessToken(),
                map("models", List.of()));
        assertThat(empty.status()).isEqualTo(400);
        assertThat(empty.text("field")).isEqualTo("models");

        assertThat(api.get("/api/v1/model-prices", owner.accessToken()).text("source")).isEqualTo("default");
        assertThat(events("ModelPricesChangedEvent")).isZero();
    }

    @Test
    void everyRoleReadsTheTableOnlyOwnersChangeItAndAnotherWorkspaceNeverSeesIt() {
        Member admin = tenants.invite(owner, "ADMIN");
        Member developer = tenants.invite(owner, "DEVELOPER");
        Member viewer = tenants.invite(owner, "VIEWER");
        for (Member member : List.of(admin, developer, viewer)) {
            assertThat(api.get("/api/v1/model-prices", member.accessToken()).status()).isEqualTo(200);
            assertThat(api.put("/api/v1/model-prices", member.accessToken(), table(price("gpt-4o", 1, 1))).status())
                    .isEqualTo(403);
            assertThat(api.delete("/api/v1/model-prices", member.accessToken()).status()).isEqualTo(403);
        }
        assertThat(api.get("/api/v1/model-prices", null).status()).isEqualTo(401);

        Member other = tenants.signUp("pro");
        assertThat(api.put("/api/v1/model-prices", other.accessToken(), table(price("gpt-4o", 7, 7))).status())
                .isEqualTo(200);
        assertThat(api.get("/api/v1/model-prices", owner.accessToken()).text("source")).isEqualTo("default");
        assertThat(api.get("/api/v1/model-prices", other.accessToken()).text("version")).isEqualTo("workspace:1");

        RegisteredAgent agent = gateway.register(apiKey, "org-p", "team-1", "isolated");
        assertThat(usagePayload(report(agent, "gpt-4o", 1000, 0))).contains("\"cost_usd\":0.0025");
        assertThat(events("ModelPricesChangedEvent")).isZero();
    }

    private static JsonNode entry(JsonNode table, String model) {
        for (JsonNode entry : table.path("models")) {
            if (entry.path("model").asText().equals(model)) {
                return entry;
            }
        }
        throw new AssertionError(model + " not in " + table);
    }

    /** Reports one LLM call and answers its event id. */
    private String report(RegisteredAgent agent, String model, int prompt, int completion) {
        AuditEvent llm = AuditEvent.newBuilder().setEventId(UUID.randomUUID().toString()).setAgentId(agent.id())
                .setOccurredAt(Timestamp.newBuilder().setUnixMs(System.currentTimeMillis()))
                .setActionType(ActionType.LLM_CALL).setDecision(Decision.ALLOW)
                .setLlmCall(LLMCallDetail.newBuilder().setModel(model).setProvider("openai")
                        .setPromptTokens(prompt).setCompletionTokens(completion))
                .build();
        gateway.audit(agent.credentialToken()).reportEvents(ReportEventsRequest.newBuilder().addEvents(llm).build());
        return llm.getEventId();
    }

    private String usagePayload(String eventId) {
        return (String) db.fetchValue("select convert_from(payload, 'UTF8') from domainevententry where payloadtype "
                + "like '%AgentUsageRecordedEvent' and convert_from(payload, 'UTF8') like ?", "%" + eventId + "%");
    }

    private int events(String type) {
        return ((Number) db.fetchValue("select count(*) from domainevententry where payloadtype like ? and "
                + "aggregateidentifier = ?", "%" + type, "prices-" + owner.workspaceId())).intValue();
    }
}
