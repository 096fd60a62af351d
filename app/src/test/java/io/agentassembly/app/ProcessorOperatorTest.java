package io.agentassembly.app;

import com.fasterxml.jackson.databind.JsonNode;
import io.agentassembly.app.support.Api;
import io.agentassembly.app.support.IntegrationTest;
import io.agentassembly.app.support.Tenants.Member;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static io.agentassembly.app.support.Api.json;
import static org.assertj.core.api.Assertions.assertThat;

/** {@code /api/v1/operator/processors}: the node's streaming processors, their replay, operator credential only. */
class ProcessorOperatorTest extends IntegrationTest {

    private static final String PROCESSORS = "/api/v1/operator/processors";

    @Test
    void listsEveryStreamingProcessorWithItsPositionAndTheHead() {
        Api.Response listed = api.get(PROCESSORS, OPERATOR_TOKEN);
        assertThat(listed.status()).isEqualTo(200);
        List<String> names = new ArrayList<>();
        for (JsonNode processor : listed.body().path("processors")) {
            names.add(processor.path("name").asText());
            assertThat(processor.path("running").asBoolean()).as(processor.toString()).isTrue();
            assertThat(processor.path("head").asLong()).isGreaterThanOrEqualTo(processor.path("position").asLong());
            assertThat(processor.path("behind").asLong()).isGreaterThanOrEqualTo(0);
        }
        assertThat(names).containsExactly("alert-outbox", "audit-log", "spend", "topology-edges");
        assertThat(api.get(PROCESSORS + "/spend", OPERATOR_TOKEN).body().path("segments_held").asInt()).isEqualTo(1);
    }

    @Test
    void anUnknownOrSubscribingProcessorIsNotFound() {
        Api.Response unknown = api.post(PROCESSORS + "/no-such-group/replay", OPERATOR_TOKEN, null);
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.body().toString()).contains("GET /api/v1/operator/processors lists them");
        assertThat(api.post(PROCESSORS + "/directory/replay", OPERATOR_TOKEN, null).status()).isEqualTo(404);
        assertThat(api.get(PROCESSORS + "/directory", OPERATOR_TOKEN).status()).isEqualTo(404);
    }

    @Test
    void onlyTheOperatorSeesOrReplaysProcessors() {
        Member owner = tenants.signUp("pro");
        String apiKey = api.post("/api/v1/api-keys", owner.accessToken(), json("name", "ops")).text("token");
        for (String token : new String[]{owner.accessToken(), apiKey}) {
            assertThat(api.get(PROCESSORS, token).status()).isEqualTo(403);
            assertThat(api.post(PROCESSORS + "/spend/replay", token, null).status()).isEqualTo(403);
        }
        assertThat(api.get(PROCESSORS, null).status()).isEqualTo(401);
        assertThat(api.deliberatelyInvalid().post(PROCESSORS + "/spend/replay", null, null).status()).isEqualTo(401);
    }
}
