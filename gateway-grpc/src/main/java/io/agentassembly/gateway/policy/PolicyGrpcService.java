package io.agentassembly.gateway.policy;

import io.agentassembly.gateway.agent.AgentCallers;
import io.agentassembly.gateway.agent.ControlChannels;
import io.agentassembly.gateway.decision.ActionGate;
import io.agentassembly.gateway.decision.AgentPrincipal;
import io.agentassembly.gateway.decision.ActionGate.Evaluation;
import io.agentassembly.gateway.decision.DecisionJournal;
import io.agentassembly.gateway.proto.policy.v1.BatchCheckRequest;
import io.agentassembly.gateway.proto.policy.v1.BatchCheckResponse;
import io.agentassembly.gateway.proto.policy.v1.CheckActionRequest;
import io.agentassembly.gateway.proto.policy.v1.CheckActionResponse;
import io.agentassembly.gateway.proto.policy.v1.OpControlMessage;
import io.agentassembly.gateway.proto.policy.v1.OpControlSubscribeRequest;
import io.agentassembly.gateway.proto.policy.v1.PolicyServiceGrpc;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import net.devh.boot.grpc.server.service.GrpcService;
import org.axonframework.eventhandling.EventMessage;

import java.util.ArrayList;
import java.util.List;

/**
 * PolicyService: every decision is durable in the event store before the agent receives it. The answer is
 * sent from the journal's commit callback, so no gRPC thread waits for the database.
 */
@GrpcService
public class PolicyGrpcService extends PolicyServiceGrpc.PolicyServiceImplBase {

    private static final int MAX_BATCH = 100;

    private final ActionGate gate;
    private final DecisionJournal journal;
    private final AgentCallers callers;
    private final ControlChannels controlChannels;

    public PolicyGrpcService(ActionGate gate, DecisionJournal journal, AgentCallers callers,
                             ControlChannels controlChannels) {
        this.gate = gate;
        this.journal = journal;
        this.callers = callers;
        this.controlChannels = controlChannels;
    }

    @Override
    public void checkAction(CheckActionRequest request, StreamObserver<CheckActionResponse> observer) {
        long started = System.nanoTime();
        Evaluation evaluation;
        try {
            evaluation = gate.evaluate(request, started);
        } catch (StatusRuntimeException e) {
            observer.onError(e);
            return;
        }
        journal.append(evaluation.events(), failure -> {
            if (failure != null) {
                observer.onError(unavailable());
                return;
            }
            observer.onNext(evaluation.response().setDecisionLatencyUs(elapsedUs(started)).build());
            observer.onCompleted();
        });
    }

    /** Answers in request order; a request that fails authentication or validation fails the whole batch. */
    @Override
    public void batchCheck(BatchCheckRequest request, StreamObserver<BatchCheckResponse> observer) {
        long started = System.nanoTime();
        if (request.getRequestsCount() > MAX_BATCH) {
            observer.onError(Status.INVALID_ARGUMENT.withDescription("at most " + MAX_BATCH + " requests per batch")
                    .asRuntimeException());
            return;
        }
        List<Evaluation> evaluations = new ArrayList<>(request.getRequestsCount());
        List<EventMessage<?>> events = new ArrayList<>();
        try {
            for (CheckActionRequest item : request.getRequestsList()) {
                Evaluation evaluation = gate.evaluate(item, started);
                evaluations.add(evaluation);
                events.addAll(evaluation.events());
            }
        } catch (StatusRuntimeException e) {
            observer.onError(e);
            return;
        }
        journal.append(events, failure -> {
            if (failure != null) {
                observer.onError(unavailable());
                return;
            }
            long latency = elapsedUs(started);
            BatchCheckResponse.Builder response = BatchCheckResponse.newBuilder();
            evaluations.forEach(e -> response.addResponses(e.response().setDecisionLatencyUs(latency)));
            observer.onNext(response.build());
            observer.onCompleted();
        });
    }

    /**
     * Pause, resume and terminate signals for the agent's in-flight operations, issued in the console. The
     * agent authenticates with its credential in {@code authorization: Bearer aasa_…} metadata. RESOURCE_EXHAUSTED
     * when the agent already holds as many as it may.
     */
    @Override
    public void opControlStream(OpControlSubscribeRequest request, StreamObserver<OpControlMessage> observer) {
        try {
            AgentPrincipal agent = callers.fromMetadata(request.getAgentId());
            controlChannels.openOperationStream(agent.agentKey(), (ServerCallStreamObserver<OpControlMessage>) observer);
        } catch (StatusRuntimeException e) {
            observer.onError(e);
        }
    }

    private static StatusRuntimeException unavailable() {
        return Status.UNAVAILABLE.withDescription("the decision could not be recorded; retry (fail closed)")
                .asRuntimeException();
    }

    private static long elapsedUs(long startedNanos) {
        return (System.nanoTime() - startedNanos) / 1_000;
    }
}
