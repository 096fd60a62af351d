package io.agentassembly.gateway.decision;

import io.agentassembly.gateway.proto.common.v1.Decision;

/** A decision with the reason and the rule that made it. */
public record Verdict(Decision decision, String reason, String policyRule) {

    public static final Verdict NO_POLICY_IN_FORCE = new Verdict(Decision.DENY, "no policy in force", "default_deny");

    public static Verdict deny(String reason, String rule) {
        return new Verdict(Decision.DENY, reason, rule);
    }

    public boolean denies() {
        return decision == Decision.DENY;
    }
}
