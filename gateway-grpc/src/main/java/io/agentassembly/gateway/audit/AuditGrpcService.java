package io.agentassembly.gateway.audit;

import io.agentassembly.gateway.BlockingWork;
import io.agentassembly.gateway.GrpcStatuses;
import io.agentassembly.gateway.agent.BearerMetadata;
import io.agentassembly.gateway.budget.ModelPrices;
import io.agentassembly.gateway.decision.AgentCredentials;
import io.agentassembly.gateway.decision.AgentPrincipal;
import io.agentassembly.gateway.proto.audit.v1.AuditEvent;
import io.agentassembly.gateway.proto.audit.v1.AuditServiceGrpc;
import io.agentassembly.gateway.proto.audit.v1.ReportEventsRequest;
import io.agentassembly.gateway.proto.audit.v1.ReportEventsResponse;
import io.agentassembly.gateway.proto.audit.v1.StreamEventsResponse;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import net.devh.boot.grpc.server.service.GrpcService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * AuditService: agents report what they did. The caller authenticates with its credential token in
 * {@code authorization: Bearer aasa_…} metadata and may report only its own events; a suspended agent's events
 * are refused until it is resumed. Every acknowledged event is durable; a re-reported {@code event_id} is
 * acknowledged again but recorded once ({@link ReportedEventJournal}).
 */
@GrpcService
public class AuditGrpcService extends AuditServiceGrpc.AuditServiceImplBase {

    static final int STREAM_BATCH = 100;

    private static final Logger log = LoggerFactory.getLogger(AuditGrpcService.class);

    private final AgentCredentials credentials;
    private final ReportedEventJournal journal;
    private final BlockingWork blocking;
    private final ModelPrices prices;

    public AuditGrpcService(AgentCredentials credentials, ReportedEventJournal journal, BlockingWork blocking,
                            ModelPrices prices) {
        this.credentials = credentials;
        this.journal = journal;
        this.blocking = blocking;
        this.prices = prices;
    }

    /**
     * All or nothing: one event that fails authorisation or validation fails the call and records nothing. The
     * number of events was checked at the edge ({@code WireLimits.REPORT_EVENTS}).
     */
    @Override
    public void reportEvents(ReportEventsRequest request, StreamObserver<ReportEventsResponse> observer) {
        try {
            AgentPrincipal agent = authenticate();
            Instant received = Instant.now();
            List<ReportedEventJournal.Report> reports = new ArrayList<>(request.getEventsCount());
            ReportEventsResponse.Builder response = ReportEventsResponse.newBuilder();
            for (int i = 0; i < request.getEventsCount(); i++) {
                AuditEvent event = request.getEvents(i);
                reports.add(ReportedEvents.toReport(agent, event, i, received, prices));
                response.addEventIds(event.getEventId());
            }
            record(agent, reports);
            observer.onNext(response.build());
            observer.onCompleted();
        } catch (StatusRuntimeException e) {
            observer.onError(e);
        }
    }

    /**
     * Events are committed in batches of {@value #STREAM_BATCH} and at the end of the stream; events_received
     * counts every event received (re-reported ones included). An event that fails authorisation or
     * validation fails the stream: batches committed before it stay recorded, the open batch is dropped. A
     * stream the client cancels drops its open batch too (it was never acknowledged; re-send it).
     * <p>
     * The credential is checked again for every event (against the in-memory credential cache, which the change
     * evicts): the first event after the credential was rotated or revoked fails the stream with UNAUTHENTICATED,
     * after the agent was suspended with PERMISSION_DENIED.
     */
    @Override
    public StreamObserver<AuditEvent> streamEvents(StreamObserver<StreamEventsResponse> observer) {
        String credentialToken = BearerMetadata.current().orElse(null);
        AgentPrincipal agent;
        try {
            agent = admitted(credentialToken);
        } catch (StatusRuntimeException e) {
            observer.onError(e);
            return new Ignoring();
        }
        return new StreamObserver<>() {
            private final List<ReportedEventJournal.Report> batch = new ArrayList<>(STREAM_BATCH);
            private long received;
            private boolean failed;

            @Override
            public void onNext(AuditEvent event) {
                if (failed) {
                    return;
                }
                try {
                    admitted(credentialToken);
                    batch.add(ReportedEvents.toReport(agent, event, (int) received, Instant.now(),
                            prices));
                    received++;
                    if (batch.size() >= STREAM_BATCH) {
                        flush();
                    }
                } catch (StatusRuntimeException e) {
                    fail(e);
                }
            }

            @Override
            public void onError(Throwable t) {
                failed = true;
                batch.clear();
            }

            @Override
            public void onCompleted() {
                if (failed) {
                    return;
                }
                try {
                    flush();
                    observer.onNext(StreamEventsResponse.newBuilder().setEventsReceived(received).build());
                    observer.onCompleted();
                } catch (StatusRuntimeException e) {
                    fail(e);
                }
            }

            private void flush() {
                record(agent, batch);
                batch.clear();
            }

            private void fail(StatusRuntimeException e) {
                failed = true;
                batch.clear();
                observer.onError(e);
            }
        };
    }

    private AgentPrincipal authenticate() {
        return admitted(BearerMetadata.current().orElse(null));
    }

    /** The agent of the credential token, if the credential is current and the agent not suspended. */
    private AgentPrincipal admitted(String credentialToken) {
        AgentPrincipal agent = Optional.ofNullable(credentialToken).flatMap(credentials::authenticate)
                .orElseThrow(() -> GrpcStatuses.unauthenticated("send the agent's credential token as "
                        + "'authorization: Bearer aasa_…' metadata; it is missing, unknown, rotated or revoked"));
        if (agent.suspended()) {
            throw GrpcStatuses.permissionDenied("the agent is suspended; its events are accepted again "
                    + "once it is resumed");
        }
        return agent;
    }

    /** Within the workspace's share of the blocking pool: RESOURCE_EXHAUSTED when it is used up. */
    private void record(AgentPrincipal agent, List<ReportedEventJournal.Report> reports) {
        blocking.run(agent.workspaceId(), () -> {
            try {
                return journal.record(agent, reports);
            } catch (RuntimeException e) {
                log.error("could not record {} reported events of agent {}", reports.size(), agent.agentKey(), e);
                throw GrpcStatuses.unavailable("the events could not be recorded; retry (same event_ids)");
            }
        });
    }

    private static final class Ignoring implements StreamObserver<AuditEvent> {
        @Override
        public void onNext(AuditEvent value) {
        }

        @Override
        public void onError(Throwable t) {
        }

        @Override
        public void onCompleted() {
        }
    }
}
