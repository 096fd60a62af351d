package io.agentassembly.app.rest;

import io.agentassembly.command.api.budget.BudgetWindow;
import io.agentassembly.command.api.budget.BudgetWindows;
import io.agentassembly.command.api.common.DomainException;
import io.agentassembly.command.api.common.ErrorCode;
import io.agentassembly.identity.Caller;
import io.agentassembly.identity.Permission;
import io.agentassembly.query.api.SpendQueries.Spend;
import io.agentassembly.query.api.SpendQueries.SpendDay;
import io.agentassembly.query.api.SpendQueries.SpendGrouping;
import io.agentassembly.query.api.SpendQueries.SpendSeriesQuery;
import io.agentassembly.query.api.SpendQueries.SpendTotal;
import io.agentassembly.query.api.SpendQueries.SpendTotalsQuery;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * Spend of the caller's workspace (tokens and US dollars of the LLM calls its agents reported), from the
 * {@code spend} projection: per org, team or agent for the current and the previous window, and as a daily series.
 * Every role may read it (SPEND_READ). A window or day is the UTC hours that start in it (exact for zones whose
 * offset is whole hours; see docs/spend.md).
 */
@RestController
@RequestMapping("/api/v1/costs")
@Tag(name = "Spend")
public class CostController {

    static final int MAX_HISTORY_DAYS = 366;
    static final int DEFAULT_HISTORY_DAYS = 30;

    /** Tokens and USD of a group in a period; {@code unpriced_calls} cost 0 (no price for their model). */
    public record SpendSummary(long promptTokens, long completionTokens, long totalTokens, BigDecimal costUsd,
                               long calls, long unpricedCalls) {

        static SpendSummary of(Spend spend) {
            return new SpendSummary(spend.promptTokens(), spend.completionTokens(), spend.totalTokens(),
                    spend.costUsd(), spend.calls(), spend.unpricedCalls());
        }
    }

    /** From {@code start} (inclusive) to {@code end} (exclusive). */
    public record Period(Instant start, Instant end) {
    }

    /** One org, team (org + team) or agent; the keys the grouping does not use are absent. */
    public record CostGroup(String orgId, String teamId, String agentKey, String agentId, SpendSummary current,
                            SpendSummary previous) {
    }

    public record CostsResponse(@Schema(allowableValues = {"hourly", "daily", "weekly", "monthly"}) String window,
                                String timezone,
                                @Schema(allowableValues = {"org", "team", "agent"}) String groupBy,
                                String orgId, Period current, Period previous, List<CostGroup> groups) {
    }

    public record CostDay(LocalDate date, long promptTokens, long completionTokens, long totalTokens,
                          BigDecimal costUsd, long calls, long unpricedCalls) {
    }

    /** One group's days, every day of the range (zero where nothing was spent). */
    public record CostSeries(String orgId, String teamId, String agentKey, String agentId, List<CostDay> days) {
    }

    public record CostHistoryResponse(LocalDate from, LocalDate to, String timezone,
                                      @Schema(allowableValues = {"workspace", "org", "team", "agent"}) String groupBy,
                                      List<CostSeries> series) {
    }

    private final QueryClient queries;

    public CostController(QueryClient queries) {
        this.queries = queries;
    }

    @GetMapping
    @Operation(operationId = "getCosts", summary = "Spend per org, team or agent in the current and the previous "
            + "window (hourly, daily, weekly from Monday, monthly) of a time zone; org_id narrows it to one org")
    public CostsResponse costs(@AuthenticationPrincipal Caller caller,
                               @Parameter(schema = @Schema(allowableValues = {"hourly", "daily", "weekly", "monthly"},
                                       defaultValue = "daily"))
                               @RequestParam(name = "window", required = false) String window,
                               @Parameter(schema = @Schema(defaultValue = "UTC", maxLength = 64),
                                       description = "IANA time zone id, e.g. Europe/Dublin")
                               @RequestParam(name = "timezone", required = false) String timezone,
                               @Parameter(schema = @Schema(allowableValues = {"org", "team", "agent"},
                                       defaultValue = "org"))
                               @RequestParam(name = "group_by", required = false) String groupBy,
                               @Parameter(schema = @Schema(maxLength = 128))
                               @RequestParam(name = "org_id", required = false) String orgId) {
        caller.require(Permission.SPEND_READ);
        BudgetWindow kind = windowOf(window);
        ZoneId zone = zoneOf(timezone);
        SpendGrouping grouping = groupingOf(groupBy, "org", false);
        String org = blankToNull(orgId);
        Instant now = Instant.now();
        Instant currentStart = BudgetWindows.start(kind, now, zone);
        Instant currentEnd = BudgetWindows.next(kind, currentStart, zone);
        Instant previousStart = BudgetWindows.previous(kind, currentStart, zone);
        List<SpendTotal> current = totals(caller, org, grouping, currentStart, currentEnd);
        List<SpendTotal> previous = totals(caller, org, grouping, previousStart, currentStart);

        Map<List<String>, CostGroup> groups = new LinkedHashMap<>();
        for (SpendTotal total : current) {
            groups.put(key(total), new CostGroup(total.orgId(), total.teamId(), total.agentKey(), total.agentId(),
                    SpendSummary.of(total.spend()), SpendSummary.of(Spend.NONE)));
        }
        for (SpendTotal total : previous) {
            groups.merge(key(total), new CostGroup(total.orgId(), total.teamId(), total.agentKey(), total.agentId(),
                            SpendSummary.of(Spend.NONE), SpendSummary.of(total.spend())),
                    (present, added) -> new CostGroup(present.orgId(), present.teamId(), present.agentKey(),
                            present.agentId(), present.current(), added.previous()));
        }
        List<CostGroup> sorted = new ArrayList<>(groups.values());
        sorted.sort((a, b) -> key(a).toString().compareTo(key(b).toString()));
        return new CostsResponse(kind.name().toLowerCase(Locale.ROOT), zone.getId(), nameOf(grouping), org,
                new Period(currentStart, currentEnd), new Period(previousStart, currentStart), sorted);
    }

    @GetMapping("/history")
    @Operation(operationId = "getCostHistory", summary = "Daily spend from one date to another (inclusive, at most 366 "
            + "days; default the last 30) in a time zone, for the workspace or per org, team or agent; filters org_id, "
            + "team_id, agent_key")
    public CostHistoryResponse history(@AuthenticationPrincipal Caller caller,
                                       @Parameter(schema = @Schema(format = "date"), description = "first day, "
                                               + "YYYY-MM-DD (default: 29 days before to)")
                                       @RequestParam(name = "from", required = false) String from,
                                       @Parameter(schema = @Schema(format = "date"), description = "last day, "
                                               + "YYYY-MM-DD (default: today in the time zone)")
                                       @RequestParam(name = "to", required = false) String to,
                                       @Parameter(schema = @Schema(allowableValues = {"workspace", "org", "team",
                                               "agent"}, defaultValue = "workspace"))
                                       @RequestParam(name = "group_by", required = false) String groupBy,
                                       @Parameter(schema = @Schema(maxLength = 128))
                                       @RequestParam(name = "org_id", required = false) String orgId,
                                       @Parameter(schema = @Schema(maxLength = 128))
                                       @RequestParam(name = "team_id", required = false) String teamId,
                                       @Parameter(schema = @Schema(maxLength = 64))
                                       @RequestParam(name = "agent_key", required = false) String agentKey,
                                       @Parameter(schema = @Schema(defaultValue = "UTC", maxLength = 64),
                                               description = "IANA time zone id, e.g. Europe/Dublin")
                                       @RequestParam(name = "timezone", required = false) String timezone) {
        caller.require(Permission.SPEND_READ);
        ZoneId zone = zoneOf(timezone);
        SpendGrouping grouping = groupingOf(groupBy, "workspace", true);
        LocalDate last = dateOf(to, "to", LocalDate.now(zone));
        LocalDate first = dateOf(from, "from", last.minusDays(DEFAULT_HISTORY_DAYS - 1));
        if (first.isAfter(last)) {
            throw invalid("from", "from must not be after to");
        }
        long days = ChronoUnit.DAYS.between(first, last) + 1;
        if (days > MAX_HISTORY_DAYS) {
            throw invalid("from", "the range may span at most " + MAX_HISTORY_DAYS + " days; it spans " + days);
        }
        List<LocalDate> dates = first.datesUntil(last.plusDays(1)).toList();
        List<Instant> boundaries = new ArrayList<>(dates.size() + 1);
        dates.forEach(date -> boundaries.add(date.atStartOfDay(zone).toInstant()));
        boundaries.add(last.plusDays(1).atStartOfDay(zone).toInstant());

        List<SpendDay> rows = queries.list(new SpendSeriesQuery(caller.workspaceId(), blankToNull(orgId),
                blankToNull(teamId), blankToNull(agentKey), grouping, boundaries), SpendDay.class);
        Map<List<String>, Spend[]> byGroup = new LinkedHashMap<>();
        Map<List<String>, SpendDay> names = new LinkedHashMap<>();
        if (grouping == SpendGrouping.WORKSPACE) {
            byGroup.put(Arrays.asList(null, null, null), new Spend[dates.size()]);
        }
        for (SpendDay row : rows) {
            List<String> key = Arrays.asList(row.orgId(), row.teamId(), row.agentKey());
            byGroup.computeIfAbsent(key, k -> new Spend[dates.size()])[row.period()] = row.spend();
            names.putIfAbsent(key, row);
        }
        List<CostSeries> series = new ArrayList<>();
        byGroup.forEach((key, spends) -> {
            List<CostDay> costDays = new ArrayList<>(dates.size());
            for (int i = 0; i < dates.size(); i++) {
                Spend spend = Objects.requireNonNullElse(spends[i], Spend.NONE);
                costDays.add(new CostDay(dates.get(i), spend.promptTokens(), spend.completionTokens(),
                        spend.totalTokens(), spend.costUsd(), spend.calls(), spend.unpricedCalls()));
            }
            SpendDay named = names.get(key);
            series.add(new CostSeries(key.get(0), key.get(1), key.get(2), named == null ? null : named.agentId(),
                    costDays));
        });
        return new CostHistoryResponse(first, last, zone.getId(), nameOf(grouping), series);
    }

    private List<SpendTotal> totals(Caller caller, String orgId, SpendGrouping grouping, Instant from, Instant to) {
        return queries.list(new SpendTotalsQuery(caller.workspaceId(), orgId, null, null, grouping, from, to),
                SpendTotal.class);
    }

    private static List<String> key(SpendTotal total) {
        return Arrays.asList(total.orgId(), total.teamId(), total.agentKey());
    }

    private static List<String> key(CostGroup group) {
        return Arrays.asList(group.orgId(), group.teamId(), group.agentKey());
    }

    static BudgetWindow windowOf(String window) {
        if (window == null || window.isBlank()) {
            return BudgetWindow.DAILY;
        }
        try {
            return BudgetWindow.valueOf(window.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw invalid("window", "window must be one of " + Arrays.stream(BudgetWindow.values())
                    .map(w -> w.name().toLowerCase(Locale.ROOT)).collect(Collectors.joining(", ")));
        }
    }

    static ZoneId zoneOf(String timezone) {
        if (timezone == null || timezone.isBlank()) {
            return ZoneId.of("UTC");
        }
        try {
            if (timezone.length() <= 64) {
                return ZoneId.of(timezone.trim());
            }
        } catch (DateTimeException e) {
            // falls through to the refusal below
        }
        throw invalid("timezone", "timezone must be an IANA time zone id such as UTC or Europe/Dublin");
    }

    private static SpendGrouping groupingOf(String groupBy, String fallback, boolean workspace) {
        String value = groupBy == null || groupBy.isBlank() ? fallback : groupBy.trim().toLowerCase(Locale.ROOT);
        return switch (value) {
            case "org" -> SpendGrouping.ORG;
            case "team" -> SpendGrouping.TEAM;
            case "agent" -> SpendGrouping.AGENT;
            case "workspace" -> {
                if (workspace) {
                    yield SpendGrouping.WORKSPACE;
                }
                throw invalid("group_by", "group_by must be one of org, team, agent");
            }
            default -> throw invalid("group_by", "group_by must be one of " + (workspace ? "workspace, " : "")
                    + "org, team, agent");
        };
    }

    private static String nameOf(SpendGrouping grouping) {
        return grouping.name().toLowerCase(Locale.ROOT);
    }

    private static LocalDate dateOf(String value, String field, LocalDate fallback) {
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            LocalDate date = LocalDate.parse(value.trim());
            if (date.getYear() >= 1970 && date.getYear() <= 9999) {
                return date;
            }
        } catch (DateTimeParseException e) {
            // falls through to the refusal below
        }
        throw invalid(field, field + " must be a date YYYY-MM-DD from 1970 to 9999, e.g. 2026-03-01");
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }

    private static DomainException invalid(String field, String message) {
        return new DomainException(ErrorCode.VALIDATION_FAILED, field, message);
    }
}
