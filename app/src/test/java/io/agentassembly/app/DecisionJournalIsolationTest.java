package io.agentassembly.app;

import io.agentassembly.app.support.GatewayIntegrationTest;
import io.agentassembly.command.api.common.ActorType;
import io.agentassembly.command.api.common.AuditMetadata;
import io.agentassembly.command.api.gateway.GatewayEvents.AgentActionDecidedEvent;
import io.agentassembly.gateway.decision.DecisionJournal;
import io.agentassembly.gateway.decision.DecisionStore;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericEventMessage;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The decision journal against the app's real store and PostgreSQL, bypassing the gRPC edge: a decision
 * PostgreSQL refuses (U+0000 in the audit entry's jsonb) shares a group commit with good ones, and only its own
 * caller is failed; every other decision and its audit entry is committed.
 */
class DecisionJournalIsolationTest extends GatewayIntegrationTest {

    @Autowired
    private DecisionStore store;

    @Test
    void aDecisionPostgresqlRefusesFailsOnlyItsOwnCallerInASharedBatch() throws Exception {
        CountDownLatch firstCommitStarted = new CountDownLatch(1);
        CountDownLatch releaseFirstCommit = new CountDownLatch(1);
        List<Integer> attempts = new CopyOnWriteArrayList<>();
        DecisionJournal journal = new DecisionJournal(new DecisionStore() {
            @Override
            public void write(List<EventMessage<?>> events) {
                attempts.add(events.size());
                if (attempts.size() == 1) {
                    firstCommitStarted.countDown();
                    await(releaseFirstCommit);
                }
                store.write(events);
            }

            @Override
            public boolean refusedContent(RuntimeException failure) {
                return store.refusedContent(failure);
            }
        }, 100, 1, 100);
        journal.start();
        ExecutorService callers = Executors.newFixedThreadPool(8);
        try {
            CompletableFuture<Throwable> first = append(callers, journal, decision("first-" + UUID.randomUUID(), "ok"));
            assertThat(firstCommitStarted.await(5, TimeUnit.SECONDS)).isTrue();
            List<String> goodTraces = new ArrayList<>();
            List<CompletableFuture<Throwable>> goodAnswers = new ArrayList<>();
            String badTrace = "bad-" + UUID.randomUUID();
            CompletableFuture<Throwable> badAnswer = null;
            for (int i = 0; i < 8; i++) {
                if (i == 5) {
                    badAnswer = append(callers, journal, decision(badTrace, "reason with \u0000 in it"));
                } else {
                    String trace = "good-" + UUID.randomUUID();
                    goodTraces.add(trace);
                    goodAnswers.add(append(callers, journal, decision(trace, "ok")));
                }
            }
            Thread.sleep(200);
            releaseFirstCommit.countDown();

            assertThat(first.get(10, TimeUnit.SECONDS)).isNull();
            for (CompletableFuture<Throwable> answer : goodAnswers) {
                assertThat(answer.get(10, TimeUnit.SECONDS)).isNull();
            }
            assertThat(badAnswer.get(10, TimeUnit.SECONDS)).isInstanceOf(DecisionJournal.JournalUnavailableException.class);
            assertThat(attempts.get(1)).as("the eight decisions were first written as one batch").isEqualTo(8);
            for (String trace : goodTraces) {
                assertThat(db.fetchCount(db.selectFrom("audit_entry").where("payload ->> 'trace_id' = ?", trace)))
                        .as("audit entry of " + trace).isEqualTo(1);
            }
            assertThat(db.fetchCount(db.selectFrom("domainevententry")
                    .where("position(? in convert_from(payload, 'UTF8')) > 0", badTrace))).isZero();
        } finally {
            journal.stop();
            callers.shutdownNow();
        }
    }

    private CompletableFuture<Throwable> append(ExecutorService callers, DecisionJournal journal, EventMessage<?> event) {
        CompletableFuture<Throwable> answer = new CompletableFuture<>();
        callers.execute(() -> journal.append(List.of(event), answer::complete));
        return answer;
    }

    private EventMessage<?> decision(String traceId, String reason) {
        return GenericEventMessage.asEventMessage(new AgentActionDecidedEvent(owner.workspaceId(), "org-a", "team-1",
                "agent-1", "agt-" + UUID.randomUUID(), "TOOL_CALL", "search", "DENY", reason, "default_deny",
                "AGENT_IDENTITY_ASSURANCE_ASSERTED", traceId, "span", 10, null, null, null, null, null, null, null))
                .andMetaData(Map.of(AuditMetadata.ACTOR_TYPE, ActorType.AGENT.name(), AuditMetadata.ACTOR_ID, "agt-1"));
    }

    private static void await(CountDownLatch latch) {
        try {
            assertThat(latch.await(10, TimeUnit.SECONDS)).isTrue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
