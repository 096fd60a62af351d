package io.agentassembly.command.domain.budget;

import io.agentassembly.command.api.agent.AgentIdentity;
import io.agentassembly.command.api.budget.BudgetAction;
import io.agentassembly.command.api.budget.BudgetCommands.ChangeBudgetCommand;
import io.agentassembly.command.api.budget.BudgetCommands.CreateBudgetCommand;
import io.agentassembly.command.api.budget.BudgetCommands.DeleteBudgetCommand;
import io.agentassembly.command.api.budget.BudgetCommands.ResetBudgetWindowCommand;
import io.agentassembly.command.api.budget.BudgetEvents.BudgetChangedEvent;
import io.agentassembly.command.api.budget.BudgetEvents.BudgetCreatedEvent;
import io.agentassembly.command.api.budget.BudgetEvents.BudgetDeletedEvent;
import io.agentassembly.command.api.budget.BudgetEvents.BudgetWindowResetEvent;
import io.agentassembly.command.api.budget.BudgetScope;
import io.agentassembly.command.api.budget.BudgetWindow;
import io.agentassembly.command.api.common.ErrorCode;
import io.agentassembly.command.domain.fakes.InMemoryAgentClaims;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

import static io.agentassembly.command.domain.fakes.DomainErrors.rejectedWith;

class BudgetTest {

    static final String WS = "ws-0b0e5a4c-9d1e-4f2a-8b3c-1d2e3f4a5b6c";
    static final String OTHER_WS = "ws-1c1f6b5d-0e2f-4a3b-9c4d-2e3f4a5b6c7d";
    static final String ID = "bud-5e1c2b7a-8d9e-4f10-a1b2-c3d4e5f60718";
    static final String AGENT_KEY = "agt-3f1c2b7a-8d9e-4f10-a1b2-c3d4e5f60718";
    static final Instant NOW = Instant.parse("2026-03-02T10:00:00Z");

    private final InMemoryAgentClaims agents = new InMemoryAgentClaims();
    private final FixtureConfiguration<Budget> fixture = new AggregateTestFixture<>(Budget.class);

    BudgetTest() {
        fixture.registerInjectableResource(agents);
        agents.claim(WS, new AgentIdentity("org-acme", "team-pay", "payer"), AGENT_KEY);
    }

    static CreateBudgetCommand team(Long tokens, String usd, String zone, BudgetAction action, List<Integer> thresholds) {
        return new CreateBudgetCommand(ID, WS, " Payments daily ", BudgetScope.TEAM, "org-acme", "team-pay", null,
                tokens, usd == null ? null : new BigDecimal(usd), BudgetWindow.DAILY, zone, action, thresholds);
    }

    static BudgetCreatedEvent teamCreated() {
        return new BudgetCreatedEvent(WS, "org-acme", ID, "Payments daily", BudgetScope.TEAM, "team-pay", null,
                1_000_000L, new BigDecimal("12.5"), BudgetWindow.DAILY, "UTC", BudgetAction.DENY, List.of(80, 100));
    }

    static ChangeBudgetCommand change(String name, String usd, BudgetWindow window, List<Integer> thresholds) {
        return new ChangeBudgetCommand(ID, WS, name, 1_000_000L, new BigDecimal(usd), window, "UTC",
                BudgetAction.DENY, thresholds);
    }

    @Test
    void aTeamBudgetIsCreatedWithDefaultsAndAnExactAmount() {
        fixture.givenNoPriorActivity().when(team(1_000_000L, "12.500000", null, BudgetAction.DENY, null))
                .expectEvents(teamCreated());
    }

    @Test
    void anAgentBudgetTakesItsOrgAndTeamFromTheAgent() {
        fixture.givenNoPriorActivity().when(new CreateBudgetCommand(ID, WS, "payer hourly", BudgetScope.AGENT, null, null, AGENT_KEY,
                        5_000L, null, BudgetWindow.HOURLY, "Europe/Berlin", BudgetAction.ALERT, List.of(100, 50, 90)))
                .expectEvents(new BudgetCreatedEvent(WS, "org-acme", ID, "payer hourly", BudgetScope.AGENT, "team-pay",
                        AGENT_KEY, 5_000L, null, BudgetWindow.HOURLY, "Europe/Berlin", BudgetAction.ALERT,
                        List.of(50, 90, 100)));
    }

    @Test
    void anAgentBudgetNeedsAnAgentOfTheWorkspace() {
        fixture.givenNoPriorActivity().when(new CreateBudgetCommand(ID, OTHER_WS, "n", BudgetScope.AGENT, null, null, AGENT_KEY,
                        5_000L, null, BudgetWindow.HOURLY, null, BudgetAction.DENY, null))
                .expectException(rejectedWith(ErrorCode.AGENT_NOT_FOUND, "agentKey"))
                .expectNoEvents();
    }

    @Test
    void anAgentBudgetDoesNotNameAnOrgOrTeamAndATeamBudgetNoAgent() {
        fixture.givenNoPriorActivity().when(new CreateBudgetCommand(ID, WS, "n", BudgetScope.AGENT, "org-acme", null, AGENT_KEY,
                        5_000L, null, BudgetWindow.HOURLY, null, BudgetAction.DENY, null))
                .expectException(rejectedWith(ErrorCode.VALIDATION_FAILED, "orgId"));
        fixture.givenNoPriorActivity().when(new CreateBudgetCommand(ID, WS, "n", BudgetScope.TEAM, "org-acme", "team-pay", AGENT_KEY,
                        5_000L, null, BudgetWindow.HOURLY, null, BudgetAction.DENY, null))
                .expectException(rejectedWith(ErrorCode.VALIDATION_FAILED, "agentKey"));
        fixture.givenNoPriorActivity().when(new CreateBudgetCommand(ID, WS, "n", BudgetScope.TEAM, "org-acme", null, null,
                        5_000L, null, BudgetWindow.HOURLY, null, BudgetAction.DENY, null))
                .expectException(rejectedWith(ErrorCode.VALIDATION_FAILED, "teamId"));
        fixture.givenNoPriorActivity().when(new CreateBudgetCommand(ID, WS, "n", BudgetScope.TEAM, "org acme", "team-pay", null,
                        5_000L, null, BudgetWindow.HOURLY, null, BudgetAction.DENY, null))
                .expectException(rejectedWith(ErrorCode.VALIDATION_FAILED, "orgId"));
    }

    @ParameterizedTest(name = "tokens {0}, usd {1}, zone {2}, action {3}, thresholds {4} → {5}")
    @CsvSource(delimiter = '|', nullValues = "-", value = {
            "-       | -                | -             | DENY    | -          | tokenLimit",
            "0       | -                | -             | DENY    | -          | tokenLimit",
            "-1      | 5                | -             | DENY    | -          | tokenLimit",
            "-       | 0                | -             | DENY    | -          | costLimitUsd",
            "-       | -0.01            | -             | DENY    | -          | costLimitUsd",
            "-       | 0.0000001        | -             | DENY    | -          | costLimitUsd",
            "-       | 1000000000000.01 | -             | DENY    | -          | costLimitUsd",
            "10      | -                | Mars/Olympus  | DENY    | -          | timezone",
            "10      | -                | +01:00        | DENY    | -          | timezone",
            "10      | -                | -             | SUSPEND | -          | action",
            "10      | -                | -             | -       | -          | action",
            "10      | -                | -             | DENY    | 0          | thresholds",
            "10      | -                | -             | DENY    | 101        | thresholds",
            "10      | -                | -             | DENY    | 80;80      | thresholds",
            "10      | -                | -             | DENY    | 1;2;3;4;5;6;7;8;9;10;11 | thresholds"})
    void refusesBadLimitsZonesActionsAndThresholdsNamingTheField(Long tokens, String usd, String zone,
                                                                BudgetAction action, String thresholds, String field) {
        List<Integer> list = thresholds == null ? null
                : Arrays.stream(thresholds.split(";")).map(Integer::valueOf).toList();
        fixture.givenNoPriorActivity().when(team(tokens, usd, zone, action, list))
                .expectException(rejectedWith(ErrorCode.VALIDATION_FAILED, field))
                .expectNoEvents();
    }

    @Test
    void theLargestAndSmallestAmountsAreAccepted() {
        fixture.givenNoPriorActivity().when(team(null, "1000000000000.000000", "America/New_York", BudgetAction.ALERT, List.of(100)))
                .expectEvents(new BudgetCreatedEvent(WS, "org-acme", ID, "Payments daily", BudgetScope.TEAM,
                        "team-pay", null, null, new BigDecimal("1000000000000"), BudgetWindow.DAILY,
                        "America/New_York", BudgetAction.ALERT, List.of(100)));
        new AggregateTestFixture<>(Budget.class).registerInjectableResource(agents)
                .givenNoPriorActivity()
                .when(team(null, "0.000001", null, BudgetAction.DENY, null))
                .expectSuccessfulHandlerExecution();
    }

    @Test
    void refusesANameThatIsBlankOrTooLong() {
        fixture.givenNoPriorActivity().when(new CreateBudgetCommand(ID, WS, " ", BudgetScope.TEAM, "o", "t", null, 5L, null,
                        BudgetWindow.DAILY, null, BudgetAction.DENY, null))
                .expectException(rejectedWith(ErrorCode.VALIDATION_FAILED, "name"));
        fixture.givenNoPriorActivity().when(new CreateBudgetCommand(ID, WS, "x".repeat(101), BudgetScope.TEAM, "o", "t", null, 5L, null,
                        BudgetWindow.DAILY, null, BudgetAction.DENY, null))
                .expectException(rejectedWith(ErrorCode.VALIDATION_FAILED, "name"));
    }

    @Test
    void aChangeAppendsAnEventOnlyWhenSomethingDiffers() {
        fixture.given(teamCreated())
                .when(change("Payments daily", "12.50", BudgetWindow.DAILY, List.of(100, 80)))
                .expectNoEvents();
        fixture.given(teamCreated())
                .when(change("Payments weekly", "20", BudgetWindow.WEEKLY, null))
                .expectEvents(new BudgetChangedEvent(WS, "org-acme", ID, "Payments weekly", 1_000_000L,
                        new BigDecimal("20"), BudgetWindow.WEEKLY, "UTC", BudgetAction.DENY, List.of(80, 100)));
    }

    @Test
    void aChangeIsValidatedLikeACreation() {
        fixture.given(teamCreated())
                .when(change("n", "1.0000001", BudgetWindow.DAILY, null))
                .expectException(rejectedWith(ErrorCode.VALIDATION_FAILED, "costLimitUsd"))
                .expectNoEvents();
    }

    @Test
    void anotherWorkspaceOrADeletedBudgetIsNotFound() {
        fixture.given(teamCreated())
                .when(new DeleteBudgetCommand(ID, OTHER_WS))
                .expectException(rejectedWith(ErrorCode.BUDGET_NOT_FOUND, "budgetId"));
        fixture.given(teamCreated())
                .when(new DeleteBudgetCommand(ID, WS))
                .expectEvents(new BudgetDeletedEvent(WS, "org-acme", ID));
        fixture.given(teamCreated(), new BudgetDeletedEvent(WS, "org-acme", ID))
                .when(change("n", "1", BudgetWindow.DAILY, null))
                .expectException(rejectedWith(ErrorCode.BUDGET_NOT_FOUND, "budgetId"));
        fixture.given(teamCreated(), new BudgetDeletedEvent(WS, "org-acme", ID))
                .when(new ResetBudgetWindowCommand(ID, WS, "x"))
                .expectException(rejectedWith(ErrorCode.BUDGET_NOT_FOUND, "budgetId"));
        fixture.given(teamCreated())
                .when(new ResetBudgetWindowCommand(ID, OTHER_WS, "x"))
                .expectException(rejectedWith(ErrorCode.BUDGET_NOT_FOUND, "budgetId"));
    }

    @Test
    void aResetIsRecordedWithItsTimeAndReason() {
        fixture.given(teamCreated())
                .andGivenCurrentTime(NOW)
                .when(new ResetBudgetWindowCommand(ID, WS, "  agreed with finance  "))
                .expectEvents(new BudgetWindowResetEvent(WS, "org-acme", ID, NOW, "agreed with finance"));
        fixture.given(teamCreated())
                .when(new ResetBudgetWindowCommand(ID, WS, " "))
                .expectException(rejectedWith(ErrorCode.VALIDATION_FAILED, "reason"));
    }

    @Test
    void refusesAnIdThatIsNotABudgetId() {
        fixture.givenNoPriorActivity().when(new CreateBudgetCommand("apr-5e1c2b7a-8d9e-4f10-a1b2-c3d4e5f60718", WS, "n", BudgetScope.TEAM,
                        "o", "t", null, 5L, null, BudgetWindow.DAILY, null, BudgetAction.DENY, null))
                .expectException(rejectedWith(ErrorCode.VALIDATION_FAILED, "budgetId"));
    }
}
