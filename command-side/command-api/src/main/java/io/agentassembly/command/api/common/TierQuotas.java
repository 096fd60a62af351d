package io.agentassembly.command.api.common;

/**
 * Limits in force for a workspace. {@code null} for agents or policies means unlimited.
 * Retention is in days, 1 to {@link Tier#MAX_RETENTION_DAYS}.
 */
public record TierQuotas(Integer maxAgents, Integer maxPolicies, int retentionDays) {

    public TierQuotas {
        if (maxAgents != null && maxAgents < 0) {
            throw new DomainException(ErrorCode.VALIDATION_FAILED, "maxAgents", "maxAgents must be 0 or more, or absent for unlimited");
        }
        if (maxPolicies != null && maxPolicies < 0) {
            throw new DomainException(ErrorCode.VALIDATION_FAILED, "maxPolicies", "maxPolicies must be 0 or more, or absent for unlimited");
        }
        if (retentionDays < 1 || retentionDays > Tier.MAX_RETENTION_DAYS) {
            throw new DomainException(ErrorCode.VALIDATION_FAILED, "retentionDays",
                    "retentionDays must be between 1 and " + Tier.MAX_RETENTION_DAYS);
        }
    }

    public boolean allowsAgents(long count) {
        return maxAgents == null || count <= maxAgents;
    }

    public boolean allowsPolicies(long count) {
        return maxPolicies == null || count <= maxPolicies;
    }
}
