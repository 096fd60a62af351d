package io.agentassembly.app;

import io.agentassembly.app.audit.AuditChainer;
import io.agentassembly.app.support.GatewayClient;
import io.agentassembly.app.support.GatewayClient.RegisteredAgent;
import io.agentassembly.app.support.Api;
import io.agentassembly.app.support.GatewayIntegrationTest;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.jooq.Record;
import org.jooq.Result;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.time.Duration;
import java.util.List;

import static io.agentassembly.app.support.Api.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The audit log is a projection: replaying the event store into it gives the identical table. */
class AuditReplayTest extends GatewayIntegrationTest {

    private static final String SNAPSHOT = "select global_sequence, event_id, workspace_id, org_id, aggregate_id, "
            + "event_type, actor_type, actor_id, occurred_at, payload::text from audit_entry where global_sequence <= ? "
            + "order by global_sequence";

    /** Decisions: their entries are written when they are appended; the processor reads them only in replays. */
    private static final Object[] AUDITED_ON_APPEND = {"AgentActionDecided", "A2AImpersonationAttempted"};

    @Autowired
    EventProcessingConfiguration processing;

    @Autowired
    AuditChainer chainer;

    @Test
    void replayingTheAuditProjectionRebuildsAnIdenticalTable() {
        var owner = tenants.signUp("business");
        api.post("/api/v1/api-keys", owner.accessToken(), json("name", "replay"));
        tenants.invite(owner, "ADMIN");
        assertReplayRebuildsEverythingUpTo(lastEvent());
    }

    /**
     * The gateway's journal writes the entries of its decisions in the transaction that records them; a replay
     * must rebuild exactly those rows through the ordinary handler.
     */
    @Test
    void gatewayDecisionsAreAuditedAtCommitAndReplayIdentically() {
        RegisteredAgent agent = gateway.register(apiKey, "org-a", "team-1", "replayer");
        RegisteredAgent other = gateway.register(apiKey, "org-b", "team-2", "victim");
        for (int i = 0; i < 5; i++) {
            var request = GatewayClient.toolCall(agent, agent.id(), "search");
            gateway.policy().checkAction(request);
            assertThat(auditedWithTrace("AgentActionDecided", request.getTraceId()))
                    .as("the decision's audit entry exists when its answer arrives").isEqualTo(1);
        }
        var impersonation = GatewayClient.toolCall(agent, other.id(), "pay");
        gateway.policy().checkAction(impersonation);
        assertThat(auditedWithTrace("A2AImpersonationAttempted", impersonation.getTraceId())).isEqualTo(1);
        assertReplayRebuildsEverythingUpTo(lastEvent());
    }

    /**
     * A reset may find the processor behind the newest events (it reads decisions back only after they are
     * written; here it is stopped before they are): the entries of decisions it had not read yet must survive
     * the reset, since the replay ends where the processor was and they are not handled again after that.
     */
    @Test
    void aResetWhileTheProcessorLagsKeepsTheEntriesOfEventsItHadNotRead() {
        RegisteredAgent agent = gateway.register(apiKey, "org-a", "team-1", "late");
        awaitAuditedUpTo(lastEvent(), Duration.ofSeconds(15));
        StreamingEventProcessor auditLog = auditLog();
        auditLog.shutDown();
        try {
            for (int i = 0; i < 3; i++) {
                gateway.policy().checkAction(GatewayClient.toolCall(agent, agent.id(), "search"));
            }
        } finally {
            auditLog.resetTokens();
            auditLog.start();
        }
        awaitAuditedUpTo(lastEvent(), Duration.ofSeconds(30));
    }

    private StreamingEventProcessor auditLog() {
        return processing.eventProcessor("audit-log", StreamingEventProcessor.class).orElseThrow();
    }

    private int auditedWithTrace(String eventType, String traceId) {
        return db.fetchCount(db.selectFrom("audit_entry").where("event_type = ? and payload ->> 'trace_id' = ?",
                eventType, traceId));
    }

    private long lastEvent() {
        return ((Number) db.fetchValue("select max(globalindex) from domainevententry")).longValue();
    }

    /** Other tests share the database and may still add events: compare everything up to {@code last}. */
    private void assertReplayRebuildsEverythingUpTo(long last) {
        awaitAuditedUpTo(last, Duration.ofSeconds(15));
        Result<Record> before = db.fetch(SNAPSHOT, last);

        StreamingEventProcessor auditLog = auditLog();
        auditLog.shutDown();
        auditLog.resetTokens();
        assertThat(db.fetch(SNAPSHOT, last).formatCSV()).as("the reset keeps the entries; the replay reconciles them")
                .isEqualTo(before.formatCSV());
        auditLog.start();
        awaitReplayed(last);
        assertThat(db.fetch(SNAPSHOT, last).formatCSV()).isEqualTo(before.formatCSV());

        Api.Response replay = api.post("/api/v1/operator/processors/audit-log/replay", OPERATOR_TOKEN, null);
        assertThat(replay.status()).as("the operator's replay: " + replay.body()).isEqualTo(202);
        awaitReplayed(last);
        Result<Record> after = db.fetch(SNAPSHOT, last);
        assertThat(after).hasSize(before.size());
        assertThat(after.formatCSV()).isEqualTo(before.formatCSV());
    }

    /**
     * A replay writes what differs from the events: an edited entry is rewritten, a deleted one written again, and
     * the workspace's chain linked again from the start comes out with the hashes it had.
     */
    @Test
    void aReplayRestoresEditedAndDeletedEntriesAndTheChainComesOutAsBefore() {
        RegisteredAgent agent = gateway.register(apiKey, "org-a", "team-1", "restored");
        for (int i = 0; i < 3; i++) {
            gateway.policy().checkAction(GatewayClient.toolCall(agent, agent.id(), "search"));
        }
        long last = lastEvent();
        awaitAuditedUpTo(last, Duration.ofSeconds(15));
        String workspace = owner.workspaceId();
        String hashes = "select global_sequence, encode(hash, 'hex') from audit_entry where workspace_id = ? "
                + "and global_sequence <= ? order by global_sequence";
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            chainer.chainAll();
            return db.fetchCount(db.selectFrom("audit_entry").where("workspace_id = ? and global_sequence <= ? "
                    + "and hash is null", workspace, last)) == 0;
        });
        String linked = db.fetch(hashes, workspace, last).formatCSV();
        Result<Record> before = db.fetch(SNAPSHOT, last);
        List<Long> sequences = db.fetch("select global_sequence from audit_entry where workspace_id = ? order by "
                + "global_sequence", workspace).getValues(0, Long.class);
        db.execute("update audit_entry set payload = jsonb_set(payload, '{agent_id}', '\"forged\"') "
                + "where global_sequence = ?", sequences.get(sequences.size() - 2));
        db.execute("delete from audit_entry where global_sequence = ?", sequences.get(1));
        assertThat(api.get("/api/v1/audit/verify", owner.accessToken()).body().path("ok").asBoolean()).isFalse();

        assertThat(api.post("/api/v1/operator/processors/audit-log/replay", OPERATOR_TOKEN, null).status())
                .isEqualTo(202);
        awaitReplayed(lastEvent());
        assertThat(db.fetch(SNAPSHOT, last).formatCSV()).isEqualTo(before.formatCSV());
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            chainer.chainAll();
            return db.fetchCount(db.selectFrom("audit_entry").where("workspace_id = ? and global_sequence <= ? "
                    + "and hash is null", workspace, last)) == 0;
        });
        assertThat(db.fetch(hashes, workspace, last).formatCSV()).isEqualTo(linked);
        Api.Response verified = api.get("/api/v1/audit/verify", owner.accessToken());
        assertThat(verified.body().path("ok").asBoolean()).as(verified.body().toString()).isTrue();
    }

    /** The processor has read every event up to {@code last} again (and is no longer behind the replay's end). */
    private void awaitReplayed(long last) {
        await().atMost(Duration.ofSeconds(60)).until(() -> {
            Api.Response status = api.get("/api/v1/operator/processors/audit-log", OPERATOR_TOKEN);
            return status.body().path("position").asLong() >= last;
        });
        awaitAuditedUpTo(last, Duration.ofSeconds(30));
    }

    /** Every event up to {@code last} has its entry, except those the processor set aside (DeadLetterTest). */
    private void awaitAuditedUpTo(long last, Duration patience) {
        await().atMost(patience).until(() -> db.fetchCount(db.selectFrom("domainevententry e").where(
                "e.globalindex <= ? and not exists (select 1 from audit_entry a where a.global_sequence = e.globalindex)"
                        + " and not exists (select 1 from processor_dead_letter d where d.processing_group = 'audit-log'"
                        + " and d.global_sequence = e.globalindex)", last)) == 0);
    }
}
