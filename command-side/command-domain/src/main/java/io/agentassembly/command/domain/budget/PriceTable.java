package io.agentassembly.command.domain.budget;

import io.agentassembly.command.api.budget.ModelPrice;
import io.agentassembly.command.api.budget.PriceCommands;
import io.agentassembly.command.api.budget.PriceCommands.ChangeModelPricesCommand;
import io.agentassembly.command.api.budget.PriceCommands.ResetModelPricesCommand;
import io.agentassembly.command.api.budget.PriceEvents.ModelPricesChangedEvent;
import io.agentassembly.command.api.budget.PriceEvents.ModelPricesResetEvent;
import io.agentassembly.command.api.common.DomainException;
import io.agentassembly.command.api.common.ErrorCode;
import io.agentassembly.command.domain.common.Require;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.CreationPolicy;
import org.axonframework.spring.stereotype.Aggregate;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * A workspace's own model price table (id {@code prices-<workspace id>}), versioned: every change, a reset to the
 * platform's default table included, is the next version. Replacing the table with the same entries records
 * nothing. Prices are US dollars per million tokens, exact decimals of at most 6 places, from 0 to 1,000,000;
 * model names are compared case-insensitively (stored lower-case) and must be unique.
 */
@Aggregate
public class PriceTable {

    public static final int MAX_MODELS = 1000;
    public static final int MODEL_MAX = 200;
    public static final int MAX_SCALE = 6;
    public static final BigDecimal MAX_PRICE = new BigDecimal(1_000_000);
    private static final Pattern MODEL = Pattern.compile("[a-z0-9][a-z0-9._:/@+-]*");

    @AggregateIdentifier
    private String priceTableId;
    private String workspaceId;
    private int version;
    private List<ModelPrice> entries;

    protected PriceTable() {
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    public int handle(ChangeModelPricesCommand command) {
        requireWorkspace(command.priceTableId(), command.workspaceId());
        List<ModelPrice> table = validated(command.entries());
        if (table.equals(entries)) {
            return version;
        }
        apply(new ModelPricesChangedEvent(command.workspaceId(), version + 1, table));
        return version;
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    public int handle(ResetModelPricesCommand command) {
        requireWorkspace(command.priceTableId(), command.workspaceId());
        if (entries != null) {
            apply(new ModelPricesResetEvent(command.workspaceId(), version + 1));
        }
        return version;
    }

    @EventSourcingHandler
    void on(ModelPricesChangedEvent event) {
        priceTableId = PriceCommands.priceTableId(event.workspaceId());
        workspaceId = event.workspaceId();
        version = event.version();
        entries = event.entries();
    }

    @EventSourcingHandler
    void on(ModelPricesResetEvent event) {
        priceTableId = PriceCommands.priceTableId(event.workspaceId());
        workspaceId = event.workspaceId();
        version = event.version();
        entries = null;
    }

    private void requireWorkspace(String id, String workspace) {
        Require.text(workspace, "workspaceId", 64);
        if (!PriceCommands.priceTableId(workspace).equals(id) || (workspaceId != null && !workspaceId.equals(workspace))) {
            throw new DomainException(ErrorCode.VALIDATION_FAILED, "workspaceId",
                    "a workspace changes only its own price table");
        }
    }

    /** The entries sorted by model, names lower-cased and prices without trailing zeros; every fault names its entry. */
    static List<ModelPrice> validated(List<ModelPrice> entries) {
        if (entries == null || entries.isEmpty()) {
            throw Require.invalid("models", "models must list at least one model; to go back to the default table, "
                    + "delete the workspace's table instead");
        }
        if (entries.size() > MAX_MODELS) {
            throw Require.invalid("models", "models may list at most " + MAX_MODELS + " models");
        }
        List<ModelPrice> table = new ArrayList<>(entries.size());
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < entries.size(); i++) {
            String at = "models[" + i + "]";
            ModelPrice entry = Require.present(entries.get(i), at);
            String model = Require.text(entry.model(), at + ".model", MODEL_MAX).toLowerCase(Locale.ROOT);
            Require.matching(model, MODEL, at + ".model", "a model name of letters, digits and . _ : / @ + - "
                    + "starting with a letter or digit, e.g. gpt-4o or claude-sonnet-4");
            if (!seen.add(model)) {
                throw Require.invalid(at + ".model", at + ".model: " + model + " is listed twice");
            }
            table.add(new ModelPrice(model, price(entry.inputUsdPerMillion(), at + ".input_usd_per_million"),
                    price(entry.outputUsdPerMillion(), at + ".output_usd_per_million")));
        }
        table.sort(Comparator.comparing(ModelPrice::model));
        return List.copyOf(table);
    }

    private static BigDecimal price(BigDecimal value, String field) {
        Require.present(value, field);
        if (value.signum() < 0 || value.compareTo(MAX_PRICE) > 0) {
            throw Require.invalid(field, field + " must be from 0 to 1000000 (US dollars per million tokens)");
        }
        BigDecimal plain = value.stripTrailingZeros();
        if (plain.scale() > MAX_SCALE) {
            throw Require.invalid(field, field + " has more than " + MAX_SCALE + " decimal places");
        }
        return plain.scale() < 0 ? plain.setScale(0) : plain;
    }
}
