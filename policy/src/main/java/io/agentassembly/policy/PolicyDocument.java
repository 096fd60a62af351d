package io.agentassembly.policy;

import java.util.List;
import java.util.Map;

/**
 * One validated policy document ({@code kind: Policy}) in the upstream agent-assembly format (README, "Policies").
 * Sections a document leaves out are {@code null}; {@code tools} is never null (empty when absent).
 */
public record PolicyDocument(String name, String label, String description, PolicyScope scope,
                             EnforcementMode enforcementMode, Network network, Schedule schedule, Budget budget,
                             Data data, Map<String, ToolRule> tools) {

    /** {@code network.allowlist}: exact hosts ({@code api.openai.com}) or leading-wildcard patterns ({@code *.corp.example}). */
    public record Network(List<String> allowlist) {
    }

    /** {@code schedule.active_hours}: outside the window every action is denied. {@code end < start} spans midnight. */
    public record Schedule(String start, String end, String timezone) {
    }

    /** {@code budget}: amounts in USD, {@code null} when not set. Enforced by the budgets stage, validated here. */
    public record Budget(java.math.BigDecimal dailyLimitUsd, java.math.BigDecimal monthlyLimitUsd,
                         java.math.BigDecimal teamDailyLimitUsd, java.math.BigDecimal teamMonthlyLimitUsd,
                         java.math.BigDecimal orgDailyLimitUsd, java.math.BigDecimal orgMonthlyLimitUsd,
                         String timezone, String actionOnExceed) {
    }

    /** {@code data}: what to do with credentials found in tool arguments and results. */
    public record Data(CredentialAction credentialAction, List<String> sensitivePatterns) {
    }

    public enum CredentialAction { REDACT, DENY, ALLOW }

    /**
     * {@code tools.<name>}: the key is a tool name or a glob ({@code *}, {@code fs_*}); {@code allow} null means
     * "not decided here"; {@code limitPerHour} null means no limit; {@code requiresApprovalIf} is a CEL expression.
     */
    public record ToolRule(Boolean allow, Integer limitPerHour, String requiresApprovalIf) {
    }
}
