package io.agentassembly.gateway.budget;

import io.agentassembly.command.api.budget.BudgetEvents.BudgetChangedEvent;
import io.agentassembly.command.api.budget.BudgetEvents.BudgetCreatedEvent;
import io.agentassembly.command.api.budget.BudgetEvents.BudgetDeletedEvent;
import io.agentassembly.command.api.budget.BudgetEvents.BudgetWindowResetEvent;
import io.agentassembly.gateway.policy.PolicyCascades;
import io.agentassembly.policy.engine.PolicyCascade;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The limits in force per workspace, in memory on this node: envelopes from the workspace's compiled policy
 * cascade (rebuilt whenever the cascade is swapped) and budgets read from the budget read model. CheckAction
 * never waits for a load except the first of a workspace on this node. After a budget event commits on this node
 * ({@value #PROCESSING_GROUP}, subscribing) the workspace's budgets are reloaded before the command's caller gets
 * its answer; changes made through another node are picked up within {@code refreshInterval} (the database
 * arbitrates spend in any case: a stale limit list never lets two nodes overspend a limit both know).
 */
@ProcessingGroup(BudgetBook.PROCESSING_GROUP)
public class BudgetBook implements SmartLifecycle {

    public static final String PROCESSING_GROUP = "gateway-budgets";

    private static final Logger log = LoggerFactory.getLogger(BudgetBook.class);

    /** Reads the budgets of a workspace; throws when they cannot be read. */
    public interface BudgetSource {
        List<BudgetDefinition> budgets(String workspaceId);
    }

    /** The workspace's budgets could not be read and none were read before: its agents are denied (fail closed). */
    public static final class BudgetsUnavailableException extends RuntimeException {
        BudgetsUnavailableException(String workspaceId, Throwable cause) {
            super("the budgets of workspace " + workspaceId + " could not be loaded", cause, false, false);
        }
    }

    private static final class Holder {
        final String workspaceId;
        volatile List<BudgetDefinition> budgets;
        volatile long loadedAtNanos;
        volatile PolicyCascade cascade;
        volatile WorkspaceLimits limits;
        final AtomicBoolean reloading = new AtomicBoolean();

        Holder(String workspaceId) {
            this.workspaceId = workspaceId;
        }
    }

    private final PolicyCascades cascades;
    private final BudgetSource source;
    private final long refreshNanos;
    private final ConcurrentHashMap<String, Holder> holders = new ConcurrentHashMap<>();
    private final ExecutorService loader = Executors.newSingleThreadExecutor(
            Thread.ofPlatform().name("budget-book-refresh").daemon().factory());
    private volatile boolean running;

    public BudgetBook(PolicyCascades cascades, BudgetSource source, Duration refreshInterval) {
        this.cascades = cascades;
        this.source = source;
        this.refreshNanos = refreshInterval.toNanos();
    }

    /** The limits in force for the workspace now. Throws {@link BudgetsUnavailableException} (deny) or the cascade's. */
    public WorkspaceLimits current(String workspaceId) {
        PolicyCascade cascade = cascades.current(workspaceId);
        Holder holder = holders.get(workspaceId);
        if (holder == null) {
            holder = holders.computeIfAbsent(workspaceId, Holder::new);
        }
        if (holder.budgets == null) {
            loadFirst(holder);
        } else if (System.nanoTime() - holder.loadedAtNanos > refreshNanos) {
            reloadInBackground(holder);
        }
        WorkspaceLimits limits = holder.limits;
        if (limits == null || holder.cascade != cascade) {
            synchronized (holder) {
                if (holder.limits == null || holder.cascade != cascade) {
                    holder.limits = WorkspaceLimits.of(cascade.documents(), holder.budgets);
                    holder.cascade = cascade;
                }
                limits = holder.limits;
            }
        }
        return limits;
    }

    /** Reads the workspace's budgets again now, if this node holds it. */
    public void refresh(String workspaceId) {
        Holder holder = holders.get(workspaceId);
        if (holder != null) {
            load(holder);
        }
    }

    private void loadFirst(Holder holder) {
        synchronized (holder) {
            if (holder.budgets == null && !load(holder)) {
                throw new BudgetsUnavailableException(holder.workspaceId, null);
            }
        }
    }

    private void reloadInBackground(Holder holder) {
        if (running && holder.reloading.compareAndSet(false, true)) {
            try {
                loader.execute(() -> {
                    try {
                        load(holder);
                    } finally {
                        holder.reloading.set(false);
                    }
                });
            } catch (RuntimeException e) {
                holder.reloading.set(false);
            }
        }
    }

    private boolean load(Holder holder) {
        try {
            List<BudgetDefinition> budgets = List.copyOf(source.budgets(holder.workspaceId));
            synchronized (holder) {
                holder.budgets = budgets;
                holder.loadedAtNanos = System.nanoTime();
                holder.limits = null;
            }
            return true;
        } catch (RuntimeException e) {
            log.error("could not load the budgets of workspace {}; {}", holder.workspaceId,
                    holder.budgets == null ? "its agents are denied until they can be" : "the previous ones stay in force", e);
            return false;
        }
    }

    @EventHandler
    void on(BudgetCreatedEvent event) {
        refreshAfterCommit(event.workspaceId());
    }

    @EventHandler
    void on(BudgetChangedEvent event) {
        refreshAfterCommit(event.workspaceId());
    }

    @EventHandler
    void on(BudgetDeletedEvent event) {
        refreshAfterCommit(event.workspaceId());
    }

    @EventHandler
    void on(BudgetWindowResetEvent event) {
        refreshAfterCommit(event.workspaceId());
    }

    private void refreshAfterCommit(String workspaceId) {
        if (CurrentUnitOfWork.isStarted()) {
            CurrentUnitOfWork.get().root().afterCommit(unitOfWork -> refreshAndWait(workspaceId));
        } else {
            refreshAndWait(workspaceId);
        }
    }

    /** On the loader thread (outside the committed unit of work and its transaction), waited for. */
    private void refreshAndWait(String workspaceId) {
        try {
            CompletableFuture.runAsync(() -> refresh(workspaceId), loader).get(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            log.warn("the budgets of workspace {} were not reloaded in time; the next refresh picks them up",
                    workspaceId, e);
        }
    }

    @Override
    public void start() {
        running = true;
    }

    @Override
    public void stop() {
        running = false;
        loader.shutdownNow();
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
