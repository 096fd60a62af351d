package io.agentassembly.gateway.decision;

import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;

import java.util.List;

/**
 * Writes each batch of decisions through Axon's event store API, whatever store that is (Axon Server under the
 * {@code axonserver} profile): one {@link EventStore#publish} per batch, which outside a unit of work appends the
 * batch in one append transaction and returns once the store has committed it. The events then carry no
 * {@code indexedOnAppend} mark, so the {@code audit-log} processor writes their audit entries from the store's own
 * sequence like any other event's (docs/adr/0018).
 */
public record EventStoreDecisionStore(EventStore eventStore) implements DecisionStore {

    @Override
    public void write(List<EventMessage<?>> events) {
        eventStore.publish(events);
    }
}
