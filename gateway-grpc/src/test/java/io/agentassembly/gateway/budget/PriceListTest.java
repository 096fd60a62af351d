package io.agentassembly.gateway.budget;

import io.agentassembly.command.api.budget.CostSource;
import io.agentassembly.command.api.budget.ModelPrice;
import io.agentassembly.query.api.PriceQueries.WorkspaceModelPrices;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PriceListTest {

    private static final PriceList DEFAULTS = DefaultModelPrices.load(null);

    @Test
    void theShippedDefaultTableReadsAndPricesCommonModelsExactly() {
        assertThat(DEFAULTS.source()).isEqualTo("default");
        assertThat(DEFAULTS.version()).startsWith("default:");
        Priced gpt4o = DEFAULTS.price("gpt-4o", 1000, 500);
        assertThat(gpt4o.source()).isEqualTo(CostSource.PRICED);
        assertThat(gpt4o.costUsd()).isEqualByComparingTo("0.0075");
        assertThat(gpt4o.priceVersion()).isEqualTo(DEFAULTS.version());
        assertThat(DEFAULTS.price("gemini-2.0-flash-lite", 1, 0).costUsd()).isEqualTo(new BigDecimal("0.000000075"));
        assertThat(DEFAULTS.lookup("claude-sonnet-4")).isPresent();
        assertThat(DEFAULTS.lookup("gemini-2.5-pro")).isPresent();
    }

    @Test
    void snapshotsTakeTheirModelsPriceButVariantsNeverTakeTheirBaseModels() {
        PriceList table = PriceList.workspace(3, List.of(price("gpt-4o", "2.5", "10"), price("claude-opus-4", "15", "75"),
                price("gemini-2.5-flash", "0.3", "2.5"), price("gpt-4", "30", "60")));
        assertThat(table.lookup("GPT-4o-2024-08-06")).map(ModelPrice::model).contains("gpt-4o");
        assertThat(table.lookup("openai/gpt-4o")).map(ModelPrice::model).contains("gpt-4o");
        assertThat(table.lookup("claude-opus-4-20250514")).map(ModelPrice::model).contains("claude-opus-4");
        assertThat(table.lookup("gemini-2.5-flash-preview-05-20")).map(ModelPrice::model).contains("gemini-2.5-flash");
        assertThat(table.lookup("gpt-4-0613")).map(ModelPrice::model).contains("gpt-4");
        assertThat(table.lookup("gpt-4o-mini")).isEmpty();
        assertThat(table.lookup("claude-opus-4-1")).isEmpty();
        assertThat(table.lookup("")).isEmpty();
        Priced unknown = table.price("gpt-4o-mini", 100, 100);
        assertThat(unknown.source()).isEqualTo(CostSource.UNPRICED);
        assertThat(unknown.costUsd()).isEqualByComparingTo("0");
        assertThat(unknown.priceVersion()).isEqualTo("workspace:3");
    }

    @Test
    void estimatesPromptAtInputPricePlusAsManyCompletionTokensAtOutputPrice() throws InterruptedException {
        AtomicInteger loads = new AtomicInteger();
        ModelPriceBook book = new ModelPriceBook(DEFAULTS, workspace -> {
            loads.incrementAndGet();
            return workspace.equals("ws-own") ? Optional.of(new WorkspaceModelPrices(workspace, 2, true,
                    List.of(price("gpt-4o", "1", "3")), Instant.now(), "USER:u")) : Optional.empty();
        }, Duration.ofMinutes(1), Duration.ofMinutes(10));
        assertThat(book.estimate("ws-own", "gpt-4o", 1_000_000)).isEqualByComparingTo("4");
        assertThat(book.estimate("ws-own", "gpt-4o", 1_000_000, 0)).isEqualByComparingTo("1");
        assertThat(book.estimate("ws-default", "gpt-4o", 1_000_000)).isEqualByComparingTo("12.5");
        assertThat(book.estimate("ws-own", "unknown", 1_000_000)).isEqualByComparingTo("0");
        assertThat(book.price("ws-own", "gpt-4o", 10, 10).priceVersion()).isEqualTo("workspace:2");
        assertThat(loads.get()).as("one load per workspace, then memory").isEqualTo(2);
        assertThat(book.ifLoaded("ws-own")).map(PriceList::version).contains("workspace:2");
        assertThat(book.ifLoaded("ws-new")).as("never waits for a load").isEmpty();
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (book.ifLoaded("ws-new").isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(book.ifLoaded("ws-new")).as("loaded in the background").isPresent();
    }

    @Test
    void aDefaultFileThatDoesNotReadFailsNamingTheField() {
        assertThatThrownBy(() -> read("version: \"1\"\nmodels:\n  gpt-4o: { input: -1, output: 2 }\n"))
                .hasMessageContaining("models.gpt-4o.input");
        assertThatThrownBy(() -> read("models:\n  gpt-4o: { input: 1, output: 2 }\n")).hasMessageContaining("version");
        assertThatThrownBy(() -> read("version: \"1\"\nmodels:\n  gpt-4o: { input: 1, output: 0.0000001 }\n"))
                .hasMessageContaining("models.gpt-4o.output");
    }

    private static PriceList read(String yaml) throws Exception {
        return DefaultModelPrices.read(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)), "test.yaml");
    }

    private static ModelPrice price(String model, String input, String output) {
        return new ModelPrice(model, new BigDecimal(input), new BigDecimal(output));
    }
}
