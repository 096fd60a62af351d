package io.agentassembly.command.api.common;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** Commercial tier and its default quotas. {@code null} limits mean unlimited. */
public enum Tier {
    FREE(3, 5, 7, true),
    PRO(10, 20, 30, true),
    BUSINESS(50, 100, 90, true),
    ENTERPRISE(null, null, 365, false);

    public static final int MAX_RETENTION_DAYS = 365;

    private final TierQuotas defaultQuotas;
    private final boolean selfServe;

    Tier(Integer maxAgents, Integer maxPolicies, int retentionDays, boolean selfServe) {
        this.defaultQuotas = new TierQuotas(maxAgents, maxPolicies, retentionDays);
        this.selfServe = selfServe;
    }

    public TierQuotas defaultQuotas() {
        return defaultQuotas;
    }

    /** Whether a customer may choose this tier without an operator (sign-up, self-serve tier change). */
    public boolean selfServe() {
        return selfServe;
    }

    public boolean cardBilled() {
        return this == PRO || this == BUSINESS;
    }

    @JsonValue
    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static Tier fromCode(String code) {
        for (Tier tier : values()) {
            if (tier.code().equals(code)) {
                return tier;
            }
        }
        throw new DomainException(ErrorCode.VALIDATION_FAILED, "tier",
                "unknown tier '" + code + "'; expected one of " + allowed());
    }

    public static String allowed() {
        return Arrays.stream(values()).map(Tier::code).collect(Collectors.joining(", "));
    }
}
