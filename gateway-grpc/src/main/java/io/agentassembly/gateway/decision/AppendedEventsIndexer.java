package io.agentassembly.gateway.decision;

import io.agentassembly.command.api.common.AuditMetadata;
import org.axonframework.eventhandling.EventMessage;

import java.util.List;

/**
 * Indexes journaled events inside the transaction that appends them, so the read side has them at commit
 * without a tracking processor handling each one. Events it indexes carry {@link #INDEXED_ON_APPEND} in their
 * metadata; the projections skip such events except on replay, where they rebuild the same rows.
 */
@FunctionalInterface
public interface AppendedEventsIndexer {

    String INDEXED_ON_APPEND = AuditMetadata.INDEXED_ON_APPEND;

    /** Runs after the events are inserted, in the same transaction: a failure rolls the append back. */
    void index(List<? extends EventMessage<?>> events);
}
