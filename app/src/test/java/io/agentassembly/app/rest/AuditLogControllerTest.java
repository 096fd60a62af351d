package io.agentassembly.app.rest;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.agentassembly.command.api.common.ActorType;
import io.agentassembly.command.api.common.Role;
import io.agentassembly.identity.Caller;
import io.agentassembly.query.api.AuditQueries.AuditEntryView;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Which roles see console session ids in audit entries. */
class AuditLogControllerTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SESSION = "0f4c2a8e5b6d4e1f9a3b7c2d1e0f9a8b";

    private final AuditEntryView signedIn = entry("UserSignedIn", SESSION,
            "{\"session_id\":\"" + SESSION + "\",\"user_id\":\"usr-1\",\"method\":\"PASSWORD\"}");
    private final AuditEntryView agentReported = entry("AgentEventReported", null,
            "{\"session_id\":\"agent-run-7\",\"agent_id\":\"writer\"}");

    @Test
    void ownersSeeSessionIds() {
        assertThat(AuditLogController.visibleTo(caller(Role.OWNER), List.of(signedIn, agentReported)))
                .containsExactly(signedIn, agentReported);
    }

    @Test
    void otherRolesSeeConsoleSessionEntriesWithoutTheSessionIdButAgentSessionsUnchanged() {
        for (Role role : List.of(Role.ADMIN, Role.DEVELOPER, Role.VIEWER)) {
            List<AuditEntryView> visible = AuditLogController.visibleTo(caller(role), List.of(signedIn, agentReported));

            assertThat(visible.getFirst().aggregateId()).isNull();
            assertThat(visible.getFirst().payload().has("session_id")).isFalse();
            assertThat(visible.getFirst().payload().path("user_id").asText()).isEqualTo("usr-1");
            assertThat(visible.get(1)).isEqualTo(agentReported);
        }
        assertThat(signedIn.payload().path("session_id").asText()).isEqualTo(SESSION);
    }

    private static Caller caller(Role role) {
        return new Caller(ActorType.USER, "usr-9", "ws-1", "usr-9", role, null);
    }

    private static AuditEntryView entry(String eventType, String aggregateId, String payload) {
        try {
            return new AuditEntryView(1, "evt-1", "ws-1", null, aggregateId, eventType, "USER", "usr-1",
                    Instant.parse("2026-12-01T10:00:00Z"), JSON.readTree(payload));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
