package io.agentassembly.app.config;

import io.agentassembly.app.support.IntegrationTest;
import io.agentassembly.command.api.budget.SpendClaim;
import io.agentassembly.command.api.budget.SpendClaim.ClaimedLimit;
import io.agentassembly.command.api.gateway.GatewayEvents.AgentActionDecidedEvent;
import io.agentassembly.gateway.decision.EventStoreDecisionStore;
import io.agentassembly.projection.BudgetArbiter;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.eventsourcing.eventstore.inmemory.InMemoryEventStorageEngine;
import org.jooq.DSLContext;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import javax.sql.DataSource;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Budgets where decisions are appended through Axon's event store API (the Axon Server topology, ADR 0018): the
 * arbiter grants or refuses the claims in PostgreSQL first, and a refused decision is appended as a DENY by the
 * limit that refused it. Axon's in-memory storage engine stands in for Axon Server; the arbiter and the counters are
 * the real ones on PostgreSQL.
 */
class EventStoreBudgetArbitrationTest extends IntegrationTest {

    @Autowired
    DataSource dataSource;

    @Autowired
    DSLContext db;

    @Test
    void aRefusedClaimIsAppendedAsADenyAndAGrantedOneReserves() {
        String workspace = "ws-" + UUID.randomUUID();
        Instant epoch = Instant.now().truncatedTo(ChronoUnit.DAYS);
        db.execute("insert into spend_counter (workspace_id, limit_key, epoch_start, lane, used_usd) "
                + "values (?, 'envelope:org:full:daily', ?::timestamptz, 0, 1.00)", workspace, epoch.toString());
        InMemoryEventStorageEngine storage = new InMemoryEventStorageEngine();
        EmbeddedEventStore eventStore = EmbeddedEventStore.builder().storageEngine(storage).build();
        EventStoreDecisionStore store = new EventStoreDecisionStore(eventStore, new BudgetArbiter(dataSource)::arbitrate);

        EventMessage<?> refused = decision(workspace, "full");
        EventMessage<?> granted = decision(workspace, "room");
        Map<String, Integer> denied = store.write(List.of(refused, granted), List.of(
                claim(refused, workspace, "envelope:org:full:daily", epoch),
                claim(granted, workspace, "envelope:org:room:daily", epoch)));

        assertThat(denied).containsExactly(Map.entry(refused.getIdentifier(), 0));
        List<AgentActionDecidedEvent> appended = new ArrayList<>();
        storage.readEvents(null, false).forEach(e -> appended.add((AgentActionDecidedEvent) e.getPayload()));
        assertThat(appended).hasSize(2);
        assertThat(appended.get(0).decision()).isEqualTo("DENY");
        assertThat(appended.get(0).policyRule()).isEqualTo("BUDGET_EXCEEDED");
        assertThat(appended.get(0).budgetLimit()).isEqualTo("envelope:org:full:daily");
        assertThat(appended.get(0).reason()).startsWith("daily budget exceeded");
        assertThat(appended.get(1).decision()).isEqualTo("ALLOW");
        assertThat(db.fetchCount(db.selectFrom("budget_reservation").where("workspace_id = ?", workspace)))
                .as("only the granted claim holds a reservation").isEqualTo(1);
    }

    private static EventMessage<?> decision(String workspace, String org) {
        return GenericEventMessage.asEventMessage(new AgentActionDecidedEvent(workspace, org, "team", "agent",
                "agt-" + org, "LLM_CALL", "model", "ALLOW", "allowed", "open/llm", "AGENT_IDENTITY_ASSURANCE_ASSERTED",
                "trace-" + org, "span", 10, null, null, null, null, new BigDecimal("0.02"), 200L, null));
    }

    private static SpendClaim claim(EventMessage<?> decision, String workspace, String limitKey, Instant epoch) {
        return new SpendClaim(decision.getIdentifier(), workspace, "agt-x", "trace", "span", new BigDecimal("0.02"),
                200, Instant.now(), Instant.now().plusSeconds(300), List.of(new ClaimedLimit(limitKey, epoch,
                new BigDecimal("1.00"), null, true, "daily budget exceeded: org, daily limit 1 USD")));
    }
}
