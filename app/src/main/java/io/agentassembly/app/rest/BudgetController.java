package io.agentassembly.app.rest;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import io.agentassembly.command.api.budget.BudgetAction;
import io.agentassembly.command.api.budget.BudgetCommands.ChangeBudgetCommand;
import io.agentassembly.command.api.budget.BudgetCommands.CreateBudgetCommand;
import io.agentassembly.command.api.budget.BudgetCommands.DeleteBudgetCommand;
import io.agentassembly.command.api.budget.BudgetCommands.ResetBudgetWindowCommand;
import io.agentassembly.command.api.budget.BudgetIds;
import io.agentassembly.command.api.budget.BudgetScope;
import io.agentassembly.command.api.budget.BudgetWindow;
import io.agentassembly.command.api.common.DomainException;
import io.agentassembly.command.api.common.ErrorCode;
import io.agentassembly.identity.ActorCommandGateway;
import io.agentassembly.identity.Caller;
import io.agentassembly.identity.Permission;
import io.agentassembly.query.api.BudgetQueries;
import io.agentassembly.query.api.BudgetQueries.BudgetPage;
import io.agentassembly.query.api.BudgetQueries.BudgetPosition;
import io.agentassembly.query.api.BudgetQueries.BudgetView;
import io.agentassembly.query.api.BudgetQueries.FindBudgetQuery;
import io.agentassembly.query.api.BudgetQueries.ListBudgetsQuery;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Digits;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import java.math.BigDecimal;
import java.util.List;
import java.util.Locale;

/**
 * Budgets of the caller's workspace: token and USD limits per window for one team ({@code org_id} +
 * {@code team_id}) or one agent ({@code agent_key}). Every role reads them (spend-read permission); Owners and
 * Admins create, change and delete them; only Owners reset a budget's window. Another workspace's budget answers
 * 404. {@code cost_limit_usd} is a JSON number read and written exactly (no binary floating point): at most 6
 * decimal places, answered without trailing zeros.
 */
@RestController
@RequestMapping("/api/v1/budgets")
@Tag(name = "Budgets")
public class BudgetController {

    private static final String TRIPLE_PART = "^[A-Za-z0-9._:-]{1,128}$";
    private static final String TRIPLE_MESSAGE = "must be 1 to 128 letters, digits, '.', '_', ':' or '-'";
    private static final java.util.regex.Pattern FILTER = java.util.regex.Pattern.compile(TRIPLE_PART);
    private static final String USD = "exact US dollars as a JSON number, more than 0, at most 10^12 and 6 decimal "
            + "places";
    private static final String THRESHOLDS = "percentages of a limit at which an alert is sent, 1 to 100, distinct; "
            + "default [80, 100]";
    private static final String ACTIONS = "^(deny|alert)$";
    private static final String ACTION = "what happens once a limit is used up: deny the agent's actions, or allow them "
            + "and alert";
    private static final String ZONE = "IANA time zone id the window boundaries are counted in (hour, midnight, "
            + "Monday 00:00, the 1st); default UTC";

    public record CreateBudgetRequest(
            @NotBlank @Size(max = 100) String name,
            @NotNull BudgetScope scope,
            @Pattern(regexp = TRIPLE_PART, message = TRIPLE_MESSAGE)
            @Schema(description = "team budgets: the org of the team; not given for agent budgets") String orgId,
            @Pattern(regexp = TRIPLE_PART, message = TRIPLE_MESSAGE)
            @Schema(description = "team budgets: the team (the team_id agents register with)") String teamId,
            @Size(max = 64) @Schema(description = "agent budgets: a registered agent of the workspace; its org and "
                    + "team are the budget's") String agentKey,
            @Positive @JsonDeserialize(using = WholeNumbers.StrictLong.class)
            @Schema(description = "input + output tokens per window") Long tokenLimit,
            @DecimalMin(value = "0", inclusive = false) @DecimalMax("1000000000000") @Digits(integer = 13, fraction = 6)
            @Schema(description = USD) BigDecimal costLimitUsd,
            @NotNull BudgetWindow window,
            @Size(max = 64) @Schema(description = ZONE) String timezone,
            @NotNull @Pattern(regexp = ACTIONS, message = "must be deny or alert")
            @Schema(allowableValues = {"deny", "alert"}, description = ACTION) String action,
            @Size(max = 10) @JsonDeserialize(contentUsing = WholeNumbers.StrictInteger.class)
            @Schema(description = THRESHOLDS) List<@NotNull @Min(1) @Max(100) Integer> thresholds) {
    }

    /** The whole budget but its scope, which never changes; absent optional fields take their defaults. */
    public record UpdateBudgetRequest(
            @NotBlank @Size(max = 100) String name,
            @Positive @JsonDeserialize(using = WholeNumbers.StrictLong.class)
            @Schema(description = "input + output tokens per window") Long tokenLimit,
            @DecimalMin(value = "0", inclusive = false) @DecimalMax("1000000000000") @Digits(integer = 13, fraction = 6)
            @Schema(description = USD) BigDecimal costLimitUsd,
            @NotNull BudgetWindow window,
            @Size(max = 64) @Schema(description = ZONE) String timezone,
            @NotNull @Pattern(regexp = ACTIONS, message = "must be deny or alert")
            @Schema(allowableValues = {"deny", "alert"}, description = ACTION) String action,
            @Size(max = 10) @JsonDeserialize(contentUsing = WholeNumbers.StrictInteger.class)
            @Schema(description = THRESHOLDS) List<@NotNull @Min(1) @Max(100) Integer> thresholds) {
    }

    public record ResetBudgetRequest(@NotBlank @Size(max = 500) String reason) {
    }

    /** The audit log's page shape: {@code entries} and the {@code next_cursor} to pass back, null on the last page. */
    public record BudgetListResponse(List<BudgetView> entries, String nextCursor) {
    }

    private final ActorCommandGateway commands;
    private final QueryClient queries;

    public BudgetController(ActorCommandGateway commands, QueryClient queries) {
        this.commands = commands;
        this.queries = queries;
    }

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(operationId = "createBudget", summary = "Create a budget for a team (org_id + team_id) or an agent (agent_key): a token limit, a USD limit or both per window; deny or alert when used up")
    public BudgetView create(@AuthenticationPrincipal Caller caller, @Valid @RequestBody CreateBudgetRequest request) {
        caller.require(Permission.BUDGETS_MANAGE);
        String budgetId = BudgetIds.newId();
        commands.send(new CreateBudgetCommand(budgetId, caller.workspaceId(), request.name(), request.scope(),
                blank(request.orgId()), blank(request.teamId()), blank(request.agentKey()), request.tokenLimit(),
                request.costLimitUsd(), request.window(), blank(request.timezone()), actionOf(request.action()),
                request.thresholds()), caller.actor());
        return budget(caller, budgetId);
    }

    @GetMapping
    @Operation(operationId = "listBudgets", summary = "The workspace's budgets, newest first, optionally of one org, team, agent or scope; cursor pagination")
    public BudgetListResponse list(@AuthenticationPrincipal Caller caller,
                                   @RequestParam(name = "org_id", required = false) String orgId,
                                   @RequestParam(name = "team_id", required = false) String teamId,
                                   @RequestParam(name = "agent_key", required = false) String agentKey,
                                   @Parameter(schema = @Schema(allowableValues = {"team", "agent"}))
                                   @RequestParam(name = "scope", required = false) String scope,
                                   @RequestParam(name = "cursor", required = false) String cursor,
                                   @RequestParam(name = "per_page", defaultValue = "50") int perPage) {
        caller.require(Permission.SPEND_READ);
        if (perPage < 1 || perPage > BudgetQueries.MAX_PAGE_SIZE) {
            throw PageCursor.invalidPageSize(BudgetQueries.MAX_PAGE_SIZE);
        }
        BudgetPage page = queries.single(new ListBudgetsQuery(caller.workspaceId(), filter(orgId, "org_id"),
                filter(teamId, "team_id"), filter(agentKey, "agent_key"), scopeOf(scope), positionOf(cursor), perPage),
                BudgetPage.class);
        return new BudgetListResponse(page.entries(), cursorOf(page.next()));
    }

    @GetMapping("/{budgetId}")
    @Operation(operationId = "getBudget", summary = "A budget")
    public BudgetView get(@AuthenticationPrincipal Caller caller, @PathVariable String budgetId) {
        return budget(caller.require(Permission.SPEND_READ), budgetId);
    }

    @PutMapping("/{budgetId}")
    @Operation(operationId = "updateBudget", summary = "Replace a budget's name, limits, window, time zone, action and thresholds (not its scope); a new window or time zone starts counting afresh")
    public BudgetView update(@AuthenticationPrincipal Caller caller, @PathVariable String budgetId,
                             @Valid @RequestBody UpdateBudgetRequest request) {
        caller.require(Permission.BUDGETS_MANAGE);
        budget(caller, budgetId);
        commands.send(new ChangeBudgetCommand(budgetId, caller.workspaceId(), request.name(), request.tokenLimit(),
                request.costLimitUsd(), request.window(), blank(request.timezone()), actionOf(request.action()),
                request.thresholds()), caller.actor());
        return budget(caller, budgetId);
    }

    @DeleteMapping("/{budgetId}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(operationId = "deleteBudget", summary = "Delete a budget; it stops applying at once")
    public void delete(@AuthenticationPrincipal Caller caller, @PathVariable String budgetId) {
        caller.require(Permission.BUDGETS_MANAGE);
        budget(caller, budgetId);
        commands.send(new DeleteBudgetCommand(budgetId, caller.workspaceId()), caller.actor());
    }

    @PostMapping("/{budgetId}/reset")
    @Operation(operationId = "resetBudget", summary = "Owners: the spend of the budget's current window so far stops counting against it (audited with the reason)")
    public BudgetView reset(@AuthenticationPrincipal Caller caller, @PathVariable String budgetId,
                            @Valid @RequestBody ResetBudgetRequest request) {
        caller.require(Permission.BUDGETS_RESET);
        budget(caller, budgetId);
        commands.send(new ResetBudgetWindowCommand(budgetId, caller.workspaceId(), request.reason()), caller.actor());
        return budget(caller, budgetId);
    }

    private BudgetView budget(Caller caller, String budgetId) {
        if (!BudgetIds.isBudgetId(budgetId)) {
            throw new DomainException(ErrorCode.BUDGET_NOT_FOUND, "budget " + budgetId + " not found");
        }
        return queries.found(new FindBudgetQuery(caller.workspaceId(), budgetId), BudgetView.class,
                ErrorCode.BUDGET_NOT_FOUND, "budget " + budgetId);
    }

    private static String filter(String value, String parameter) {
        if (value == null || value.isBlank()) {
            return null;
        }
        if (!FILTER.matcher(value.trim()).matches()) {
            throw new DomainException(ErrorCode.VALIDATION_FAILED, parameter, "'" + parameter + "' " + TRIPLE_MESSAGE);
        }
        return value.trim();
    }

    private static BudgetScope scopeOf(String scope) {
        if (scope == null || scope.isBlank()) {
            return null;
        }
        for (BudgetScope candidate : BudgetScope.values()) {
            if (candidate.code().equals(scope.trim().toLowerCase(Locale.ROOT))) {
                return candidate;
            }
        }
        throw new DomainException(ErrorCode.VALIDATION_FAILED, "scope", "'scope' must be team or agent");
    }

    /** The cursor holds the last budget's created_at (ISO-8601) and id, joined by a space. */
    static String cursorOf(BudgetPosition position) {
        return position == null ? null : PageCursor.encode(position.createdAt(), position.budgetId());
    }

    static BudgetPosition positionOf(String cursor) {
        return PageCursor.decode(cursor, BudgetIds::isBudgetId, BudgetPosition::new);
    }

    /** Checked by the request's pattern: deny or alert. */
    private static BudgetAction actionOf(String action) {
        return BudgetAction.valueOf(action.toUpperCase(Locale.ROOT));
    }

    private static String blank(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }
}
