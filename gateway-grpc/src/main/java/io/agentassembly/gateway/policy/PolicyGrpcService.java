package io.agentassembly.gateway.policy;

import io.agentassembly.gateway.BlockingWork;
import io.agentassembly.gateway.GrpcStatuses;
import io.agentassembly.gateway.agent.AgentCallers;
import io.agentassembly.gateway.agent.ControlChannels;
import io.agentassembly.gateway.decision.ActionGate;
import io.agentassembly.gateway.decision.AgentPrincipal;
import io.agentassembly.gateway.decision.ActionGate.Evaluation;
import io.agentassembly.command.api.budget.SpendClaim;
import io.agentassembly.gateway.decision.DecisionJournal;
import io.agentassembly.gateway.proto.policy.v1.BatchCheckRequest;
import io.agentassembly.gateway.proto.policy.v1.BatchCheckResponse;
import io.agentassembly.gateway.proto.policy.v1.CheckActionRequest;
import io.agentassembly.gateway.proto.policy.v1.CheckActionResponse;
import io.agentassembly.gateway.proto.policy.v1.OpControlMessage;
import io.agentassembly.gateway.proto.policy.v1.OpControlSubscribeRequest;
import io.agentassembly.gateway.proto.policy.v1.PolicyServiceGrpc;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import net.devh.boot.grpc.server.service.GrpcService;
import org.axonframework.eventhandling.EventMessage;

import java.util.ArrayList;
import java.util.List;

/**
 * PolicyService: every decision is durable in the event store before the agent receives it. The answer is
 * sent from the journal's commit callback, so no gRPC thread waits for the database on its own behalf; the
 * approvals of PENDING actions, which read it and send commands, are resolved on the blocking pool.
 */
@GrpcService
public class PolicyGrpcService extends PolicyServiceGrpc.PolicyServiceImplBase {

    private final ActionGate gate;
    private final DecisionJournal journal;
    private final AgentCallers callers;
    private final ControlChannels controlChannels;
    private final BlockingWork blocking;

    public PolicyGrpcService(ActionGate gate, DecisionJournal journal, AgentCallers callers,
                             ControlChannels controlChannels, BlockingWork blocking) {
        this.gate = gate;
        this.journal = journal;
        this.callers = callers;
        this.controlChannels = controlChannels;
        this.blocking = blocking;
    }

    /**
     * Decided on this (handler) thread; a PENDING whose approval must be looked up is handed to the blocking pool,
     * and refused with RESOURCE_EXHAUSTED when that pool or the workspace's share of it is full.
     */
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
        if (evaluation.awaitsApproval()) {
            blocking.submit(evaluation.awaiting().agent().workspaceId(), () -> {
                Evaluation resolved;
                try {
                    resolved = gate.resolveApproval(evaluation, started);
                } catch (StatusRuntimeException e) {
                    observer.onError(e);
                    return;
                }
                answer(resolved, observer, started);
            }, observer::onError);
            return;
        }
        answer(evaluation, observer, started);
    }

    private void answer(Evaluation evaluation, StreamObserver<CheckActionResponse> observer, long started) {
        journal.append(evaluation.events(), evaluation.claims(), (denied, failure) -> {
            if (failure != null) {
                observer.onError(unavailable());
                return;
            }
            observer.onNext(gate.recorded(evaluation, denied).setDecisionLatencyUs(elapsedUs(started)).build());
            observer.onCompleted();
        });
    }

    /**
     * Answers in request order; a request that fails authentication or validation fails the whole batch. The
     * number of requests was checked at the edge ({@code WireLimits.BATCH_CHECK_REQUESTS}). When any request
     * awaits its approval, the batch is finished on the blocking pool (in the workspace of the first).
     */
    @Override
    public void batchCheck(BatchCheckRequest request, StreamObserver<BatchCheckResponse> observer) {
        long started = System.nanoTime();
        List<Evaluation> evaluations = new ArrayList<>(request.getRequestsCount());
        Evaluation firstAwaiting = null;
        try {
            for (CheckActionRequest item : request.getRequestsList()) {
                Evaluation evaluation = gate.evaluate(item, started);
                evaluations.add(evaluation);
                if (firstAwaiting == null && evaluation.awaitsApproval()) {
                    firstAwaiting = evaluation;
                }
            }
        } catch (StatusRuntimeException e) {
            observer.onError(e);
            return;
        }
        if (firstAwaiting == null) {
            answerBatch(evaluations, observer, started);
            return;
        }
        blocking.submit(firstAwaiting.awaiting().agent().workspaceId(), () -> {
            try {
                evaluations.replaceAll(e -> e.awaitsApproval() ? gate.resolveApproval(e, started) : e);
            } catch (StatusRuntimeException e) {
                observer.onError(e);
                return;
            }
            answerBatch(evaluations, observer, started);
        }, observer::onError);
    }

    private void answerBatch(List<Evaluation> evaluations, StreamObserver<BatchCheckResponse> observer, long started) {
        List<EventMessage<?>> events = new ArrayList<>(evaluations.size() * 2);
        List<SpendClaim> claims = new ArrayList<>();
        evaluations.forEach(evaluation -> {
            events.addAll(evaluation.events());
            claims.addAll(evaluation.claims());
        });
        journal.append(events, claims, (denied, failure) -> {
            if (failure != null) {
                observer.onError(unavailable());
                return;
            }
            long latency = elapsedUs(started);
            BatchCheckResponse.Builder response = BatchCheckResponse.newBuilder();
            evaluations.forEach(e -> response.addResponses(gate.recorded(e, denied).setDecisionLatencyUs(latency)));
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
        return GrpcStatuses.unavailable("the decision could not be recorded; retry (fail closed)");
    }

    private static long elapsedUs(long startedNanos) {
        return (System.nanoTime() - startedNanos) / 1_000;
    }
}
