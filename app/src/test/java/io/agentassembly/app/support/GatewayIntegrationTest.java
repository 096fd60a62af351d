package io.agentassembly.app.support;

import com.fasterxml.jackson.databind.JsonNode;
import io.agentassembly.app.support.Tenants.Member;
import io.agentassembly.gateway.GrpcServerPort;
import org.jooq.DSLContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;

import java.time.Duration;

import static io.agentassembly.app.support.Api.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** An integration test that speaks gRPC as an agent: a fresh tenant, its Owner, and an API key per test. */
public abstract class GatewayIntegrationTest extends IntegrationTest {

    @Autowired
    protected GrpcServerPort grpcPort;

    @Autowired
    protected DSLContext db;

    protected GatewayClient gateway;
    protected Member owner;
    protected String apiKey;

    @BeforeEach
    void setUpTenant() {
        gateway = new GatewayClient(grpcPort.get());
        owner = tenants.signUp("pro");
        apiKey = apiKeyOf(owner);
    }

    @AfterEach
    void closeGateway() throws InterruptedException {
        gateway.close();
    }

    /** A new API key of {@code member}'s workspace, for registering agents. */
    protected String apiKeyOf(Member member) {
        return api.post("/api/v1/api-keys", member.accessToken(), json("name", "agents")).text("token");
    }

    /** The agent key of the (first) agent of {@code org}, as {@code member} lists it. */
    protected String agentKeyOf(Member member, String org) {
        return api.get("/api/v1/agents?org_id=" + org, member.accessToken()).body().get(0).path("agent_key").asText();
    }

    /**
     * A policy document of this workspace: {@code spec} is the YAML of the spec section without its
     * {@code spec:} line, indented by two spaces (e.g. {@code "  scope: global\n  tools: ..."}).
     */
    protected static String policy(String name, String spec) {
        return "apiVersion: agent-assembly/v1\nkind: Policy\nmetadata:\n  name: " + name + "\nspec:\n" + spec;
    }

    /** Applies a YAML policy file as the Owner over REST and returns the answer (asserting it was accepted). */
    protected Api.Response applyPolicies(String... documents) {
        Api.Response applied = api.send("POST", "/api/v1/policies", owner.accessToken(), "application/yaml",
                String.join("---\n", documents));
        assertThat(applied.status()).as(applied.body().toString()).isEqualTo(200);
        return applied;
    }

    /** The audit entry of the decision with this trace id, once the audit log has indexed it. */
    protected JsonNode decisionAudit(Member member, String traceId) {
        JsonNode[] found = new JsonNode[1];
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
            Api.Response logs = api.get("/api/v1/logs?event_type=AgentActionDecided&per_page=500", member.accessToken());
            assertThat(logs.status()).isEqualTo(200);
            found[0] = null;
            logs.body().path("entries").forEach(entry -> {
                if (traceId.equals(entry.path("payload").path("trace_id").asText())) {
                    found[0] = entry;
                }
            });
            assertThat(found[0]).as("decision " + traceId + " in the audit log").isNotNull();
        });
        return found[0];
    }
}
