package io.agentassembly.gateway.decision;

import org.axonframework.eventhandling.EventMessage;

import java.util.List;

/**
 * Where the journal writes a batch of decision events: durably and atomically (all or none) when {@code write}
 * returns, throwing otherwise. Without another implementation the gateway appends through Axon's storage engine
 * in a transaction; the app provides one that also writes the audit entries in the same statement.
 */
@FunctionalInterface
public interface DecisionStore {

    void write(List<EventMessage<?>> events);
}
