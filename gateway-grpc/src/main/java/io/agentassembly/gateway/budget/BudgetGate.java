package io.agentassembly.gateway.budget;

import io.agentassembly.command.api.budget.SpendClaim;
import io.agentassembly.command.api.budget.SpendClaim.ClaimedLimit;
import io.agentassembly.gateway.decision.AgentPrincipal;
import io.agentassembly.gateway.decision.BudgetStage;
import io.agentassembly.command.api.budget.BudgetAction;
import java.util.function.Consumer;
import io.agentassembly.gateway.proto.common.v1.ActionType;
import io.agentassembly.gateway.proto.policy.v1.CheckActionRequest;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The budget stage of CheckAction, after the policies: for an action the policies allow, the claim on every limit
 * that applies to the agent (docs/budgets.md, "Precedence"). The claim is granted or refused by the store that
 * records the decision, atomically with it and across app nodes (docs/adr/0021); this class reads nothing but
 * memory. An LLM call reserves its estimate (prompt tokens at the input price plus as many completion tokens at the
 * output price; {@code defaultReservationUsd} when the model has no price); other actions reserve nothing but are
 * still refused once an enforced limit is used up.
 */
public class BudgetGate implements BudgetStage {

    private final BudgetBook book;
    private final ReservationEstimator estimator;
    private final BigDecimal defaultReservationUsd;
    private final Duration reservationTimeout;
    private final Clock clock;
    private final Consumer<AgentPrincipal> suspender;

    /** {@code suspender}: suspends an agent a SUSPEND limit denied (asynchronously; never blocks the caller). */
    public BudgetGate(BudgetBook book, ReservationEstimator estimator, BigDecimal defaultReservationUsd,
                      Duration reservationTimeout, Clock clock, Consumer<AgentPrincipal> suspender) {
        this.book = book;
        this.suspender = suspender;
        this.estimator = estimator;
        this.defaultReservationUsd = defaultReservationUsd;
        this.reservationTimeout = reservationTimeout;
        this.clock = clock;
    }

    @Override
    public SpendClaim claim(AgentPrincipal agent, CheckActionRequest request, String decisionEventId) {
        List<SpendLimit> limits = book.current(agent.workspaceId())
                .forAgent(agent.agentKey(), agent.orgId(), agent.teamId());
        if (limits.isEmpty()) {
            return null;
        }
        Instant now = clock.instant();
        List<ClaimedLimit> claimed = new ArrayList<>(limits.size());
        for (SpendLimit limit : limits) {
            SpendLimit.Epoch epoch = limit.epoch(now);
            claimed.add(new ClaimedLimit(limit.key(), epoch.start(), limit.limitUsd(), limit.limitTokens(),
                    limit.enforced(), epoch.denyReason()));
        }
        BigDecimal usd = BigDecimal.ZERO;
        long tokens = 0;
        if (request.getActionType() == ActionType.LLM_CALL && request.getContext().hasLlmCall()) {
            var llm = request.getContext().getLlmCall();
            long prompt = Math.max(0, llm.getPromptTokens());
            tokens = prompt * 2;
            BigDecimal estimate = prompt == 0 ? null
                    : estimator.estimateUsd(agent.workspaceId(), llm.getModel(), prompt, prompt);
            usd = estimate != null ? estimate : defaultReservationUsd;
        }
        return new SpendClaim(decisionEventId, agent.workspaceId(), agent.agentKey(), request.getTraceId(),
                request.getSpanId(), usd, tokens, now, now.plus(reservationTimeout), claimed);
    }

    @Override
    public void denied(AgentPrincipal agent, SpendClaim claim, int limitIndex) {
        String key = claim.limits().get(limitIndex).limitKey();
        boolean suspends = limitsOf(agent).stream()
                .anyMatch(limit -> limit.key().equals(key) && limit.action() == BudgetAction.SUSPEND);
        if (suspends && !agent.suspended()) {
            suspender.accept(agent);
        }
    }

    /** The limits that apply to the agent now (for the usage it reports). */
    public List<SpendLimit> limitsOf(AgentPrincipal agent) {
        return book.current(agent.workspaceId()).forAgent(agent.agentKey(), agent.orgId(), agent.teamId());
    }
}
