package io.agentassembly.app.config;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import io.agentassembly.command.api.gateway.GatewayEvents.AgentActionDecidedEvent;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.SimpleSerializedObject;
import org.axonframework.serialization.SimpleSerializedType;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Decisions stored before the policy fields existed still read with the event serializer the app configures. */
class DecisionEventRevisionsTest {

    private final Serializer events = new AxonConfiguration().eventSerializer(new ObjectMapper()
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .findAndRegisterModules());

    @Test
    void aRevisionOneDecisionReadsWithTheNewFieldsNull() {
        String stored = """
                {"workspace_id":"ws-1","org_id":"org-a","team_id":"t","agent_id":"a","agent_key":"agt-1",
                 "action_type":"TOOL_CALL","target":"search","decision":"DENY","reason":"no policy in force",
                 "policy_rule":"default_deny","identity_assurance":"AGENT_IDENTITY_ASSURANCE_ASSERTED",
                 "trace_id":"tr","span_id":"sp","decision_latency_us":42}""";

        AgentActionDecidedEvent event = events.deserialize(new SimpleSerializedObject<>(stored, String.class,
                new SimpleSerializedType(AgentActionDecidedEvent.class.getName(), "1")));

        assertThat(event.decision()).isEqualTo("DENY");
        assertThat(event.decisionLatencyUs()).isEqualTo(42);
        assertThat(event.policyDigest()).isNull();
        assertThat(event.approvalId()).isNull();
        assertThat(event.shadowDecision()).isNull();
        assertThat(event.shadowRule()).isNull();
    }

    @Test
    void aRevisionThreeDecisionKeepsItsPolicyAndBudgetFields() {
        AgentActionDecidedEvent decided = new AgentActionDecidedEvent("ws-1", "org-a", "t", "a", "agt-1", "TOOL_CALL",
                "search", "ALLOW", "observed", "strict/tools.search.allow", "AGENT_IDENTITY_ASSURANCE_ASSERTED", "tr",
                "sp", 42, "sha256:abc", null, "DENY", "strict/tools.search.allow", new java.math.BigDecimal("0.012500"), 1200L,
                null);

        SerializedObject<String> stored = events.serialize(decided, String.class);

        assertThat(stored.getType().getRevision()).isEqualTo("4");
        assertThat((AgentActionDecidedEvent) events.deserialize(stored)).isEqualTo(decided);
    }
}
