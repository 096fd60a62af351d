package io.agentassembly.app.config;

import io.agentassembly.command.domain.agent.AgentSlotReleaser;
import io.agentassembly.command.domain.policy.PolicySlots;
import io.agentassembly.gateway.budget.ModelPriceBook;
import io.agentassembly.gateway.budget.BudgetBook;
import io.agentassembly.gateway.policy.PolicyCascades;
import io.agentassembly.identity.auth.DeactivatedUserSessions;
import io.agentassembly.projection.AlertDestinationProjection;
import io.agentassembly.projection.AlertOutboxProjection;
import io.agentassembly.projection.ApprovalProjection;
import io.agentassembly.projection.AuditLogProjection;
import io.agentassembly.projection.BudgetProjection;
import io.agentassembly.projection.Directory;
import io.agentassembly.projection.ModelPriceProjection;
import io.agentassembly.projection.NotificationOutboxProjection;
import io.agentassembly.projection.PolicyProjection;
import io.agentassembly.projection.SpendProjection;
import io.agentassembly.projection.TopologyDecisionEdgeProjection;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * Every processing group of the app and how its event processor is wired: the one place, mirrored by the table
 * "Processing groups" in docs/events.md (ProcessingGroupsTest keeps the two equal, and the running app's
 * processors equal to this list). {@link ProcessorProperties} and {@link ProcessorWiring} apply it; see
 * docs/adr/0019-processor-wiring-registry-and-projection-per-read-model.md.
 */
public enum ProcessingGroups {

    DIRECTORY(Directory.PROCESSING_GROUP, Wiring.subscribing(OnError.PROPAGATE)),
    AGENT_SLOTS(AgentSlotReleaser.PROCESSING_GROUP, Wiring.subscribing(OnError.PROPAGATE)),
    POLICY_SLOTS(PolicySlots.PROCESSING_GROUP, Wiring.subscribing(OnError.PROPAGATE)),
    POLICIES(PolicyProjection.PROCESSING_GROUP, Wiring.subscribing(OnError.PROPAGATE)),
    SESSION_REVOCATION(DeactivatedUserSessions.PROCESSING_GROUP, Wiring.subscribing(OnError.PROPAGATE)),
    NOTIFICATION_OUTBOX(NotificationOutboxProjection.PROCESSING_GROUP, Wiring.subscribing(OnError.PROPAGATE)),
    APPROVALS(ApprovalProjection.PROCESSING_GROUP, Wiring.subscribing(OnError.PROPAGATE)),
    BUDGETS(BudgetProjection.PROCESSING_GROUP, Wiring.subscribing(OnError.PROPAGATE)),
    ALERT_DESTINATIONS(AlertDestinationProjection.PROCESSING_GROUP, Wiring.subscribing(OnError.PROPAGATE)),
    ALERT_OUTBOX(AlertOutboxProjection.PROCESSING_GROUP, Wiring.tracking(500, 1, 1).withAsynchronousCommit()),
    AUDIT_LOG(AuditLogProjection.PROCESSING_GROUP, Wiring.tracking(500, 2, 2)
            .withAsynchronousCommit().withoutMessageMonitor()),
    GATEWAY_CREDENTIALS("gateway-credentials", Wiring.subscribing(OnError.LOG)),
    GATEWAY_CONTROL("gateway-control", Wiring.subscribing(OnError.LOG)),
    GATEWAY_POLICIES(PolicyCascades.PROCESSING_GROUP, Wiring.subscribing(OnError.LOG)),
    MODEL_PRICES(ModelPriceProjection.PROCESSING_GROUP, Wiring.subscribing(OnError.PROPAGATE)),
    GATEWAY_PRICES(ModelPriceBook.PROCESSING_GROUP, Wiring.subscribing(OnError.LOG)),
    SPEND(SpendProjection.PROCESSING_GROUP, Wiring.tracking(500, 1, 1).withAsynchronousCommit()),
    TOPOLOGY_EDGES(TopologyDecisionEdgeProjection.PROCESSING_GROUP, Wiring.tracking(500, 1, 1)
            .withAsynchronousCommit()),
    GATEWAY_BUDGETS(BudgetBook.PROCESSING_GROUP, Wiring.subscribing(OnError.LOG));

    /** Axon's processor kinds, as its {@code mode} property names them. */
    public enum Mode {
        /** On the publishing thread, in the command's transaction. */
        SUBSCRIBING,
        /** Reads the event store with its own threads and a token (replayable). */
        TRACKING,
        /** A streaming processor whose segments are shared out over a thread pool. */
        POOLED;

        public boolean streaming() {
            return this != SUBSCRIBING;
        }

        public String propertyValue() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** What happens when a handler of the group fails. */
    public enum OnError {
        /** The failure fails the publishing command: nothing of it is committed (docs/adr/0003). */
        PROPAGATE,
        /** Logged, and the command commits: after-commit side effects of in-memory state only. */
        LOG,
        /** Set aside as a dead letter if it is the event's fault, else retried (docs/adr/0009). */
        DEAD_LETTER;

        public String docName() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    /**
     * A processor's wiring; {@code batchSize}, {@code threads} and {@code segments} (initial segment count) only
     * for streaming processors. Axon's message monitors cost more than a processor that skips most of what it
     * reads; asynchronous commit spares a processor the WAL flush per batch (see the audit log's notes in
     * docs/benchmarks.md).
     */
    public record Wiring(Mode mode, OnError onError, int batchSize, int threads, int segments,
                         boolean asynchronousCommit, boolean messageMonitor) {

        public Wiring {
            if (mode.streaming() != (onError == OnError.DEAD_LETTER)) {
                throw new IllegalArgumentException("streaming processors dead-letter (ADR 0009); subscribing ones "
                        + "propagate or log, got " + mode + " with " + onError);
            }
            if (mode.streaming() && (batchSize < 1 || threads < 1 || segments < 1)) {
                throw new IllegalArgumentException("a streaming processor needs a batch size, threads and segments");
            }
        }

        static Wiring subscribing(OnError onError) {
            return new Wiring(Mode.SUBSCRIBING, onError, 0, 0, 0, false, true);
        }

        static Wiring tracking(int batchSize, int threads, int segments) {
            return new Wiring(Mode.TRACKING, OnError.DEAD_LETTER, batchSize, threads, segments, false, true);
        }

        Wiring withAsynchronousCommit() {
            return new Wiring(mode, onError, batchSize, threads, segments, true, messageMonitor);
        }

        Wiring withoutMessageMonitor() {
            return new Wiring(mode, onError, batchSize, threads, segments, asynchronousCommit, false);
        }
    }

    private final String group;
    private final Wiring wiring;

    ProcessingGroups(String group, Wiring wiring) {
        this.group = group;
        this.wiring = wiring;
    }

    public String group() {
        return group;
    }

    public Wiring wiring() {
        return wiring;
    }

    public static Optional<ProcessingGroups> of(String group) {
        return Arrays.stream(values()).filter(g -> g.group.equals(group)).findFirst();
    }
}
