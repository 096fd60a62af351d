package io.agentassembly.gateway.decision;

import io.agentassembly.gateway.proto.common.v1.Decision;
import io.agentassembly.policy.engine.Redaction;

import java.util.List;

/**
 * A decision with the reason and the rule that made it, the content digest of the deciding policy document
 * (null when no document decided), the redactions a REDACT applies, the approval a PENDING waits for (or that
 * an ALLOW used up) and what OBSERVE documents would have decided ({@code shadow}, null when none applied).
 * <p>
 * The wire invariants hold by construction: DENY has a reason and a rule, REDACT at least one redaction, ALLOW
 * none, PENDING an approval id or the {@link ApprovalSubject} an approval is still to be opened for.
 */
public record Verdict(Decision decision, String reason, String policyRule, String policyDigest,
                      List<Redaction> redactions, String approvalId, Shadow shadow, ApprovalSubject approvalSubject) {

    public static final Verdict NO_POLICY_IN_FORCE = deny("no policy in force", "default_deny");

    /** The outcome the workspace's OBSERVE documents would have enforced. */
    public record Shadow(Decision decision, String reason, String policyRule, String policyDigest) {
    }

    /** The action a PENDING verdict needs a human for: tool (or action type) and SHA-256 hex of its arguments. */
    public record ApprovalSubject(String actionType, String tool, String argsDigest) {
    }

    public Verdict {
        if (decision == null || decision == Decision.DECISION_UNSPECIFIED || decision == Decision.UNRECOGNIZED) {
            throw new IllegalArgumentException("a verdict needs ALLOW, DENY, PENDING or REDACT, not " + decision);
        }
        redactions = redactions == null ? List.of() : List.copyOf(redactions);
        switch (decision) {
            case DENY -> {
                if (blank(reason) || blank(policyRule)) {
                    throw new IllegalArgumentException("a DENY needs a reason and a rule");
                }
            }
            case REDACT -> {
                if (redactions.isEmpty()) {
                    throw new IllegalArgumentException("a REDACT needs at least one redaction");
                }
            }
            case ALLOW -> {
                if (!redactions.isEmpty()) {
                    throw new IllegalArgumentException("an ALLOW carries no redactions");
                }
            }
            case PENDING -> {
                if (blank(approvalId) && approvalSubject == null) {
                    throw new IllegalArgumentException("a PENDING needs an approval or what to approve");
                }
            }
            default -> throw new IllegalArgumentException(decision.name());
        }
    }

    public static Verdict deny(String reason, String rule) {
        return new Verdict(Decision.DENY, reason, rule, null, List.of(), null, null, null);
    }

    public boolean denies() {
        return decision == Decision.DENY;
    }

    /** DENY 3, PENDING 2, REDACT 1, ALLOW 0: the cascade's "most restrictive wins" order. */
    public int restrictiveness() {
        return switch (decision) {
            case DENY -> 3;
            case PENDING -> 2;
            case REDACT -> 1;
            default -> 0;
        };
    }

    /** This PENDING verdict, waiting for approval {@code id}. */
    public Verdict awaiting(String id) {
        return new Verdict(Decision.PENDING, reason, policyRule, policyDigest, redactions, id, shadow, approvalSubject);
    }

    /** This PENDING verdict after approval {@code id} was granted and used: allowed once (redacted if it redacts). */
    public Verdict approvedBy(String id) {
        Decision allowed = redactions.isEmpty() ? Decision.ALLOW : Decision.REDACT;
        return new Verdict(allowed, "approved (approval " + id + ")", policyRule, policyDigest, redactions, id, shadow,
                approvalSubject);
    }

    /** This PENDING verdict after approval {@code id} was rejected. */
    public Verdict rejectedBy(String id) {
        return new Verdict(Decision.DENY, "approval rejected", policyRule, policyDigest, List.of(), id, shadow,
                approvalSubject);
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }
}
