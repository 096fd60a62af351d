package io.agentassembly.command.domain.budget;

import io.agentassembly.command.api.budget.BudgetAction;
import io.agentassembly.command.api.budget.BudgetWindow;
import io.agentassembly.command.domain.common.Require;

import java.math.BigDecimal;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The input rules of a budget, shared by creation and change. Each refusal is VALIDATION_FAILED naming the field.
 * Values come back normalised: text trimmed, the USD amount without trailing zeros, thresholds ascending, absent
 * thresholds and time zone defaulted.
 */
final class BudgetRules {

    static final int NAME_MAX = 100;
    static final int REASON_MAX = 500;
    static final int ZONE_MAX = 64;
    static final int MAX_THRESHOLDS = 10;
    static final int USD_MAX_DECIMALS = 6;
    static final BigDecimal USD_MAX = new BigDecimal("1000000000000");
    static final List<Integer> DEFAULT_THRESHOLDS = List.of(80, 100);
    static final String DEFAULT_ZONE = "UTC";
    /** Org and team ids as agents register them. */
    static final Pattern TRIPLE_PART = Pattern.compile("[A-Za-z0-9._:-]{1,128}");
    static final String TRIPLE_PART_TEXT = "1 to 128 letters, digits, '.', '_', ':' or '-'";

    private BudgetRules() {
    }

    /** The limits, window, zone, action and thresholds every budget has, validated and normalised. */
    record Settings(String name, Long tokenLimit, BigDecimal costLimitUsd, BudgetWindow window, String timezone,
                    BudgetAction action, List<Integer> thresholds) {
    }

    static Settings settings(String name, Long tokenLimit, BigDecimal costLimitUsd, BudgetWindow window,
                             String timezone, BudgetAction action, List<Integer> thresholds) {
        String checkedName = Require.text(name, "name", NAME_MAX);
        if (tokenLimit == null && costLimitUsd == null) {
            throw Require.invalid("tokenLimit", "tokenLimit or a cost limit in USD is required: a budget caps tokens, "
                    + "US dollars or both");
        }
        if (tokenLimit != null && tokenLimit <= 0) {
            throw Require.invalid("tokenLimit", "tokenLimit must be more than 0 (input + output tokens per window)");
        }
        return new Settings(checkedName, tokenLimit, usd(costLimitUsd), Require.present(window, "window"),
                zone(timezone), action(action), thresholds(thresholds));
    }

    static BigDecimal usd(BigDecimal amount) {
        if (amount == null) {
            return null;
        }
        if (amount.signum() <= 0) {
            throw Require.invalid("costLimitUsd", "costLimitUsd must be more than 0");
        }
        if (amount.compareTo(USD_MAX) > 0) {
            throw Require.invalid("costLimitUsd", "costLimitUsd must be at most 1000000000000");
        }
        BigDecimal plain = amount.stripTrailingZeros();
        if (plain.scale() > USD_MAX_DECIMALS) {
            throw Require.invalid("costLimitUsd", "costLimitUsd must have at most " + USD_MAX_DECIMALS
                    + " decimal places");
        }
        return plain.scale() < 0 ? plain.setScale(0) : plain;
    }

    static String zone(String timezone) {
        if (timezone == null || timezone.isBlank()) {
            return DEFAULT_ZONE;
        }
        String zone = Require.text(timezone, "timezone", ZONE_MAX);
        if (!ZoneId.getAvailableZoneIds().contains(zone)) {
            throw Require.invalid("timezone", "timezone must be an IANA time zone id such as UTC, Europe/Berlin or "
                    + "America/New_York");
        }
        return zone;
    }

    static BudgetAction action(BudgetAction action) {
        if (Require.present(action, "action") == BudgetAction.SUSPEND) {
            throw Require.invalid("action", "action must be deny or alert; suspend applies to the budget envelopes "
                    + "of policy documents only");
        }
        return action;
    }

    static List<Integer> thresholds(List<Integer> thresholds) {
        if (thresholds == null || thresholds.isEmpty()) {
            return DEFAULT_THRESHOLDS;
        }
        if (thresholds.size() > MAX_THRESHOLDS) {
            throw Require.invalid("thresholds", "thresholds must have at most " + MAX_THRESHOLDS + " percentages");
        }
        Set<Integer> seen = new HashSet<>();
        for (Integer threshold : thresholds) {
            if (threshold == null || threshold < 1 || threshold > 100) {
                throw Require.invalid("thresholds", "thresholds must be percentages from 1 to 100");
            }
            if (!seen.add(threshold)) {
                throw Require.invalid("thresholds", "thresholds must be distinct; " + threshold + " is given twice");
            }
        }
        List<Integer> sorted = new ArrayList<>(seen);
        sorted.sort(null);
        return List.copyOf(sorted);
    }

    static String triplePart(String value, String field) {
        return Require.matching(value, TRIPLE_PART, field, TRIPLE_PART_TEXT);
    }
}
