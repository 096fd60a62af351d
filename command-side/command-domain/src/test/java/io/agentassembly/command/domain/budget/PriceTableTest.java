package io.agentassembly.command.domain.budget;

import io.agentassembly.command.api.budget.ModelPrice;
import io.agentassembly.command.api.budget.PriceCommands;
import io.agentassembly.command.api.budget.PriceCommands.ChangeModelPricesCommand;
import io.agentassembly.command.api.budget.PriceCommands.ResetModelPricesCommand;
import io.agentassembly.command.api.budget.PriceEvents.ModelPricesChangedEvent;
import io.agentassembly.command.api.budget.PriceEvents.ModelPricesResetEvent;
import io.agentassembly.command.api.common.ErrorCode;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.Arrays;
import java.util.List;

import static io.agentassembly.command.domain.fakes.DomainErrors.rejectedWith;

class PriceTableTest {

    static final String WS = "ws-0b0e5a4c-9d1e-4f2a-8b3c-1d2e3f4a5b6c";
    static final String ID = PriceCommands.priceTableId(WS);

    private final FixtureConfiguration<PriceTable> fixture = new AggregateTestFixture<>(PriceTable.class);

    static ModelPrice price(String model, String input, String output) {
        return new ModelPrice(model, input == null ? null : new BigDecimal(input),
                output == null ? null : new BigDecimal(output));
    }

    static ChangeModelPricesCommand change(ModelPrice... entries) {
        return new ChangeModelPricesCommand(ID, WS, Arrays.asList(entries));
    }

    @Test
    void theFirstTableIsVersionOneSortedByModelWithNamesLowerCasedAndPricesWithoutTrailingZeros() {
        fixture.givenNoPriorActivity()
                .when(change(price("GPT-4o", "2.500", "10"), price("claude-sonnet-4", "3.00", "15.000000")))
                .expectSuccessfulHandlerExecution()
                .expectResultMessagePayload(1)
                .expectEvents(new ModelPricesChangedEvent(WS, 1, List.of(price("claude-sonnet-4", "3", "15"),
                        price("gpt-4o", "2.5", "10"))));
    }

    @Test
    void everyChangeAndResetIsTheNextVersionAndAnIdenticalTableRecordsNothing() {
        fixture.given(new ModelPricesChangedEvent(WS, 1, List.of(price("gpt-4o", "2.5", "10"))))
                .when(change(price("gpt-4o", "2.50", "10.0")))
                .expectSuccessfulHandlerExecution().expectResultMessagePayload(1).expectNoEvents();
        fixture.given(new ModelPricesChangedEvent(WS, 1, List.of(price("gpt-4o", "2.5", "10"))))
                .when(change(price("gpt-4o", "3", "12")))
                .expectEvents(new ModelPricesChangedEvent(WS, 2, List.of(price("gpt-4o", "3", "12"))));
        fixture.given(new ModelPricesChangedEvent(WS, 1, List.of(price("gpt-4o", "2.5", "10"))))
                .when(new ResetModelPricesCommand(ID, WS))
                .expectResultMessagePayload(2)
                .expectEvents(new ModelPricesResetEvent(WS, 2));
        fixture.given(new ModelPricesChangedEvent(WS, 1, List.of(price("gpt-4o", "2.5", "10"))),
                        new ModelPricesResetEvent(WS, 2))
                .when(change(price("gpt-4o", "2.5", "10")))
                .expectEvents(new ModelPricesChangedEvent(WS, 3, List.of(price("gpt-4o", "2.5", "10"))));
    }

    @Test
    void resettingATableThatIsNotOverriddenRecordsNothing() {
        fixture.given(new ModelPricesChangedEvent(WS, 1, List.of(price("gpt-4o", "2.5", "10"))),
                        new ModelPricesResetEvent(WS, 2))
                .when(new ResetModelPricesCommand(ID, WS))
                .expectSuccessfulHandlerExecution().expectNoEvents();
    }

    @Test
    void refusesBadEntriesNamingTheEntryAndField() {
        fixture.givenNoPriorActivity().when(new ChangeModelPricesCommand(ID, WS, List.of()))
                .expectException(rejectedWith(ErrorCode.VALIDATION_FAILED, "models"));
        fixture.givenNoPriorActivity().when(change(price("gpt-4o", "1", "2"), price(" ", "1", "2")))
                .expectException(rejectedWith(ErrorCode.VALIDATION_FAILED, "models[1].model"));
        fixture.givenNoPriorActivity().when(change(price("gpt 4o", "1", "2")))
                .expectException(rejectedWith(ErrorCode.VALIDATION_FAILED, "models[0].model"));
        fixture.givenNoPriorActivity().when(change(price("gpt-4o", "1", "2"), price("GPT-4O", "1", "2")))
                .expectException(rejectedWith(ErrorCode.VALIDATION_FAILED, "models[1].model"));
        fixture.givenNoPriorActivity().when(change(price("gpt-4o", "-0.01", "2")))
                .expectException(rejectedWith(ErrorCode.VALIDATION_FAILED, "models[0].input_usd_per_million"));
        fixture.givenNoPriorActivity().when(change(price("gpt-4o", "1", "0.0000001")))
                .expectException(rejectedWith(ErrorCode.VALIDATION_FAILED, "models[0].output_usd_per_million"));
        fixture.givenNoPriorActivity().when(change(price("gpt-4o", "1000000.5", "1")))
                .expectException(rejectedWith(ErrorCode.VALIDATION_FAILED, "models[0].input_usd_per_million"));
        fixture.givenNoPriorActivity().when(change(price("gpt-4o", "1", null)))
                .expectException(rejectedWith(ErrorCode.VALIDATION_FAILED, "models[0].output_usd_per_million"));
    }

    @Test
    void aWorkspaceChangesOnlyItsOwnTable() {
        fixture.givenNoPriorActivity()
                .when(new ChangeModelPricesCommand(ID, "ws-other", List.of(price("gpt-4o", "1", "2"))))
                .expectException(rejectedWith(ErrorCode.VALIDATION_FAILED, "workspaceId"));
    }
}
