package io.agentassembly.gateway.audit;

import io.agentassembly.gateway.decision.AgentPrincipal;
import org.axonframework.eventhandling.EventMessage;
import org.jooq.DSLContext;
import org.jooq.InsertValuesStep3;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

import io.agentassembly.schema.jooq.tables.records.AgentReportedEventRecord;

import static io.agentassembly.schema.jooq.Tables.AGENT_REPORTED_EVENT;

/**
 * Records agent-reported events exactly once per {@code (agent, event_id)}. In one transaction it claims the
 * batch's event ids in {@code agent_reported_event} (INSERT … ON CONFLICT DO NOTHING RETURNING) and appends
 * to the event store only the events of the ids it newly claimed, so a retried report is a no-op and a
 * failed append releases its claims with the rollback. With the JDBC store it writes straight to the storage
 * engine, like the decision journal: no subscribing handler needs these events; the audit log's tracking processor
 * reads them. With Axon Server the append is its own commit, made before the claims commit: should that last
 * commit fail, a retry appends the events again (at least once, never lost).
 */
public class ReportedEventJournal {

    /** The events one reported {@code eventId} produces (the report, plus usage for LLM calls). */
    public record Report(String eventId, List<EventMessage<?>> events) {
    }

    /**
     * Runs in the recording transaction with the events about to be appended (only those newly claimed) and answers
     * further events to append with them (the budget settlement: docs/adr/0021).
     */
    public interface RecordingHook {
        List<EventMessage<?>> recording(AgentPrincipal agent, List<EventMessage<?>> events);
    }

    private final Consumer<List<? extends EventMessage<?>>> append;
    private final TransactionTemplate transactions;
    private final DSLContext dsl;
    private volatile RecordingHook hook = (agent, events) -> List.of();

    /** {@code append}: appends events to the event store, joining the current transaction where the store can. */
    public ReportedEventJournal(Consumer<List<? extends EventMessage<?>>> append, TransactionTemplate transactions,
                                DSLContext dsl) {
        this.append = append;
        this.transactions = transactions;
        this.dsl = dsl;
    }

    /**
     * Durably records the reports not seen before for this agent; returns how many were new. Ids repeated
     * within the batch count once. Throws if the store is unavailable (nothing of the batch is then recorded).
     */
    public void hook(RecordingHook hook) {
        this.hook = hook;
    }

    public int record(AgentPrincipal agent, List<Report> reports) {
        String agentKey = agent.agentKey();
        if (reports.isEmpty()) {
            return 0;
        }
        Integer recorded = transactions.execute(status -> {
            OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
            InsertValuesStep3<AgentReportedEventRecord, String, String, OffsetDateTime> insert = dsl
                    .insertInto(AGENT_REPORTED_EVENT, AGENT_REPORTED_EVENT.AGENT_KEY, AGENT_REPORTED_EVENT.EVENT_ID,
                            AGENT_REPORTED_EVENT.REPORTED_AT);
            Set<String> distinct = new HashSet<>();
            for (Report report : reports) {
                if (distinct.add(report.eventId())) {
                    insert = insert.values(agentKey, report.eventId(), now);
                }
            }
            Set<String> claimed = new HashSet<>(insert.onConflictDoNothing()
                    .returning(AGENT_REPORTED_EVENT.EVENT_ID).fetch(AGENT_REPORTED_EVENT.EVENT_ID));
            List<EventMessage<?>> events = new ArrayList<>();
            int fresh = 0;
            for (Report report : reports) {
                if (claimed.remove(report.eventId())) {
                    events.addAll(report.events());
                    fresh++;
                }
            }
            if (!events.isEmpty()) {
                events.addAll(hook.recording(agent, events));
                append.accept(events);
            }
            return fresh;
        });
        return recorded == null ? 0 : recorded;
    }
}
