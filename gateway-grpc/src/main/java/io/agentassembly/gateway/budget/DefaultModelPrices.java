package io.agentassembly.gateway.budget;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.agentassembly.command.api.budget.ModelPrice;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads the platform's default model price table: the {@code model-prices.yaml} shipped with the product, or the
 * file {@code aasm.model-prices.default-file} names. Format:
 * <pre>
 * version: "2025.11"            # recorded with each cost as default:2025.11; change it with any price
 * models:
 *   gpt-4o: { input: 2.50, output: 10.00 }   # USD per million input / output tokens, at most 6 decimals
 * </pre>
 * A file that does not read fails the start-up, naming what is wrong.
 */
public final class DefaultModelPrices {

    public static final String RESOURCE = "model-prices.yaml";

    private DefaultModelPrices() {
    }

    /** The file when a path is given, else the shipped resource. */
    public static PriceList load(String file) {
        try (InputStream in = file == null || file.isBlank()
                ? DefaultModelPrices.class.getClassLoader().getResourceAsStream(RESOURCE)
                : Files.newInputStream(Path.of(file))) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the class path");
            }
            return read(in, file == null || file.isBlank() ? RESOURCE : file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the default model price table " + file, e);
        }
    }

    static PriceList read(InputStream in, String name) throws IOException {
        JsonNode root = YAMLMapper.builder().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS).build()
                .readTree(in);
        String version = root == null ? "" : root.path("version").asText("");
        if (version.isBlank() || !version.matches("[A-Za-z0-9._-]{1,40}")) {
            throw invalid(name, "version", "must be 1-40 of letters, digits, '.', '_' and '-'");
        }
        JsonNode models = root.path("models");
        if (!models.isObject() || models.isEmpty()) {
            throw invalid(name, "models", "must map model names to {input, output}");
        }
        List<ModelPrice> entries = new ArrayList<>();
        for (Map.Entry<String, JsonNode> model : models.properties()) {
            String key = model.getKey().trim().toLowerCase(Locale.ROOT);
            entries.add(new ModelPrice(key, price(name, key, model.getValue(), "input"),
                    price(name, key, model.getValue(), "output")));
        }
        entries.sort(Comparator.comparing(ModelPrice::model));
        return PriceList.defaults(version, entries);
    }

    private static BigDecimal price(String name, String model, JsonNode entry, String field) {
        JsonNode value = entry.path(field);
        if (!value.isNumber()) {
            throw invalid(name, "models." + model + "." + field, "must be a number (USD per million tokens)");
        }
        BigDecimal price = value.decimalValue().stripTrailingZeros();
        if (price.signum() < 0 || price.scale() > 6) {
            throw invalid(name, "models." + model + "." + field, "must be at least 0 with at most 6 decimal places");
        }
        return price.scale() < 0 ? price.setScale(0) : price;
    }

    private static IllegalStateException invalid(String name, String field, String message) {
        return new IllegalStateException("default model price table " + name + ": " + field + " " + message);
    }
}
