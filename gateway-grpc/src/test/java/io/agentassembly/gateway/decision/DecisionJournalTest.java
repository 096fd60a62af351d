package io.agentassembly.gateway.decision;

import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericEventMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class DecisionJournalTest {

    private final ExecutorService callers = Executors.newFixedThreadPool(8);

    @AfterEach
    void stopCallers() {
        callers.shutdownNow();
    }

    @Test
    void aLoneCallerCommitsOnItsOwnThreadBeforeAppendReturns() {
        List<String> writers = new CopyOnWriteArrayList<>();
        DecisionJournal journal = started(new DecisionJournal(events -> writers.add(Thread.currentThread().getName()),
                100, 2, 100));
        List<Throwable> outcome = new ArrayList<>();

        journal.append(List.of(event("a")), outcome::add);

        assertThat(outcome).containsExactly((Throwable) null);
        assertThat(writers).containsExactly(Thread.currentThread().getName());
    }

    @Test
    void callersArrivingDuringACommitShareTheNextOne() throws Exception {
        CountDownLatch firstCommitStarted = new CountDownLatch(1);
        CountDownLatch releaseFirstCommit = new CountDownLatch(1);
        List<Integer> batchSizes = new CopyOnWriteArrayList<>();
        DecisionJournal journal = started(new DecisionJournal(events -> {
            batchSizes.add(events.size());
            if (batchSizes.size() == 1) {
                firstCommitStarted.countDown();
                await(releaseFirstCommit);
            }
        }, 100, 1, 100));
        List<CompletableFuture<Throwable>> answers = Collections.synchronizedList(new ArrayList<>());

        answers.add(appendAsync(journal, "first"));
        await(firstCommitStarted);
        for (int i = 0; i < 5; i++) {
            answers.add(appendAsync(journal, "queued-" + i));
        }
        Thread.sleep(100);
        releaseFirstCommit.countDown();

        for (CompletableFuture<Throwable> answer : answers) {
            assertThat(answer.get(5, TimeUnit.SECONDS)).isNull();
        }
        assertThat(batchSizes).containsExactly(1, 5);
    }

    @Test
    void aFailedCommitFailsEveryCallerOfItsBatch() {
        DecisionJournal journal = started(new DecisionJournal(events -> {
            throw new IllegalStateException("disk on fire");
        }, 100, 2, 100));
        List<Throwable> outcome = new ArrayList<>();

        journal.append(List.of(event("a"), event("b")), outcome::add);

        assertThat(outcome).singleElement().isInstanceOf(DecisionJournal.JournalUnavailableException.class);
    }

    @Test
    void aBatchTheStoreRefusesForOneItemIsBisectedSoOnlyThatCallerFails() throws Exception {
        List<List<String>> writes = new CopyOnWriteArrayList<>();
        List<String> stored = new CopyOnWriteArrayList<>();
        CountDownLatch firstCommitStarted = new CountDownLatch(1);
        CountDownLatch releaseFirstCommit = new CountDownLatch(1);
        DecisionJournal journal = started(new DecisionJournal(events -> {
            List<String> payloads = events.stream().map(e -> (String) e.getPayload()).toList();
            writes.add(payloads);
            if (writes.size() == 1) {
                firstCommitStarted.countDown();
                await(releaseFirstCommit);
            }
            if (payloads.stream().anyMatch(p -> p.contains("\u0000"))) {
                throw new IllegalStateException("could not append", new SQLException(
                        "unsupported Unicode escape sequence", "22P05"));
            }
            stored.addAll(payloads);
        }, 100, 1, 100));

        CompletableFuture<Throwable> first = appendAsync(journal, "first");
        await(firstCommitStarted);
        List<CompletableFuture<Throwable>> good = new ArrayList<>();
        CompletableFuture<Throwable> poisoned = null;
        for (int i = 0; i < 8; i++) {
            if (i == 5) {
                poisoned = appendAsync(journal, "bad\u0000");
            } else {
                good.add(appendAsync(journal, "good-" + i));
            }
        }
        Thread.sleep(100);
        releaseFirstCommit.countDown();

        assertThat(first.get(5, TimeUnit.SECONDS)).isNull();
        for (CompletableFuture<Throwable> answer : good) {
            assertThat(answer.get(5, TimeUnit.SECONDS)).isNull();
        }
        assertThat(poisoned.get(5, TimeUnit.SECONDS)).isInstanceOf(DecisionJournal.JournalUnavailableException.class);
        assertThat(stored).hasSize(8).noneMatch(p -> p.contains("\u0000"));
        assertThat(writes.get(1)).hasSize(8);
        assertThat(writes.size()).as("bisection, not one write per item").isLessThanOrEqualTo(1 + 1 + 2 + 2 + 2);
    }

    @Test
    void aBatchThatFailsForAnotherReasonFailsEveryCallerWithoutRetries() throws Exception {
        List<Integer> writes = new CopyOnWriteArrayList<>();
        CountDownLatch firstCommitStarted = new CountDownLatch(1);
        CountDownLatch releaseFirstCommit = new CountDownLatch(1);
        DecisionJournal journal = started(new DecisionJournal(events -> {
            writes.add(events.size());
            if (writes.size() == 1) {
                firstCommitStarted.countDown();
                await(releaseFirstCommit);
                return;
            }
            throw new IllegalStateException("could not append", new SQLException("connection refused", "08001"));
        }, 100, 1, 100));

        CompletableFuture<Throwable> first = appendAsync(journal, "first");
        await(firstCommitStarted);
        List<CompletableFuture<Throwable>> queued = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            queued.add(appendAsync(journal, "queued-" + i));
        }
        Thread.sleep(100);
        releaseFirstCommit.countDown();

        assertThat(first.get(5, TimeUnit.SECONDS)).isNull();
        for (CompletableFuture<Throwable> answer : queued) {
            assertThat(answer.get(5, TimeUnit.SECONDS)).isInstanceOf(DecisionJournal.JournalUnavailableException.class);
        }
        assertThat(writes).containsExactly(1, 4);
    }

    @Test
    void theStoreTellsRefusedContentFromItsOwnFailures() {
        DecisionStore store = events -> { };
        assertThat(store.refusedContent(new IllegalStateException("x", new SQLException("bad", "22P05")))).isTrue();
        assertThat(store.refusedContent(new IllegalStateException("x", new SQLException("bad", "22021")))).isTrue();
        assertThat(store.refusedContent(new IllegalStateException("x", new SQLException("check", "23514")))).isFalse();
        assertThat(store.refusedContent(new org.axonframework.serialization.SerializationException("bad"))).isTrue();
        assertThat(store.refusedContent(new IllegalStateException("x", new SQLException("down", "08006")))).isFalse();
        assertThat(store.refusedContent(new IllegalStateException("disk on fire"))).isFalse();
    }

    @Test
    void aStoppedJournalRefusesInsteadOfAnsweringUnrecorded() {
        List<Integer> written = new CopyOnWriteArrayList<>();
        DecisionJournal journal = started(new DecisionJournal(events -> written.add(events.size()), 100, 2, 100));
        journal.stop();
        List<Throwable> outcome = new ArrayList<>();

        journal.append(List.of(event("late")), outcome::add);

        assertThat(outcome).singleElement().isInstanceOf(DecisionJournal.JournalUnavailableException.class);
        assertThat(written).isEmpty();
    }

    private CompletableFuture<Throwable> appendAsync(DecisionJournal journal, String payload) {
        CompletableFuture<Throwable> answer = new CompletableFuture<>();
        callers.execute(() -> journal.append(List.of(event(payload)), answer::complete));
        return answer;
    }

    private static DecisionJournal started(DecisionJournal journal) {
        journal.start();
        return journal;
    }

    private static EventMessage<?> event(String payload) {
        return GenericEventMessage.asEventMessage(payload);
    }

    private static void await(CountDownLatch latch) {
        try {
            assertThat(latch.await(5, TimeUnit.SECONDS)).isTrue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
