package io.agentassembly.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.uuid.Generators;
import io.agentassembly.app.support.Api;
import io.agentassembly.app.support.GatewayClient.RegisteredAgent;
import io.agentassembly.app.support.GatewayIntegrationTest;
import io.agentassembly.app.support.Tenants.Member;
import io.agentassembly.command.api.gateway.AgentAuditEvents.AgentEventReportedEvent;
import io.agentassembly.gateway.proto.audit.v1.AuditEvent;
import io.agentassembly.gateway.proto.audit.v1.ReportEventsRequest;
import io.agentassembly.gateway.proto.audit.v1.ToolCallDetail;
import io.agentassembly.gateway.proto.common.v1.ActionType;
import io.agentassembly.gateway.proto.common.v1.Decision;
import io.agentassembly.gateway.proto.common.v1.Timestamp;
import io.agentassembly.projection.deadletter.DeadLetterErrorHandler;
import io.agentassembly.projection.deadletter.DeadLetterView;
import io.agentassembly.projection.deadletter.DeadLetteringInterceptor;
import io.agentassembly.projection.deadletter.DeadLetters;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.SimpleEventHandlerInvoker;
import org.axonframework.eventhandling.TrackingEventProcessor;
import org.axonframework.eventhandling.TrackingEventProcessorConfiguration;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.messaging.StreamableMessageSource;
import org.jooq.Record;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * No event may stall a shared processor: events the audit-log processor cannot handle are put into the event store
 * directly (the gateway refuses them at its edge) between good events of two workspaces; they are set aside as dead
 * letters, alerted and counted, and the processor goes on with everyone's events.
 */
@ExtendWith(OutputCaptureExtension.class)
class DeadLetterTest extends GatewayIntegrationTest {

    private static final String DEAD_LETTERS = "/api/v1/operator/dead-letters";
    private static final ObjectMapper JSON = new ObjectMapper();

    private static final String PROBE = "dead-letter-probe";

    @Autowired
    MeterRegistry meters;

    @Autowired
    DeadLetters deadLetters;

    @Autowired
    EventStore eventStore;

    @Autowired
    TokenStore tokenStore;

    @Autowired
    TransactionManager transactions;

    @Test
    void aPoisonEventInTheStoreIsSetAsideByTheAuditLogWhichGoesOn(CapturedOutput output) {
        Member neighbour = tenants.signUp("pro");
        RegisteredAgent ours = gateway.register(apiKey, "org-a", "team-1", "poisoner");
        RegisteredAgent theirs = gateway.register(apiKeyOf(neighbour), "org-b", "team-2", "bystander");
        double counted = setAsideCount();
        String secret = "tenant-data-" + UUID.randomUUID();

        String template = report(ours);
        long poison = storeCopy(template, payload -> payload.put("trace_id", secret + "\u0000"), null);
        String theirsAfter = report(theirs);
        String oursAfter = report(ours);

        awaitAudited(neighbour, theirsAfter);
        awaitAudited(owner, oursAfter);
        assertThat(db.fetchCount(db.selectFrom("audit_entry").where("global_sequence = ?", poison))).isZero();
        Record deadLetter = deadLetterAt(poison);
        assertThat(deadLetter.get("event_type", String.class)).isEqualTo("AgentEventReported");
        assertThat(deadLetter.get("workspace_id", String.class)).isEqualTo(owner.workspaceId());
        assertThat(deadLetter.get("error", String.class)).contains("SQLSTATE 22P05").doesNotContain(secret);
        await().atMost(Duration.ofSeconds(5)).until(() -> setAsideCount() >= counted + 1);
        assertThat(meters.get("aasm.processor.dead_letters.open").gauge().value()).isGreaterThanOrEqualTo(1);

        Api.Response listed = api.get(DEAD_LETTERS + "?processing_group=audit-log", OPERATOR_TOKEN);
        assertThat(listed.status()).isEqualTo(200);
        JsonNode entry = find(listed.body().path("dead_letters"), poison);
        assertThat(entry).as("dead letter %d listed", poison).isNotNull();
        assertThat(entry.path("status").asText()).isEqualTo("open");
        assertThat(entry.path("workspace_id").asText()).isEqualTo(owner.workspaceId());
        assertThat(listed.body().toString()).doesNotContain(secret);

        assertThat(output.getAll()).contains("ALERT dead-lettered event: processing group audit-log set aside "
                + "global sequence " + poison).doesNotContain(secret);
    }

    /** Handler failures: a payload that is not JSON, metadata that is not JSON. */
    @Test
    void eventsItsHandlerCannotReadAreSetAsideToo() {
        RegisteredAgent ours = gateway.register(apiKey, "org-a", "team-1", "garbler");
        String template = report(ours);
        long unreadablePayload = storeCopy(template, null, null, "{\"workspace_id\":\"" + owner.workspaceId() + "\",");
        long unreadableMetaData = storeCopy(template, payload -> payload.put("trace_id", UUID.randomUUID().toString()),
                "not json");
        String after = report(ours);

        awaitAudited(owner, after);
        Record payloadLetter = deadLetterAt(unreadablePayload);
        assertThat(payloadLetter.get("workspace_id", String.class)).as("unknown: the payload cannot be read").isNull();
        assertThat(payloadLetter.get("error", String.class)).contains("SerializationException");
        Record metaDataLetter = deadLetterAt(unreadableMetaData);
        assertThat(metaDataLetter.get("workspace_id", String.class)).isEqualTo(owner.workspaceId());
        assertThat(metaDataLetter.get("error", String.class)).contains("SerializationException");
    }

    @Test
    void anOperatorRetriesADeadLetterOnceTheCauseIsRepairedAndDismissesAnother() throws Exception {
        RegisteredAgent ours = gateway.register(apiKey, "org-a", "team-1", "repaired");
        String template = report(ours);
        String traceId = UUID.randomUUID().toString();
        long poison = storeCopy(template, payload -> payload.put("trace_id", traceId + "\u0000"), null);
        long unreadable = storeCopy(template, null, null, "[");
        awaitAudited(owner, report(ours));
        deadLetterAt(poison);
        deadLetterAt(unreadable);
        String path = DEAD_LETTERS + "/audit-log/";

        Api.Response again = api.post(path + poison + "/retry", OPERATOR_TOKEN, null);
        assertThat(again.status()).as(again.body().toString()).isEqualTo(200);
        assertThat(again.text("outcome")).isEqualTo("set_aside_again");
        assertThat(again.body().path("dead_letter").path("status").asText()).isEqualTo("open");

        ObjectNode repaired = (ObjectNode) JSON.readTree(storedPayload(poison));
        repaired.put("trace_id", traceId);
        db.execute("update domainevententry set payload = convert_to(?, 'UTF8') where globalindex = ?",
                JSON.writeValueAsString(repaired), poison);
        Api.Response handled = api.post(path + poison + "/retry", OPERATOR_TOKEN, null);
        assertThat(handled.status()).isEqualTo(200);
        assertThat(handled.text("outcome")).isEqualTo("handled");
        assertThat(db.fetchCount(db.selectFrom("audit_entry").where("global_sequence = ? and payload ->> 'trace_id' = ?",
                poison, traceId))).isEqualTo(1);
        assertThat(find(api.get(DEAD_LETTERS, OPERATOR_TOKEN).body().path("dead_letters"), poison)).isNull();

        Api.Response dismissed = api.post(path + unreadable + "/dismiss", OPERATOR_TOKEN, null);
        assertThat(dismissed.status()).isEqualTo(200);
        assertThat(dismissed.text("status")).isEqualTo("dismissed");
        assertThat(find(api.get(DEAD_LETTERS, OPERATOR_TOKEN).body().path("dead_letters"), unreadable)).isNull();
        assertThat(find(api.get(DEAD_LETTERS + "?status=dismissed", OPERATOR_TOKEN).body().path("dead_letters"),
                unreadable)).isNotNull();

        assertThat(api.post(path + "999999999/retry", OPERATOR_TOKEN, null).status()).isEqualTo(404);
        assertThat(api.post(DEAD_LETTERS + "/no-such-group/" + unreadable + "/dismiss", OPERATOR_TOKEN, null)
                .status()).isEqualTo(404);
        Api.Response badStatus = api.get(DEAD_LETTERS + "?status=closed", OPERATOR_TOKEN);
        assertThat(badStatus.status()).isEqualTo(400);
        assertThat(badStatus.text("field")).isEqualTo("status");
        assertThat(api.deliberatelyInvalid().post(path + "not-a-number/retry", OPERATOR_TOKEN, null).status()).isEqualTo(400);
    }

    @Test
    void onlyTheOperatorListsRetriesOrDismissesDeadLetters() {
        assertThat(api.get(DEAD_LETTERS, null).status()).isEqualTo(401);
        assertThat(api.get(DEAD_LETTERS, owner.accessToken()).status()).isEqualTo(403);
        assertThat(api.get(DEAD_LETTERS, apiKey).status()).isEqualTo(403);
        assertThat(api.get(DEAD_LETTERS, OPERATOR_TOKEN).status()).isEqualTo(200);
        assertThat(api.deliberatelyInvalid().post(DEAD_LETTERS + "/audit-log/1/retry", null, null).status()).isEqualTo(401);
        assertThat(api.post(DEAD_LETTERS + "/audit-log/1/retry", owner.accessToken(), null).status()).isEqualTo(403);
        assertThat(api.post(DEAD_LETTERS + "/audit-log/1/dismiss", owner.accessToken(), null).status()).isEqualTo(403);
    }

    /**
     * Any tracking processor, not only the audit log: a handler that writes at once and whose statement the
     * database refuses for one event (here a CHECK constraint) aborts its batch's transaction; the processor
     * retries the batch with that event alone in a savepoint, sets it aside and writes the others. The probe
     * processor is built here with the interceptor and error handler the app registers on every processor.
     */
    @Test
    void anyTrackingProcessorRetriesAnEventWhoseOwnStatementFailsAloneAndSetsItAside() {
        String accepted = UUID.randomUUID().toString();
        String refused = UUID.randomUUID().toString();
        String acceptedAfter = UUID.randomUUID().toString();
        db.execute("create table dead_letter_probe (global_sequence bigint primary key, "
                + "trace_id text not null check (trace_id <> '" + refused + "'))");
        TrackingEventProcessor probe = TrackingEventProcessor.builder()
                .name(PROBE)
                .eventHandlerInvoker(SimpleEventHandlerInvoker.builder().eventHandlers(new Probe())
                        .listenerInvocationErrorHandler(new DeadLetterErrorHandler()).build())
                .messageSource(eventStore)
                .tokenStore(tokenStore)
                .transactionManager(transactions)
                .trackingEventProcessorConfiguration(TrackingEventProcessorConfiguration.forSingleThreadedProcessing()
                        .andInitialTrackingToken(StreamableMessageSource::createHeadToken))
                .build();
        probe.registerHandlerInterceptor(new DeadLetteringInterceptor(PROBE, deadLetters));
        try {
            RegisteredAgent agent = gateway.register(apiKey, "org-a", "team-1", "probed");
            probe.start();
            await().atMost(Duration.ofSeconds(15)).until(() -> probe.processingStatus().size() == 1);

            report(agent, accepted, refused, acceptedAfter);

            await().atMost(Duration.ofSeconds(30)).until(() -> db.fetchCount(db.selectFrom("dead_letter_probe")
                    .where("trace_id in (?, ?)", accepted, acceptedAfter)) == 2);
            long refusedAt = ((Number) db.fetchValue("select globalindex from domainevententry where payloadtype like "
                    + "'%AgentEventReportedEvent' and convert_from(payload, 'UTF8') like ?", "%" + refused + "%"))
                    .longValue();
            DeadLetterView deadLetter = deadLetters.find(PROBE, refusedAt).orElseThrow();
            assertThat(deadLetter.error()).contains("SQLSTATE 23514");
            assertThat(deadLetter.workspaceId()).isEqualTo(owner.workspaceId());
            assertThat(db.fetchCount(db.selectFrom("dead_letter_probe"))).isEqualTo(2);
        } finally {
            probe.shutDown();
            db.execute("drop table if exists dead_letter_probe");
            db.execute("delete from tokenentry where processorname = ?", PROBE);
            db.execute("delete from processor_dead_letter where processing_group = ?", PROBE);
        }
    }

    /** The probe's handler: one row per reported event, written at once. */
    public class Probe {
        @EventHandler
        public void on(AgentEventReportedEvent event, TrackingToken token) {
            db.execute("insert into dead_letter_probe (global_sequence, trace_id) values (?, ?)",
                    token.position().orElseThrow(), event.traceId());
        }
    }

    /** Reports one tool call as the agent; returns its trace id. */
    private String report(RegisteredAgent agent) {
        String traceId = UUID.randomUUID().toString();
        report(agent, traceId);
        return traceId;
    }

    /** Reports one tool call per trace id, in one call (one transaction: consecutive in the event store). */
    private void report(RegisteredAgent agent, String... traceIds) {
        ReportEventsRequest.Builder request = ReportEventsRequest.newBuilder();
        for (String traceId : traceIds) {
            request.addEvents(AuditEvent.newBuilder().setEventId(Generators.timeBasedEpochGenerator().generate()
                            .toString()).setAgentId(agent.id())
                    .setOccurredAt(Timestamp.newBuilder().setUnixMs(System.currentTimeMillis()))
                    .setTraceId(traceId).setSpanId("0123456789abcdef").setActionType(ActionType.TOOL_CALL)
                    .setDecision(Decision.ALLOW).setToolCall(ToolCallDetail.newBuilder().setToolName("search")
                            .setSucceeded(true)));
        }
        gateway.audit(agent.credentialToken()).reportEvents(request.build());
    }

    private interface PayloadChange {
        void apply(ObjectNode payload);
    }

    /**
     * Appends a copy of the stored AgentEventReportedEvent with {@code traceId} straight to the event store, shaped
     * as Axon's JDBC engine stores events without an aggregate (aggregate identifier = event identifier, sequence
     * 0): its payload changed, or replaced by {@code rawPayload}, and its metadata replaced if {@code metaData}.
     */
    private long storeCopy(String traceId, PayloadChange change, String metaData) {
        return storeCopy(traceId, change, metaData, null);
    }

    private long storeCopy(String traceId, PayloadChange change, String metaData, String rawPayload) {
        Record template = db.fetchSingle("select globalindex, convert_from(payload, 'UTF8') as payload from "
                + "domainevententry where payloadtype like '%AgentEventReportedEvent' and convert_from(payload, 'UTF8') "
                + "like ?", "%" + traceId + "%");
        String payload = rawPayload;
        if (payload == null) {
            try {
                ObjectNode tree = (ObjectNode) JSON.readTree(template.get("payload", String.class));
                tree.put("event_id", Generators.timeBasedEpochGenerator().generate().toString());
                change.apply(tree);
                payload = JSON.writeValueAsString(tree);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
        String eventId = UUID.randomUUID().toString();
        return ((Number) db.fetchValue("""
                insert into domainevententry (eventidentifier, aggregateidentifier, sequencenumber, type, "timestamp",
                                              payloadtype, payloadrevision, payload, metadata)
                select ?, ?, 0, type, "timestamp", payloadtype, payloadrevision, convert_to(?, 'UTF8'),
                       coalesce(convert_to(?, 'UTF8'), metadata)
                from domainevententry where globalindex = ?
                returning globalindex""", eventId, eventId, payload, metaData,
                template.get("globalindex", Long.class))).longValue();
    }

    private String storedPayload(long globalSequence) {
        return (String) db.fetchValue("select convert_from(payload, 'UTF8') from domainevententry where globalindex = ?",
                globalSequence);
    }

    private void awaitAudited(Member member, String traceId) {
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            Api.Response logs = api.get("/api/v1/logs?event_type=AgentEventReported&per_page=500", member.accessToken());
            List<String> traces = new ArrayList<>();
            logs.body().path("entries").forEach(entry -> traces.add(entry.path("payload").path("trace_id").asText()));
            assertThat(traces).as("the audit log of %s", member.workspaceId()).contains(traceId);
        });
    }

    private Record deadLetterAt(long globalSequence) {
        await().atMost(Duration.ofSeconds(15)).until(() -> db.fetchCount(db.selectFrom("processor_dead_letter")
                .where("processing_group = 'audit-log' and global_sequence = ?", globalSequence)) == 1);
        return db.fetchSingle("select * from processor_dead_letter where processing_group = 'audit-log' "
                + "and global_sequence = ?", globalSequence);
    }

    private static JsonNode find(JsonNode deadLetters, long globalSequence) {
        for (JsonNode deadLetter : deadLetters) {
            if (deadLetter.path("global_sequence").asLong() == globalSequence) {
                return deadLetter;
            }
        }
        return null;
    }

    private double setAsideCount() {
        Counter counter = meters.find("aasm.processor.dead_letters").tag("processing_group", "audit-log").counter();
        return counter == null ? 0 : counter.count();
    }
}
