package io.agentassembly.command.api.budget;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/**
 * What an allowed decision asks of the limits in force for its agent: reserve {@code amountUsd} and
 * {@code amountTokens} (the estimate of the action) against each of {@code limits}, in envelope order. The store
 * that records the decision grants it atomically with the decision, across app nodes: if any enforced limit is
 * already used up (settled use plus open reservations ≥ the limit) the decision is recorded as a DENY by the
 * first such limit instead, and nothing is reserved.
 *
 * @param decisionEventId the identifier of the decision event this claim belongs to
 */
public record SpendClaim(String decisionEventId, String workspaceId, String agentKey, String traceId,
                         String spanId, BigDecimal amountUsd, long amountTokens, Instant reservedAt,
                         Instant expiresAt, List<ClaimedLimit> limits) {

    public SpendClaim {
        limits = List.copyOf(limits);
    }

    /**
     * One limit of the claim, counted in the period starting at {@code epochStart}. {@code enforced}: whether a
     * used-up limit denies (deny and suspend actions) or only alerts. {@code denyReason} is the decision's reason
     * when this limit denies it.
     */
    public record ClaimedLimit(String limitKey, Instant epochStart, BigDecimal limitUsd, Long limitTokens,
                               boolean enforced, String denyReason) {
    }
}
