package io.agentassembly.policy;

import java.util.List;

/** A submitted file that must not be stored; lists every violation found. */
public class InvalidPolicyException extends RuntimeException {

    private final List<PolicyViolation> violations;

    public InvalidPolicyException(List<PolicyViolation> violations) {
        super(violations.isEmpty() ? "invalid policy" : violations.getFirst().message());
        this.violations = List.copyOf(violations);
    }

    public List<PolicyViolation> violations() {
        return violations;
    }
}
