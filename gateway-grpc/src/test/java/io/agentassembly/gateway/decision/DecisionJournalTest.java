package io.agentassembly.gateway.decision;

import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericEventMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

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
