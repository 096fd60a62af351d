package io.agentassembly.gateway.decision;

import io.agentassembly.command.api.budget.SpendClaim;
import io.agentassembly.command.api.gateway.GatewayEvents.AgentActionDecidedEvent;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Writes each batch of decisions through Axon's event store API, whatever store that is (Axon Server under the
 * {@code axonserver} profile): one {@link EventStore#publish} per batch, which outside a unit of work appends the
 * batch in one append transaction and returns once the store has committed it. The events then carry no
 * {@code indexedOnAppend} mark, so the {@code audit-log} processor writes their audit entries from the store's own
 * sequence like any other event's (docs/adr/0018).
 * <p>
 * Budget claims are granted or refused by {@code arbiter} first (in PostgreSQL, committed on its own), and the refused
 * decisions are appended as DENYs by the limit that refused them (docs/adr/0021). Should the append then fail, the
 * granted reservations stay until the sweeper releases them: a limit may look fuller than it is for that long, never
 * emptier.
 */
public record EventStoreDecisionStore(EventStore eventStore, Function<List<SpendClaim>, Map<String, Integer>> arbiter)
        implements DecisionStore {

    @Override
    public void write(List<EventMessage<?>> events) {
        eventStore.publish(events);
    }

    @Override
    public Map<String, Integer> write(List<EventMessage<?>> events, List<SpendClaim> claims) {
        if (claims.isEmpty()) {
            write(events);
            return Map.of();
        }
        Map<String, Integer> denied = arbiter.apply(claims);
        if (denied.isEmpty()) {
            write(events);
            return denied;
        }
        Map<String, SpendClaim> byDecision = new HashMap<>();
        claims.forEach(claim -> byDecision.put(claim.decisionEventId(), claim));
        List<EventMessage<?>> recorded = new ArrayList<>(events.size());
        for (EventMessage<?> event : events) {
            Integer limit = denied.get(event.getIdentifier());
            if (limit != null && event.getPayload() instanceof AgentActionDecidedEvent decided) {
                SpendClaim.ClaimedLimit refusing = byDecision.get(event.getIdentifier()).limits().get(limit);
                recorded.add(new GenericEventMessage<>(event.getIdentifier(),
                        decided.deniedByBudget(refusing.denyReason(), refusing.limitKey()), event.getMetaData(),
                        event.getTimestamp()));
            } else {
                recorded.add(event);
            }
        }
        write(recorded);
        return denied;
    }
}
