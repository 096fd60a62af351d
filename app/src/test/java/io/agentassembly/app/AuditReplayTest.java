package io.agentassembly.app;

import io.agentassembly.app.support.IntegrationTest;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.jooq.DSLContext;
import org.jooq.Record;
import org.jooq.Result;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.time.Duration;

import static io.agentassembly.app.support.Api.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The audit log is a projection: resetting it and replaying the event store rebuilds the identical table. */
class AuditReplayTest extends IntegrationTest {

    private static final String SNAPSHOT = "select global_sequence, event_id, workspace_id, org_id, aggregate_id, "
            + "event_type, actor_type, actor_id, occurred_at, payload::text from audit_entry order by global_sequence";

    @Autowired
    DSLContext db;

    @Autowired
    EventProcessingConfiguration processing;

    @Test
    void replayingTheAuditProjectionRebuildsAnIdenticalTable() {
        var owner = tenants.signUp("business");
        api.post("/api/v1/api-keys", owner.accessToken(), json("name", "replay"));
        tenants.invite(owner, "ADMIN");
        long events = db.fetchCount(db.selectFrom("domainevententry"));
        await().atMost(Duration.ofSeconds(15)).until(() -> db.fetchCount(db.selectFrom("audit_entry")) == events);
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
