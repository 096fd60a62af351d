package io.agentassembly.app.rest;

import io.agentassembly.app.rest.CostController.Period;
import io.agentassembly.command.api.budget.BudgetWindow;
import io.agentassembly.command.api.budget.BudgetWindows;
import io.agentassembly.gateway.budget.BudgetBook;
import io.agentassembly.gateway.budget.SpendCounters;
import io.agentassembly.gateway.budget.SpendCounters.Use;
import io.agentassembly.gateway.budget.SpendLimit;
import io.agentassembly.gateway.budget.WorkspaceLimits;
import io.agentassembly.identity.Caller;
import io.agentassembly.identity.Permission;
import io.agentassembly.query.api.AgentQueries.AgentView;
import io.agentassembly.query.api.AgentQueries.ListAgentsQuery;
import io.agentassembly.query.api.SpendQueries.Spend;
import io.agentassembly.query.api.SpendQueries.SpendGrouping;
import io.agentassembly.query.api.SpendQueries.SpendTotal;
import io.agentassembly.query.api.SpendQueries.SpendTotalsQuery;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The budget tree of the caller's workspace: org → team → agent, each node with its spend in the chosen window and
 * every limit set on it (envelopes and budgets) with its use in the limit's own current window, as the gateway counts
 * it (settled use and open reservations). Every role may read it (SPEND_READ).
 */
@RestController
@Tag(name = "Spend")
public class BudgetTreeController {

    /** A limit on a node and its use in the limit's current window; {@code percent} of the larger metric used. */
    public record LimitUse(@Schema(allowableValues = {"envelope", "budget"}) String source,
                           @Schema(allowableValues = {"global", "org", "team", "agent"}) String tier,
                           String limitKey, String budgetId, String name,
                           @Schema(allowableValues = {"hourly", "daily", "weekly", "monthly"}) String window,
                           String timezone, Instant countedFrom, BigDecimal limitUsd, Long limitTokens,
                           BigDecimal usedUsd, long usedTokens, BigDecimal reservedUsd, long reservedTokens,
                           BigDecimal percent,
                           @Schema(allowableValues = {"deny", "alert", "suspend"}) String action) {
    }

    /** One org, team ({@code org/team}) or agent (its agent key) with its spend and limits. */
    public record BudgetNode(@Schema(allowableValues = {"org", "team", "agent"}) String kind, String id, String name,
                             BigDecimal spentUsd, long spentTokens, List<LimitUse> limits,
                             @ArraySchema(schema = @Schema(ref = "#/components/schemas/BudgetNode"))
                             List<BudgetNode> children) {
    }

    public record BudgetTreeResponse(String orgId,
                                     @Schema(allowableValues = {"hourly", "daily", "weekly", "monthly"}) String window,
                                     String timezone, Period current, List<BudgetNode> nodes) {
    }

    private final QueryClient queries;
    private final BudgetBook book;
    private final SpendCounters counters;

    public BudgetTreeController(QueryClient queries, BudgetBook book, SpendCounters counters) {
        this.queries = queries;
        this.book = book;
        this.counters = counters;
    }

    @GetMapping("/api/v1/costs/budget-tree")
    @Operation(operationId = "getBudgetTree", summary = "Orgs, their teams and agents with their spend in the window "
            + "and every limit set on them (envelopes, budgets) with its use; org_id narrows it to one org")
    public BudgetTreeResponse tree(@AuthenticationPrincipal Caller caller,
                                   @Parameter(schema = @Schema(maxLength = 128))
                                   @RequestParam(name = "org_id", required = false) String orgId,
                                   @Parameter(schema = @Schema(allowableValues = {"hourly", "daily", "weekly",
                                           "monthly"}, defaultValue = "daily"), description = "the spend window")
                                   @RequestParam(name = "window", required = false) String window,
                                   @Parameter(schema = @Schema(defaultValue = "UTC", maxLength = 64),
                                           description = "IANA time zone id of the spend window")
                                   @RequestParam(name = "timezone", required = false) String timezone) {
        caller.require(Permission.SPEND_READ);
        BudgetWindow kind = CostController.windowOf(window);
        ZoneId zone = CostController.zoneOf(timezone);
        String org = orgId == null || orgId.isBlank() ? null : orgId.trim();
        String workspace = caller.workspaceId();
        Instant now = Instant.now();
        Instant start = BudgetWindows.start(kind, now, zone);
        Instant end = BudgetWindows.next(kind, start, zone);

        List<AgentView> agents = queries.list(new ListAgentsQuery(workspace, org, null, false), AgentView.class);
        Map<String, Spend> spent = new HashMap<>();
        for (SpendTotal total : queries.list(new SpendTotalsQuery(workspace, org, null, null, SpendGrouping.AGENT,
                start, end), SpendTotal.class)) {
            spent.put(total.agentKey(), total.spend());
        }
        WorkspaceLimits limits = book.current(workspace);

        Map<String, TreeMap<String, List<AgentView>>> orgs = new TreeMap<>();
        for (AgentView agent : agents) {
            orgs.computeIfAbsent(agent.orgId(), o -> new TreeMap<>())
                    .computeIfAbsent(agent.teamId(), t -> new ArrayList<>()).add(agent);
        }
        limits.budgets().stream()
                .filter(b -> b.teamId() != null && (org == null || org.equals(b.orgId())))
                .forEach(b -> orgs.computeIfAbsent(b.orgId(), o -> new TreeMap<>())
                        .computeIfAbsent(b.teamId(), t -> new ArrayList<>()));

        List<SpendLimit> all = new ArrayList<>(limits.globalEnvelopes());
        for (var orgEntry : orgs.entrySet()) {
            all.addAll(limits.orgEnvelopes(orgEntry.getKey()));
            for (var team : orgEntry.getValue().entrySet()) {
                all.addAll(limits.teamEnvelopes(orgEntry.getKey(), team.getKey()));
                all.addAll(limits.teamBudgets(orgEntry.getKey(), team.getKey()));
                team.getValue().forEach(agent -> all.addAll(limits.agentBudgets(agent.agentKey())));
            }
        }
        Map<String, Use> use = counters.use(workspace, all);

        List<BudgetNode> nodes = new ArrayList<>();
        for (var orgEntry : orgs.entrySet()) {
            String orgKey = orgEntry.getKey();
            List<BudgetNode> teams = new ArrayList<>();
            for (var team : orgEntry.getValue().entrySet()) {
                List<BudgetNode> members = new ArrayList<>();
                team.getValue().stream().sorted((a, b) -> a.agentId().compareTo(b.agentId())).forEach(agent ->
                        members.add(node("agent", agent.agentKey(), agent.agentId(),
                                List.of(spent.getOrDefault(agent.agentKey(), Spend.NONE)),
                                uses(limits.agentBudgets(agent.agentKey()), use, now), List.of())));
                List<SpendLimit> teamLimits = new ArrayList<>(limits.teamEnvelopes(orgKey, team.getKey()));
                teamLimits.addAll(limits.teamBudgets(orgKey, team.getKey()));
                teams.add(node("team", orgKey + "/" + team.getKey(), team.getKey(),
                        team.getValue().stream().map(a -> spent.getOrDefault(a.agentKey(), Spend.NONE)).toList(),
                        uses(teamLimits, use, now), members));
            }
            List<SpendLimit> orgLimits = new ArrayList<>(limits.globalEnvelopes());
            orgLimits.addAll(limits.orgEnvelopes(orgKey));
            List<Spend> orgSpend = new ArrayList<>();
            orgEntry.getValue().values().forEach(list -> list.forEach(
                    a -> orgSpend.add(spent.getOrDefault(a.agentKey(), Spend.NONE))));
            nodes.add(node("org", orgKey, orgKey, orgSpend, uses(orgLimits, use, now), teams));
        }
        return new BudgetTreeResponse(org, kind.name().toLowerCase(Locale.ROOT), zone.getId(), new Period(start, end),
                nodes);
    }

    private static BudgetNode node(String kind, String id, String name, List<Spend> spends, List<LimitUse> limits,
                                   List<BudgetNode> children) {
        BigDecimal usd = BigDecimal.ZERO;
        long tokens = 0;
        for (Spend spend : spends) {
            usd = usd.add(spend.costUsd());
            tokens += spend.promptTokens() + spend.completionTokens();
        }
        return new BudgetNode(kind, id, name, usd, tokens, limits, children);
    }

    private static List<LimitUse> uses(List<SpendLimit> limits, Map<String, Use> use, Instant now) {
        List<LimitUse> uses = new ArrayList<>(limits.size());
        TreeSet<String> seen = new TreeSet<>();
        for (SpendLimit limit : limits) {
            if (!seen.add(limit.key())) {
                continue;
            }
            Use counted = use.getOrDefault(limit.key(), Use.NONE);
            SpendLimit.Epoch epoch = limit.epoch(now);
            uses.add(new LimitUse(limit.budgetId() == null ? "envelope" : "budget",
                    limit.tier().name().toLowerCase(Locale.ROOT), limit.key(), limit.budgetId(), limit.budgetName(),
                    limit.window().name().toLowerCase(Locale.ROOT), limit.zone().getId(), epoch.start(),
                    limit.limitUsd(), limit.limitTokens(), counted.usedUsd(), counted.usedTokens(),
                    counted.reservedUsd(), counted.reservedTokens(), percent(limit, counted),
                    limit.action().name().toLowerCase(Locale.ROOT)));
        }
        return uses;
    }

    private static BigDecimal percent(SpendLimit limit, Use use) {
        BigDecimal percent = BigDecimal.ZERO;
        if (limit.limitUsd() != null && limit.limitUsd().signum() > 0) {
            percent = use.usedUsd().add(use.reservedUsd()).multiply(BigDecimal.valueOf(100))
                    .divide(limit.limitUsd(), 1, RoundingMode.HALF_UP);
        }
        if (limit.limitTokens() != null && limit.limitTokens() > 0) {
            percent = percent.max(BigDecimal.valueOf((use.usedTokens() + use.reservedTokens()) * 100)
                    .divide(BigDecimal.valueOf(limit.limitTokens()), 1, RoundingMode.HALF_UP));
        }
        return percent;
    }
}
