package io.agentassembly.gateway.budget;

import io.agentassembly.command.api.agent.AgentCommands.SuspendAgentCommand;
import io.agentassembly.command.api.common.ActorType;
import io.agentassembly.gateway.audit.ReportedEventJournal;
import io.agentassembly.gateway.decision.AgentPrincipal;
import io.agentassembly.gateway.policy.PolicyCascades;
import io.agentassembly.identity.Actor;
import io.agentassembly.identity.ActorCommandGateway;
import io.agentassembly.identity.PeriodicTask;
import org.jooq.DSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import io.agentassembly.command.api.budget.CostSource;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;

/** Budget enforcement in the gateway (docs/adr/0021): the limits in memory, the stage, settlement and the sweeper. */
@Configuration(proxyBeanMethods = false)
public class BudgetConfiguration {

    private static final Logger log = LoggerFactory.getLogger(BudgetConfiguration.class);
    static final Actor BUDGET_ENFORCER = new Actor(ActorType.SYSTEM, "budget-enforcer");

    @Bean
    BudgetBook budgetBook(PolicyCascades cascades, BudgetBook.BudgetSource source,
                          @Value("${aasm.budget.refresh-interval:2s}") Duration refreshInterval) {
        return new BudgetBook(cascades, source, refreshInterval);
    }

    @Bean
    BudgetBook.BudgetSource budgetSource(DSLContext dsl) {
        return new BudgetViewSource(dsl);
    }

    @Bean
    BudgetGate budgetGate(BudgetBook book, ModelPrices prices,
                          @Value("${aasm.budget.default-reservation-usd:0.01}") BigDecimal defaultReservationUsd,
                          @Value("${aasm.budget.reservation-timeout:5m}") Duration reservationTimeout,
                          ActorCommandGateway commands) {
        return new BudgetGate(book, estimator(prices), defaultReservationUsd, reservationTimeout, Clock.systemUTC(),
                suspender(commands));
    }

    /**
     * From the price table this node holds, never waiting for a load (the first calls of a workspace on a node, until
     * its table is loaded in the background, reserve the default amount); null for a model the table does not price.
     */
    static ReservationEstimator estimator(ModelPrices prices) {
        return (workspace, model, prompt, completion) -> prices.ifLoaded(workspace)
                .map(table -> table.price(model, prompt, completion))
                .filter(priced -> priced.source() == CostSource.PRICED)
                .map(Priced::costUsd)
                .orElse(null);
    }

    /** Suspends on a thread of its own: the decision's caller is answered without waiting for the command. */
    private static Consumer<AgentPrincipal> suspender(ActorCommandGateway commands) {
        ExecutorService suspensions = Executors.newSingleThreadExecutor(
                Thread.ofPlatform().name("budget-suspensions").daemon().factory());
        return agent -> suspensions.execute(() -> {
            try {
                commands.send(new SuspendAgentCommand(agent.agentKey(), agent.workspaceId(),
                        "a budget limit with action suspend is used up"), BUDGET_ENFORCER);
            } catch (RuntimeException e) {
                log.warn("could not suspend agent {} after its budget was used up", agent.agentKey(), e);
            }
        });
    }

    @Bean
    SpendSettlement spendSettlement(BudgetGate gate, DSLContext dsl, ReportedEventJournal journal) {
        SpendSettlement settlement = new SpendSettlement(gate, dsl, Clock.systemUTC());
        journal.hook(settlement);
        return settlement;
    }

    @Bean
    ReservationSweeper reservationSweeper(DSLContext dsl, PlatformTransactionManager transactions) {
        return new ReservationSweeper(dsl, new TransactionTemplate(transactions), Clock.systemUTC(), 500);
    }

    @Bean
    PeriodicTask reservationSweeps(ReservationSweeper sweeper, TaskScheduler scheduler,
                                   @Value("${aasm.budget.sweep-interval:30s}") Duration interval) {
        return new PeriodicTask(scheduler, interval, "releasing expired budget reservations failed; the next run retries") {
            @Override
            protected void runOnce() {
                sweeper.releaseExpired();
            }
        };
    }

    @Bean
    SpendCounters spendCounters(DSLContext dsl, BudgetBook book, PlatformTransactionManager transactions) {
        return new SpendCounters(dsl, book, new TransactionTemplate(transactions), Clock.systemUTC());
    }
}
