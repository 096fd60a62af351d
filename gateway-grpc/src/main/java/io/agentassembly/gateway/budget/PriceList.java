package io.agentassembly.gateway.budget;

import io.agentassembly.command.api.budget.CostSource;
import io.agentassembly.command.api.budget.ModelPrice;

import java.math.BigDecimal;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One model price table, ready to price calls: immutable, so a node swaps tables without locks.
 * <p>
 * A reported model is looked up case-insensitively: its exact name, then without a provider prefix ending in
 * {@code /} ({@code openai/gpt-4o}, {@code models/gemini-1.5-pro}), then without a snapshot suffix, again and again
 * while one is left: a date or build ({@code -2024-08-06}, {@code -20241022}, {@code -0613}, {@code -002},
 * {@code -05-20}) or {@code -latest}, {@code -preview}, {@code -exp}. So {@code gpt-4o-2024-08-06} and
 * {@code claude-sonnet-4-20250514} take the prices of {@code gpt-4o} and {@code claude-sonnet-4}, while a variant
 * ({@code gpt-4o-mini}, {@code claude-opus-4-1}) never takes the price of its base model. Costs are exact: tokens ×
 * USD per million / 1,000,000, no rounding.
 *
 * @param source  {@code default} or {@code workspace}
 * @param version the table's version as recorded with each cost: {@code default:<file version>} or
 *                {@code workspace:<n>}
 */
public record PriceList(String source, String version, List<ModelPrice> entries, Map<String, ModelPrice> byModel) {

    public static final String DEFAULT = "default";
    private static final Pattern SNAPSHOT_SUFFIX =
            Pattern.compile("-(?:\\d{4}-\\d{2}-\\d{2}|\\d{3,8}|\\d{2}-\\d{2}|latest|preview|exp)$");
    public static final String WORKSPACE = "workspace";

    public PriceList {
        entries = List.copyOf(entries);
        byModel = Map.copyOf(byModel);
    }

    public static PriceList of(String source, String version, List<ModelPrice> entries) {
        Map<String, ModelPrice> byModel = new HashMap<>();
        entries.forEach(entry -> byModel.put(entry.model().toLowerCase(Locale.ROOT), entry));
        return new PriceList(source, version, entries, byModel);
    }

    public static PriceList defaults(String fileVersion, List<ModelPrice> entries) {
        return of(DEFAULT, DEFAULT + ":" + fileVersion, entries);
    }

    public static PriceList workspace(int version, List<ModelPrice> entries) {
        return of(WORKSPACE, WORKSPACE + ":" + version, entries);
    }

    /** The price of the model, by the lookup rule above. */
    public Optional<ModelPrice> lookup(String model) {
        if (model == null || model.isBlank()) {
            return Optional.empty();
        }
        String name = model.trim().toLowerCase(Locale.ROOT);
        ModelPrice found = byModel.get(name);
        if (found == null && name.indexOf('/') >= 0) {
            name = name.substring(name.lastIndexOf('/') + 1);
            found = byModel.get(name);
        }
        while (found == null) {
            Matcher suffix = SNAPSHOT_SUFFIX.matcher(name);
            if (!suffix.find() || suffix.start() == 0) {
                break;
            }
            name = name.substring(0, suffix.start());
            found = byModel.get(name);
        }
        return Optional.ofNullable(found);
    }

    public Priced price(String model, long promptTokens, long completionTokens) {
        return lookup(model)
                .map(price -> new Priced(cost(price, promptTokens, completionTokens), CostSource.PRICED, version))
                .orElseGet(() -> new Priced(BigDecimal.ZERO, CostSource.UNPRICED, version));
    }

    static BigDecimal cost(ModelPrice price, long promptTokens, long completionTokens) {
        BigDecimal micro = price.inputUsdPerMillion().multiply(BigDecimal.valueOf(promptTokens))
                .add(price.outputUsdPerMillion().multiply(BigDecimal.valueOf(completionTokens)));
        if (micro.signum() == 0) {
            return BigDecimal.ZERO;
        }
        BigDecimal usd = micro.movePointLeft(6).stripTrailingZeros();
        return usd.scale() < 0 ? usd.setScale(0) : usd;
    }
}
