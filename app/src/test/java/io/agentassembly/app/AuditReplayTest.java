package io.agentassembly.app;

import io.agentassembly.app.support.GatewayClient;
import io.agentassembly.app.support.GatewayClient.RegisteredAgent;
import io.agentassembly.app.support.GatewayIntegrationTest;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.jooq.Record;
import org.jooq.Result;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.time.Duration;

import static io.agentassembly.app.support.Api.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The audit log is a projection: resetting it and replaying the event store rebuilds the identical table. */
class AuditReplayTest extends GatewayIntegrationTest {

    private static final String SNAPSHOT = "select global_sequence, event_id, workspace_id, org_id, aggregate_id, "
            + "event_type, actor_type, actor_id, occurred_at, payload::text from audit_entry order by global_sequence";

    @Autowired
    EventProcessingConfiguration processing;

    @Test
    void replayingTheAuditProjectionRebuildsAnIdenticalTable() {
        var owner = tenants.signUp("business");
        api.post("/api/v1/api-keys", owner.accessToken(), json("name", "replay"));
        tenants.invite(owner, "ADMIN");
        long events = db.fetchCount(db.selectFrom("domainevententry"));
        await().atMost(Duration.ofSeconds(15)).until(() -> db.fetchCount(db.selectFrom("audit_entry")) == events);
        assertReplayRebuilds(events);
    }

    /**
     * The gateway's journal writes the entries of its decisions in the transaction that records them; a replay
     * must rebuild exactly those rows through the ordinary handler.
     */
    @Test
    void gatewayDecisionsAreAuditedAtCommitAndReplayIdentically() {
        RegisteredAgent agent = gateway.register(apiKey, "org-a", "team-1", "replayer");
        RegisteredAgent other = gateway.register(apiKey, "org-b", "team-2", "victim");
        await().atMost(Duration.ofSeconds(15)).until(() -> db.fetchCount(db.selectFrom("audit_entry"))
                == db.fetchCount(db.selectFrom("domainevententry")));
        for (int i = 0; i < 5; i++) {
            var request = GatewayClient.toolCall(agent, agent.id(), "search");
            gateway.policy().checkAction(request);
            assertThat(db.fetchCount(db.selectFrom("audit_entry").where("event_type = 'AgentActionDecided' "
                    + "and payload ->> 'trace_id' = ?", request.getTraceId())))
                    .as("the decision's audit entry exists when its answer arrives").isEqualTo(1);
        }
        gateway.policy().checkAction(GatewayClient.toolCall(agent, other.id(), "pay"));
        assertThat(db.fetchCount(db.selectFrom("audit_entry").where("event_type = 'A2AImpersonationAttempted'")))
                .isEqualTo(1);
        long events = db.fetchCount(db.selectFrom("domainevententry"));
        await().atMost(Duration.ofSeconds(15)).until(() -> db.fetchCount(db.selectFrom("audit_entry")) == events);
        assertReplayRebuilds(events);
    }

    private void assertReplayRebuilds(long events) {
        Result<Record> before = db.fetch(SNAPSHOT);

        StreamingEventProcessor auditLog = processing.eventProcessor("audit-log", StreamingEventProcessor.class)
                .orElseThrow();
        auditLog.shutDown();
        auditLog.resetTokens();
        assertThat(db.fetchCount(db.selectFrom("audit_entry"))).isZero();
        auditLog.start();

        await().atMost(Duration.ofSeconds(30)).until(() -> db.fetchCount(db.selectFrom("audit_entry")) == events);
        Result<Record> after = db.fetch(SNAPSHOT);
        assertThat(after).hasSize(before.size());
        assertThat(after.formatCSV()).isEqualTo(before.formatCSV());
    }
}
