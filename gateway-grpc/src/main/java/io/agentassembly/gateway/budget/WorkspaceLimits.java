package io.agentassembly.gateway.budget;

import io.agentassembly.command.api.budget.BudgetAction;
import io.agentassembly.command.api.budget.BudgetScope;
import io.agentassembly.command.api.budget.BudgetWindow;
import io.agentassembly.command.api.budget.SpendEvents.LimitTier;
import io.agentassembly.policy.EnforcementMode;
import io.agentassembly.policy.ParsedPolicy;
import io.agentassembly.policy.PolicyDocument;
import io.agentassembly.policy.PolicyScope;

import java.math.BigDecimal;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The limits of one workspace: the envelopes of its global-scoped, enforced policy documents ({@code spec.budget};
 * where several documents set the same amount the smallest holds, with that document's time zone and action) and its
 * budgets. {@link #forAgent} lists every limit that applies to an agent in the order they are checked: global →
 * org → team → agent, and within a tier monthly → weekly → daily → hourly (docs/budgets.md, "Precedence").
 * Immutable; replaced as a whole when policies or budgets change.
 */
public final class WorkspaceLimits {

    public static final WorkspaceLimits NONE = new WorkspaceLimits(List.of(), null, null, null, null, List.of());

    private static final List<Integer> ENVELOPE_THRESHOLDS = List.of(80, 100);

    private final List<SpendLimit> global;
    private final Envelope orgDaily;
    private final Envelope orgMonthly;
    private final Envelope teamDaily;
    private final Envelope teamMonthly;
    private final Map<String, List<SpendLimit>> teamBudgets;
    private final Map<String, List<SpendLimit>> agentBudgets;
    private final List<BudgetDefinition> budgets;
    private final ConcurrentHashMap<String, List<SpendLimit>> byAgent = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, SpendLimit> envelopeLimits = new ConcurrentHashMap<>();

    /** One envelope amount with the time zone and action of the document that set it. */
    private record Envelope(BigDecimal amount, ZoneId zone, BudgetAction action) {
    }

    private WorkspaceLimits(List<SpendLimit> global, Envelope orgDaily, Envelope orgMonthly, Envelope teamDaily,
                            Envelope teamMonthly, List<BudgetDefinition> budgets) {
        this.global = global;
        this.orgDaily = orgDaily;
        this.orgMonthly = orgMonthly;
        this.teamDaily = teamDaily;
        this.teamMonthly = teamMonthly;
        this.budgets = List.copyOf(budgets);
        Map<String, List<SpendLimit>> teams = new HashMap<>();
        Map<String, List<SpendLimit>> agents = new HashMap<>();
        for (BudgetDefinition budget : budgets) {
            SpendLimit limit = limitOf(budget);
            if (budget.scope() == BudgetScope.TEAM) {
                teams.computeIfAbsent(teamKey(budget.orgId(), budget.teamId()), k -> new ArrayList<>()).add(limit);
            } else {
                agents.computeIfAbsent(budget.agentKey(), k -> new ArrayList<>()).add(limit);
            }
        }
        Comparator<SpendLimit> monthlyFirst = Comparator.comparingInt(SpendLimit::windowRank).reversed()
                .thenComparing(SpendLimit::key);
        teams.values().forEach(list -> list.sort(monthlyFirst));
        agents.values().forEach(list -> list.sort(monthlyFirst));
        this.teamBudgets = teams;
        this.agentBudgets = agents;
    }

    /** {@code documents}: the policy documents in force (only global-scoped, enforced ones set envelopes). */
    public static WorkspaceLimits of(List<ParsedPolicy> documents, List<BudgetDefinition> budgets) {
        Map<String, Envelope> smallest = new HashMap<>();
        for (ParsedPolicy policy : documents) {
            PolicyDocument document = policy.document();
            PolicyDocument.Budget budget = document.budget();
            if (budget == null || document.scope().level() != PolicyScope.Level.GLOBAL
                    || document.enforcementMode() != EnforcementMode.ENFORCE) {
                continue;
            }
            ZoneId zone = budget.timezone() == null ? ZoneOffset.UTC : ZoneId.of(budget.timezone());
            BudgetAction action = budget.actionOnExceed() == null ? BudgetAction.DENY
                    : BudgetAction.valueOf(budget.actionOnExceed().toUpperCase(Locale.ROOT));
            keepSmallest(smallest, "daily", budget.dailyLimitUsd(), zone, action);
            keepSmallest(smallest, "monthly", budget.monthlyLimitUsd(), zone, action);
            keepSmallest(smallest, "org_daily", budget.orgDailyLimitUsd(), zone, action);
            keepSmallest(smallest, "org_monthly", budget.orgMonthlyLimitUsd(), zone, action);
            keepSmallest(smallest, "team_daily", budget.teamDailyLimitUsd(), zone, action);
            keepSmallest(smallest, "team_monthly", budget.teamMonthlyLimitUsd(), zone, action);
        }
        if (smallest.isEmpty() && budgets.isEmpty()) {
            return NONE;
        }
        List<SpendLimit> global = new ArrayList<>(2);
        addEnvelope(global, smallest.get("monthly"), "envelope:global:monthly", LimitTier.GLOBAL, "workspace",
                BudgetWindow.MONTHLY);
        addEnvelope(global, smallest.get("daily"), "envelope:global:daily", LimitTier.GLOBAL, "workspace",
                BudgetWindow.DAILY);
        return new WorkspaceLimits(global, smallest.get("org_daily"), smallest.get("org_monthly"),
                smallest.get("team_daily"), smallest.get("team_monthly"), budgets);
    }

    /** Every limit that applies to the agent, in the order they are checked; empty when none does. */
    public List<SpendLimit> forAgent(String agentKey, String orgId, String teamId) {
        if (this == NONE) {
            return List.of();
        }
        List<SpendLimit> limits = byAgent.get(agentKey);
        if (limits == null) {
            limits = byAgent.computeIfAbsent(agentKey, k -> collect(agentKey, orgId, teamId));
        }
        return limits;
    }

    public List<BudgetDefinition> budgets() {
        return budgets;
    }

    /** The budget limits of one team, monthly first. */
    public List<SpendLimit> teamBudgets(String orgId, String teamId) {
        return teamBudgets.getOrDefault(teamKey(orgId, teamId), List.of());
    }

    /** The budget limits of one agent, monthly first. */
    public List<SpendLimit> agentBudgets(String agentKey) {
        return agentBudgets.getOrDefault(agentKey, List.of());
    }

    public List<SpendLimit> globalEnvelopes() {
        return global;
    }

    /** The org envelopes (monthly, daily) as they apply to {@code orgId}. */
    public List<SpendLimit> orgEnvelopes(String orgId) {
        List<SpendLimit> limits = new ArrayList<>(2);
        addCached(limits, orgMonthly, "envelope:org:" + orgId + ":monthly", LimitTier.ORG, orgId, BudgetWindow.MONTHLY);
        addCached(limits, orgDaily, "envelope:org:" + orgId + ":daily", LimitTier.ORG, orgId, BudgetWindow.DAILY);
        return limits;
    }

    /** The uniform team envelopes (monthly, daily) as they apply to one team. */
    public List<SpendLimit> teamEnvelopes(String orgId, String teamId) {
        List<SpendLimit> limits = new ArrayList<>(2);
        String scope = teamKey(orgId, teamId);
        addCached(limits, teamMonthly, "envelope:team:" + scope + ":monthly", LimitTier.TEAM, scope,
                BudgetWindow.MONTHLY);
        addCached(limits, teamDaily, "envelope:team:" + scope + ":daily", LimitTier.TEAM, scope, BudgetWindow.DAILY);
        return limits;
    }

    private List<SpendLimit> collect(String agentKey, String orgId, String teamId) {
        List<SpendLimit> limits = new ArrayList<>(global);
        limits.addAll(orgEnvelopes(orgId));
        limits.addAll(teamEnvelopes(orgId, teamId));
        limits.addAll(teamBudgets(orgId, teamId));
        limits.addAll(agentBudgets(agentKey));
        return List.copyOf(limits);
    }

    private void addCached(List<SpendLimit> limits, Envelope envelope, String key, LimitTier tier, String scopeId,
                           BudgetWindow window) {
        if (envelope != null) {
            limits.add(envelopeLimits.computeIfAbsent(key, k -> envelopeLimit(envelope, k, tier, scopeId, window)));
        }
    }

    private static void addEnvelope(List<SpendLimit> limits, Envelope envelope, String key, LimitTier tier,
                                    String scopeId, BudgetWindow window) {
        if (envelope != null) {
            limits.add(envelopeLimit(envelope, key, tier, scopeId, window));
        }
    }

    private static SpendLimit envelopeLimit(Envelope envelope, String key, LimitTier tier, String scopeId,
                                            BudgetWindow window) {
        return new SpendLimit(key, tier, scopeId, window, envelope.zone(), envelope.amount(), null,
                envelope.action(), null, null, ENVELOPE_THRESHOLDS, null);
    }

    private static SpendLimit limitOf(BudgetDefinition budget) {
        boolean team = budget.scope() == BudgetScope.TEAM;
        return new SpendLimit("budget:" + budget.budgetId(), team ? LimitTier.TEAM : LimitTier.AGENT,
                team ? teamKey(budget.orgId(), budget.teamId()) : budget.agentKey(), budget.window(),
                ZoneId.of(budget.timezone() == null ? "UTC" : budget.timezone()), budget.costLimitUsd(),
                budget.tokenLimit(), budget.action(), budget.budgetId(), budget.name(),
                budget.thresholds().stream().sorted().toList(), budget.countsFrom());
    }

    private static void keepSmallest(Map<String, Envelope> smallest, String field, BigDecimal amount, ZoneId zone,
                                     BudgetAction action) {
        if (amount != null) {
            smallest.merge(field, new Envelope(amount, zone, action),
                    (a, b) -> a.amount().compareTo(b.amount()) <= 0 ? a : b);
        }
    }

    static String teamKey(String orgId, String teamId) {
        return orgId + "/" + teamId;
    }
}
