package io.agentassembly.app.rest;

import io.agentassembly.command.api.budget.ModelPrice;
import io.agentassembly.command.api.budget.PriceCommands;
import io.agentassembly.command.api.budget.PriceCommands.ChangeModelPricesCommand;
import io.agentassembly.command.api.budget.PriceCommands.ResetModelPricesCommand;
import io.agentassembly.gateway.budget.ModelPriceBook;
import io.agentassembly.gateway.budget.PriceList;
import io.agentassembly.identity.ActorCommandGateway;
import io.agentassembly.identity.Caller;
import io.agentassembly.identity.Permission;
import io.agentassembly.query.api.PriceQueries.FindModelPricesQuery;
import io.agentassembly.query.api.PriceQueries.WorkspaceModelPrices;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The model price table that prices the workspace's LLM usage: the platform's default table, or the workspace's
 * own while it has one. Every role reads it; only Owners replace or reset it (it is billing). A change applies to
 * usage recorded after it: costs already recorded keep the price version they were computed with.
 */
@RestController
@RequestMapping("/api/v1/model-prices")
@Tag(name = "Spend")
public class ModelPriceController {

    /** One model's price in US dollars per million tokens (exact decimals, at most 6 places). */
    public record ModelPriceEntry(
            @NotBlank @Size(max = 200) @Schema(example = "gpt-4o") String model,
            @NotNull @DecimalMin("0") @DecimalMax("1000000") @Schema(example = "2.5") BigDecimal inputUsdPerMillion,
            @NotNull @DecimalMin("0") @DecimalMax("1000000") @Schema(example = "10") BigDecimal outputUsdPerMillion) {
    }

    /** The whole table: it replaces the workspace's table (or the default one) as it is. */
    public record ModelPricesRequest(@NotNull @Size(min = 1, max = 1000) List<@NotNull @Valid ModelPriceEntry> models) {
    }

    /**
     * {@code source}: {@code default} (the platform's table) or {@code workspace} (the workspace's own);
     * {@code version}: what each cost records ({@code default:<file version>}, {@code workspace:<n>});
     * {@code changed_at} / {@code changed_by}: the workspace's latest change of its table (also a reset), if any.
     */
    public record ModelPricesResponse(@Schema(allowableValues = {"default", "workspace"}) String source,
                                      String version, List<ModelPriceEntry> models, Instant changedAt,
                                      String changedBy) {
    }

    private final ActorCommandGateway commands;
    private final QueryClient queries;
    private final ModelPriceBook prices;

    public ModelPriceController(ActorCommandGateway commands, QueryClient queries, ModelPriceBook prices) {
        this.commands = commands;
        this.queries = queries;
        this.prices = prices;
    }

    @GetMapping
    @Operation(operationId = "getModelPrices", summary = "The model price table in force for the workspace (its own, "
            + "or the platform's default) with its version")
    public ModelPricesResponse get(@AuthenticationPrincipal Caller caller) {
        return current(caller.require(Permission.SPEND_READ));
    }

    @PutMapping
    @Operation(operationId = "replaceModelPrices", summary = "Replace the workspace's model price table as a whole "
            + "(Owner); usage recorded from now on is priced with it, as version workspace:<n>")
    public ModelPricesResponse replace(@AuthenticationPrincipal Caller caller,
                                       @Valid @RequestBody ModelPricesRequest request) {
        caller.require(Permission.PRICES_MANAGE);
        List<ModelPrice> entries = request.models().stream()
                .map(e -> new ModelPrice(e.model(), e.inputUsdPerMillion(), e.outputUsdPerMillion()))
                .toList();
        commands.send(new ChangeModelPricesCommand(PriceCommands.priceTableId(caller.workspaceId()),
                caller.workspaceId(), entries), caller.actor());
        return current(caller);
    }

    @DeleteMapping
    @Operation(operationId = "resetModelPrices", summary = "Drop the workspace's own model price table (Owner): the "
            + "platform's default table prices its usage again. Answers the table now in force")
    public ModelPricesResponse reset(@AuthenticationPrincipal Caller caller) {
        caller.require(Permission.PRICES_MANAGE);
        if (own(caller).filter(WorkspaceModelPrices::overridden).isPresent()) {
            commands.send(new ResetModelPricesCommand(PriceCommands.priceTableId(caller.workspaceId()),
                    caller.workspaceId()), caller.actor());
        }
        return current(caller);
    }

    private Optional<WorkspaceModelPrices> own(Caller caller) {
        return queries.optional(new FindModelPricesQuery(caller.workspaceId()), WorkspaceModelPrices.class);
    }

    /** Read from the committed read model (not the node's cache), so the answer shows the change just made. */
    private ModelPricesResponse current(Caller caller) {
        Optional<WorkspaceModelPrices> own = own(caller);
        PriceList table = own.map(prices::compiled).orElse(prices.defaults());
        return new ModelPricesResponse(table.source(), table.version(), table.entries().stream()
                .map(e -> new ModelPriceEntry(e.model(), e.inputUsdPerMillion(), e.outputUsdPerMillion())).toList(),
                own.map(WorkspaceModelPrices::changedAt).orElse(null),
                own.map(WorkspaceModelPrices::changedBy).orElse(null));
    }
}
