package io.agentassembly.gateway.decision;

import com.fasterxml.uuid.Generators;
import com.fasterxml.uuid.impl.TimeBasedEpochGenerator;
import io.agentassembly.command.api.common.ActorType;
import io.agentassembly.command.api.common.AuditMetadata;
import io.agentassembly.command.api.budget.SpendClaim;
import io.agentassembly.command.api.gateway.GatewayEvents.A2AImpersonationAttemptedEvent;
import io.agentassembly.command.api.gateway.GatewayEvents.AgentActionDecidedEvent;
import io.agentassembly.gateway.GrpcStatuses;
import io.agentassembly.gateway.proto.common.v1.AgentId;
import io.agentassembly.gateway.proto.common.v1.AgentIdentityAssurance;
import io.agentassembly.gateway.proto.common.v1.Decision;
import io.agentassembly.gateway.proto.policy.v1.CheckActionRequest;
import io.agentassembly.gateway.proto.policy.v1.CheckActionResponse;
import io.agentassembly.gateway.proto.policy.v1.RedactInstructions;
import io.agentassembly.gateway.proto.policy.v1.RedactRule;
import io.agentassembly.policy.engine.Redaction;
import io.grpc.StatusRuntimeException;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericEventMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The CheckAction decision, in the contract's order: authenticate the credential, detect impersonation
 * (claimed identity ≠ the credential's owner), refuse suspended agents, then the decision stages; a PENDING
 * that stands after every stage is resolved against its approval, separately ({@link #resolveApproval}), since
 * that reads the database and the rest does not. Produces the answer (keeping the wire
 * invariants: approval id only on PENDING, redaction rules only on REDACT) and the events that must be durable
 * before it is sent. A stage that fails denies (fail closed) and is logged.
 */
public class ActionGate {

    public static final String IMPERSONATION_REASON = "credential token registered to a different agent";
    public static final String IMPERSONATION_RULE = "a2a_identity_verification";
    public static final String FAILED_RULE = "gateway_error";

    private static final Logger log = LoggerFactory.getLogger(ActionGate.class);
    private static final TimeBasedEpochGenerator EVENT_IDS = Generators.timeBasedEpochGenerator();

    /**
     * The answer and the events to record before sending it; or, for a PENDING that stands after every stage,
     * only {@code awaiting}: its approval is resolved with {@link #resolveApproval}, which reads the database.
     */
    public record Evaluation(CheckActionResponse.Builder response, List<EventMessage<?>> events,
                             AwaitingApproval awaiting, AgentPrincipal agent, SpendClaim claim) {

        public boolean awaitsApproval() {
            return awaiting != null;
        }

        /** The budget claims to record with the events: none, or this decision's. */
        public List<SpendClaim> claims() {
            return claim == null ? List.of() : List.of(claim);
        }
    }

    /** A PENDING verdict whose approval is still to be resolved, and what the answer then needs. */
    public record AwaitingApproval(AgentPrincipal agent, CheckActionRequest request, Verdict pending,
                                   AgentIdentityAssurance assurance) {
    }

    private final AgentCredentials credentials;
    private final DecisionEngine engine;
    private final PendingApprovals approvals;
    private final DecisionMetrics metrics;
    private final BudgetStage budgets;

    /** {@code budgets}: the stage after the policies, or null when budgets are not enforced. */
    public ActionGate(AgentCredentials credentials, DecisionEngine engine, PendingApprovals approvals,
                      DecisionMetrics metrics, BudgetStage budgets) {
        this.credentials = credentials;
        this.budgets = budgets;
        this.engine = engine;
        this.approvals = approvals;
        this.metrics = metrics;
    }

    /** Throws UNAUTHENTICATED or INVALID_ARGUMENT; every other outcome is a recorded decision. */
    public Evaluation evaluate(CheckActionRequest request, long startedNanos) {
        AgentPrincipal agent = credentials.authenticate(request.getCredentialToken())
                .orElseThrow(() -> GrpcStatuses.unauthenticated(
                        "credential_token is unknown or revoked; register the agent or rotate its credential"));
        ActionRequests.validate(request);

        List<EventMessage<?>> events = new ArrayList<>(2);
        Verdict verdict;
        AgentIdentityAssurance assurance;
        if (!claimed(request.getAgentId())) {
            assurance = AgentIdentityAssurance.AGENT_IDENTITY_ASSURANCE_UNATTRIBUTED;
            verdict = decide(agent, request);
        } else if (!agent.sameIdentity(request.getAgentId().getOrgId(), request.getAgentId().getTeamId(),
                request.getAgentId().getAgentId())) {
            assurance = AgentIdentityAssurance.AGENT_IDENTITY_ASSURANCE_UNATTRIBUTED;
            verdict = Verdict.deny(IMPERSONATION_REASON, IMPERSONATION_RULE);
            events.add(message(EVENT_IDS.generate().toString(), agent, impersonation(agent, request)));
        } else {
            assurance = "BOUND".equals(agent.assurance()) ? AgentIdentityAssurance.AGENT_IDENTITY_ASSURANCE_BOUND
                    : AgentIdentityAssurance.AGENT_IDENTITY_ASSURANCE_ASSERTED;
            verdict = decide(agent, request);
        }

        if (verdict.decision() == Decision.PENDING && verdict.approvalId() == null) {
            return new Evaluation(null, null, new AwaitingApproval(agent, request, verdict, assurance), agent, null);
        }
        return decided(agent, request, verdict, assurance, events, startedNanos);
    }

    /**
     * Resolves the approval an evaluation awaits (reads the approval view and sends commands: blocking) and
     * finishes it. A failure other than a gRPC status denies (fail closed).
     */
    public Evaluation resolveApproval(Evaluation evaluation, long startedNanos) {
        AwaitingApproval awaiting = evaluation.awaiting();
        Verdict verdict;
        try {
            verdict = approvals.resolve(awaiting.agent(), awaiting.pending());
        } catch (StatusRuntimeException e) {
            throw e;
        } catch (RuntimeException e) {
            log.error("the approval for agent {} could not be resolved; denied (fail closed)",
                    awaiting.agent().agentKey(), e);
            verdict = Verdict.deny("the decision could not be made; denied (fail closed)", FAILED_RULE);
        }
        return decided(awaiting.agent(), awaiting.request(), verdict, awaiting.assurance(), new ArrayList<>(1),
                startedNanos);
    }

    private Evaluation decided(AgentPrincipal agent, CheckActionRequest request, Verdict verdict,
                               AgentIdentityAssurance assurance, List<EventMessage<?>> events, long startedNanos) {
        String decisionId = EVENT_IDS.generate().toString();
        SpendClaim claim = null;
        if (budgets != null && (verdict.decision() == Decision.ALLOW || verdict.decision() == Decision.REDACT)) {
            try {
                claim = budgets.claim(agent, request, decisionId);
            } catch (StatusRuntimeException e) {
                throw e;
            } catch (RuntimeException e) {
                log.error("the budgets of agent {} could not be evaluated; denied (fail closed)", agent.agentKey(), e);
                verdict = Verdict.deny("the budgets in force could not be evaluated; denied (fail closed)",
                        FAILED_RULE);
            }
        }
        long evaluatedNanos = System.nanoTime() - startedNanos;
        metrics.record(verdict.decision(), evaluatedNanos);
        long evaluatedUs = evaluatedNanos / 1_000;
        events.add(message(decisionId, agent, new AgentActionDecidedEvent(agent.workspaceId(), agent.orgId(), agent.teamId(),
                agent.agentId(), agent.agentKey(), request.getActionType().name(), ActionRequests.target(request),
                verdict.decision().name(), verdict.reason(), verdict.policyRule(), assurance.name(),
                request.getTraceId(), request.getSpanId(), evaluatedUs, verdict.policyDigest(), verdict.approvalId(),
                verdict.shadow() == null ? null : verdict.shadow().decision().name(),
                verdict.shadow() == null ? null : verdict.shadow().policyRule(),
                claim == null ? null : claim.amountUsd(), claim == null ? null : claim.amountTokens(), null,
                request.hasCallerAgentId() ? emptyToNull(request.getCallerAgentId().getOrgId()) : null,
                request.hasCallerAgentId() ? emptyToNull(request.getCallerAgentId().getTeamId()) : null,
                request.hasCallerAgentId() ? emptyToNull(request.getCallerAgentId().getAgentId()) : null)));
        return new Evaluation(response(verdict, assurance), events, null, agent, claim);
    }

    /**
     * The answer once the decision is recorded: as evaluated, or a DENY ({@value BudgetStage#BUDGET_EXCEEDED}) when
     * the store refused the evaluation's budget claim ({@code denied}: decision event id → deciding limit).
     */
    public CheckActionResponse.Builder recorded(Evaluation evaluation, Map<String, Integer> denied) {
        SpendClaim claim = evaluation.claim();
        Integer limit = claim == null || denied.isEmpty() ? null : denied.get(claim.decisionEventId());
        if (limit == null) {
            return evaluation.response();
        }
        metrics.budgetDenied();
        budgets.denied(evaluation.agent(), claim, limit);
        return CheckActionResponse.newBuilder()
                .setDecision(Decision.DENY)
                .setReason(claim.limits().get(limit).denyReason())
                .setPolicyRule(BudgetStage.BUDGET_EXCEEDED)
                .setAgentIdentityAssurance(evaluation.response().getAgentIdentityAssurance());
    }

    static CheckActionResponse.Builder response(Verdict verdict, AgentIdentityAssurance assurance) {
        CheckActionResponse.Builder response = CheckActionResponse.newBuilder()
                .setDecision(verdict.decision())
                .setReason(nullToEmpty(verdict.reason()))
                .setPolicyRule(nullToEmpty(verdict.policyRule()))
                .setAgentIdentityAssurance(assurance);
        if (verdict.decision() == Decision.PENDING) {
            response.setApprovalId(verdict.approvalId());
        } else if (verdict.decision() == Decision.REDACT) {
            RedactInstructions.Builder redact = RedactInstructions.newBuilder();
            for (Redaction redaction : verdict.redactions()) {
                redact.addRules(RedactRule.newBuilder().setFieldPath(redaction.fieldPath())
                        .setReplacement(nullToEmpty(redaction.replacement())));
            }
            response.setRedact(redact);
        }
        return response;
    }

    private Verdict decide(AgentPrincipal agent, CheckActionRequest request) {
        if (agent.suspended()) {
            return Verdict.deny("agent is suspended; resume it in the console", "agent_status");
        }
        try {
            return engine.decide(agent, request);
        } catch (StatusRuntimeException e) {
            throw e;
        } catch (RuntimeException e) {
            log.error("the decision for agent {} failed; denied (fail closed)", agent.agentKey(), e);
            return Verdict.deny("the decision could not be made; denied (fail closed)", FAILED_RULE);
        }
    }

    private static boolean claimed(AgentId id) {
        return !(id.getOrgId().isEmpty() && id.getTeamId().isEmpty() && id.getAgentId().isEmpty());
    }

    private static A2AImpersonationAttemptedEvent impersonation(AgentPrincipal owner, CheckActionRequest request) {
        AgentId claimed = request.getAgentId();
        return new A2AImpersonationAttemptedEvent(owner.workspaceId(), claimed.getOrgId(), claimed.getOrgId(),
                claimed.getTeamId(), claimed.getAgentId(), owner.agentKey(), owner.orgId(), owner.teamId(),
                owner.agentId(), request.getActionType().name(), request.getTraceId(), request.getSpanId());
    }

    /**
     * Decision events get time-ordered (version 7) identifiers: the event store's unique indexes on the event
     * identifier then grow at their right edge instead of taking every insert on a random page.
     */
    private static EventMessage<?> message(String id, AgentPrincipal agent, Object event) {
        return new GenericEventMessage<>(id, event, Map.of(
                AuditMetadata.ACTOR_TYPE, ActorType.AGENT.name(),
                AuditMetadata.ACTOR_ID, agent.agentKey()), GenericEventMessage.clock.instant());
    }

    private static String nullToEmpty(String value) {
        return value == null ? "" : value;
    }

    private static String emptyToNull(String value) {
        return value == null || value.isEmpty() ? null : value;
    }
}
