package io.agentassembly.gateway.decision;

import io.agentassembly.command.api.budget.SpendClaim;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.serialization.SerializationException;

import java.sql.SQLException;
import java.util.List;
import java.util.Map;

/**
 * Where the journal writes a batch of decision events: durably and atomically (all or none) when {@code write}
 * returns, throwing otherwise. The app provides one per event store (docs/adr/0018): with the JDBC store, one
 * statement that also writes the audit entries; with Axon Server, {@link EventStoreDecisionStore}.
 */
@FunctionalInterface
public interface DecisionStore {

    void write(List<EventMessage<?>> events);

    /**
     * Writes the decisions and grants their budget claims atomically with them (docs/adr/0021): a claim one of
     * whose enforced limits is used up is not granted and its decision is written as a DENY by the first such limit.
     * Answers the denied decisions' event identifiers with the index of the deciding limit in their claim. A store
     * that cannot arbitrate claims refuses a batch that has any.
     */
    default Map<String, Integer> write(List<EventMessage<?>> events, List<SpendClaim> claims) {
        if (!claims.isEmpty()) {
            throw new UnsupportedOperationException("this decision store does not arbitrate budget claims");
        }
        write(events);
        return Map.of();
    }

    /**
     * Whether {@code failure} of {@link #write} came from what the batch holds, so that writing fewer of its
     * events may succeed: the database refused a value (SQLSTATE class 22, data exception, e.g. U+0000 in jsonb)
     * or an event could not be serialised. Failures of the store itself (connection, timeout) and constraint
     * violations (class 23: a schema problem every item would hit) are not: retrying parts of the batch would only
     * multiply the wait.
     */
    default boolean refusedContent(RuntimeException failure) {
        Throwable cause = failure;
        for (int depth = 0; cause != null && depth < 16; depth++, cause = cause.getCause()) {
            if (cause instanceof SerializationException) {
                return true;
            }
            if (cause instanceof SQLException sql && sql.getSQLState() != null && sql.getSQLState().startsWith("22")) {
                return true;
            }
        }
        return false;
    }
}
