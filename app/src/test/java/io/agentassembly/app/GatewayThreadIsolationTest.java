package io.agentassembly.app;

import io.agentassembly.app.support.GatewayClient;
import io.agentassembly.app.support.GatewayClient.RegisteredAgent;
import io.agentassembly.app.support.GatewayIntegrationTest;
import io.agentassembly.app.support.Tenants.Member;
import io.agentassembly.gateway.GatewayExecutors;
import io.agentassembly.gateway.agent.DidKey;
import io.agentassembly.gateway.proto.agent.v1.ChallengeRequest;
import io.agentassembly.gateway.proto.audit.v1.AuditEvent;
import io.agentassembly.gateway.proto.audit.v1.ReportEventsRequest;
import io.agentassembly.gateway.proto.common.v1.ActionType;
import io.agentassembly.gateway.proto.common.v1.AgentId;
import io.agentassembly.gateway.proto.common.v1.Decision;
import io.agentassembly.gateway.proto.common.v1.Timestamp;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The gateway's threads under calls that wait on the database: they run on their own bounded pool, beyond which
 * they are refused with RESOURCE_EXHAUSTED, each workspace holds at most its share of it, and CheckAction keeps
 * answering. Calls are made slow for real, by holding a PostgreSQL lock they need.
 */
class GatewayThreadIsolationTest extends GatewayIntegrationTest {

    @Autowired
    GatewayExecutors executors;

    @Test
    void checkActionAnswersWhileTheBlockingPoolIsSaturatedAndCallsBeyondItsQueueAreRefused() throws Exception {
        applyPolicies(policy("open", """
                  scope: global
                  tools:
                    "*":
                      allow: true
                    deploy:
                      requires_approval_if: "true"
                """));
        RegisteredAgent agent = gateway.register(apiKey, "org-a", "team-1", "calm");
        assertThat(gateway.policy().checkAction(GatewayClient.toolCall(agent, agent.id(), "search")).getDecision())
                .isEqualTo(Decision.ALLOW);
        GatewayExecutors.Pool blocking = executors.blocking().pool();
        int calls = blocking.threads() + blocking.maxQueue() + 20;
        long refusedBefore = blocking.refused();

        List<CompletableFuture<Status>> challenges = new ArrayList<>();
        try (Connection lock = lockedConnection("LOCK TABLE registration_challenge IN ACCESS EXCLUSIVE MODE")) {
            ChallengeRequest request = challengeRequest();
            for (int i = 0; i < calls; i++) {
                CompletableFuture<Status> done = new CompletableFuture<>();
                gateway.lifecycleStreaming().withDeadlineAfter(60, TimeUnit.SECONDS)
                        .requestChallenge(request, completing(done));
                challenges.add(done);
                // one at a time: each call is running (waiting for the lock), queued, or refused before the next
                int sent = i + 1;
                await().atMost(Duration.ofSeconds(10)).until(() -> blocking.active() + blocking.queued()
                        + challenges.stream().filter(CompletableFuture::isDone).count() == sent);
            }
            assertThat(blocking.active()).isEqualTo(blocking.threads());
            assertThat(blocking.queued()).isEqualTo(blocking.maxQueue());

            // every call beyond the threads and the queue was refused at once, saying to retry later
            List<Status> refused = challenges.stream().filter(CompletableFuture::isDone).map(CompletableFuture::join)
                    .toList();
            assertThat(refused).hasSize(20).allSatisfy(status -> {
                assertThat(status.getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
                assertThat(status.getDescription()).contains("retry later");
            });
            assertThat(blocking.refused() - refusedBefore).isEqualTo(20);

            // CheckAction decides on its own threads: answered while every blocking thread waits for the lock
            assertThat(gateway.policy().withDeadlineAfter(5, TimeUnit.SECONDS)
                    .checkAction(GatewayClient.toolCall(agent, agent.id(), "search")).getDecision())
                    .isEqualTo(Decision.ALLOW);
            // a PENDING needs its approval looked up on the blocking pool, whose queue is full
            assertThatThrownBy(() -> gateway.policy().withDeadlineAfter(5, TimeUnit.SECONDS)
                    .checkAction(GatewayClient.toolCall(agent, agent.id(), "deploy")))
                    .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                        assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
                        assertThat(e.getStatus().getDescription()).contains("retry later");
                    });
            lock.rollback();
        }

        CompletableFuture.allOf(challenges.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
        assertThat(challenges.stream().map(CompletableFuture::join).filter(Status::isOk).count())
                .as("the admitted calls completed once the lock was released")
                .isEqualTo(blocking.threads() + blocking.maxQueue());
        assertThat(gateway.policy().checkAction(GatewayClient.toolCall(agent, agent.id(), "deploy")).getDecision())
                .isEqualTo(Decision.PENDING);
    }

    @Test
    void oneWorkspaceHoldsAtMostItsShareOfTheBlockingPoolAndOthersKeepReporting() throws Exception {
        RegisteredAgent mine = gateway.register(apiKey, "org-a", "team-1", "reporter");
        Member other = tenants.signUp("pro");
        RegisteredAgent theirs = gateway.register(apiKeyOf(other), "org-b", "team-1", "flooder");
        String theirAgentKey = agentKeyOf(other, "org-b");
        int share = executors.blocking().perWorkspace();
        String contended = UUID.randomUUID().toString();

        List<CompletableFuture<Status>> reports = new ArrayList<>();
        try (Connection lock = lockedConnection(null)) {
            // an uncommitted claim of the event id their reports claim too: each of them waits for this transaction
            try (PreparedStatement claim = lock.prepareStatement(
                    "insert into agent_reported_event (event_id, agent_key, reported_at) values (?, ?, now())")) {
                claim.setString(1, contended);
                claim.setString(2, theirAgentKey);
                claim.executeUpdate();
            }
            for (int i = 0; i < share + 2; i++) {
                CompletableFuture<Status> done = new CompletableFuture<>();
                gateway.auditStreaming(theirs.credentialToken()).withDeadlineAfter(60, TimeUnit.SECONDS)
                        .reportEvents(report(theirs.id(), contended), completing(done));
                reports.add(done);
            }
            await().atMost(Duration.ofSeconds(20))
                    .until(() -> reports.stream().filter(CompletableFuture::isDone).count() == 2);
            reports.stream().filter(CompletableFuture::isDone).map(CompletableFuture::join).forEach(status -> {
                assertThat(status.getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
                assertThat(status.getDescription()).contains("this workspace already has " + share + " calls waiting")
                        .contains("retry later");
            });

            // the other workspace's reports are not held up by theirs
            String mineId = UUID.randomUUID().toString();
            assertThat(gateway.audit(mine.credentialToken()).withDeadlineAfter(5, TimeUnit.SECONDS)
                    .reportEvents(report(mine.id(), mineId)).getEventIdsList()).containsExactly(mineId);
            lock.rollback();
        }

        CompletableFuture.allOf(reports.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
        assertThat(reports.stream().map(CompletableFuture::join).filter(Status::isOk).count()).isEqualTo(share);
    }

    /** A connection of the test's own, in a transaction that holds what {@code statement} locks until rolled back. */
    private static Connection lockedConnection(String statement) throws Exception {
        Connection connection = DriverManager.getConnection(DATABASE.url(), DATABASE.user(), DATABASE.password());
        connection.setAutoCommit(false);
        if (statement != null) {
            connection.createStatement().execute(statement);
        }
        return connection;
    }

    private static ChallengeRequest challengeRequest() {
        Ed25519PrivateKeyParameters key = new Ed25519PrivateKeyParameters(new SecureRandom());
        byte[] publicKey = key.generatePublicKey().getEncoded();
        return ChallengeRequest.newBuilder()
                .setAgentId(AgentId.newBuilder().setOrgId("org-a").setTeamId("team-1")
                        .setAgentId(DidKey.of(publicKey).value()))
                .setPublicKey(HexFormat.of().formatHex(publicKey))
                .build();
    }

    private static ReportEventsRequest report(AgentId agent, String eventId) {
        return ReportEventsRequest.newBuilder().addEvents(AuditEvent.newBuilder().setEventId(eventId)
                .setAgentId(agent).setOccurredAt(Timestamp.newBuilder().setUnixMs(System.currentTimeMillis()))
                .setTraceId(UUID.randomUUID().toString()).setSpanId("0123456789abcdef")
                .setActionType(ActionType.LLM_CALL).setDecision(Decision.ALLOW)).build();
    }

    /** Completes {@code done} with the call's final status. */
    private static <T> StreamObserver<T> completing(CompletableFuture<Status> done) {
        return new StreamObserver<>() {
            @Override
            public void onNext(T value) {
            }

            @Override
            public void onError(Throwable error) {
                done.complete(Status.fromThrowable(error));
            }

            @Override
            public void onCompleted() {
                done.complete(Status.OK);
            }
        };
    }
}
