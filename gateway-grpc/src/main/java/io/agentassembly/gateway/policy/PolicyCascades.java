package io.agentassembly.gateway.policy;

import io.agentassembly.command.api.policy.PolicyEvents.PolicyActivatedEvent;
import io.agentassembly.command.api.policy.PolicyEvents.PolicyDeactivatedEvent;
import io.agentassembly.command.api.policy.PolicyEvents.PolicyDeletedEvent;
import io.agentassembly.command.api.policy.PolicyEvents.PolicyVersionCreatedEvent;
import io.agentassembly.policy.engine.PolicyCascade;
import io.agentassembly.query.api.GatewayQueries.ActivePolicyView;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

/**
 * Each workspace's compiled policy cascade, held in memory on this node. CheckAction reads a volatile field and
 * never waits for a load, except the first call of a workspace on this node (or after the workspace was idle
 * long enough to be dropped).
 * <ul>
 * <li>After a policy event commits on this node ({@value #PROCESSING_GROUP}, subscribing), the workspace is
 *     reloaded and recompiled (on a swap thread, waited for) before the command's caller gets its answer, and
 *     the new cascade replaces the old one in one volatile write.</li>
 * <li>Every {@code refreshInterval} a background thread reloads every workspace held, so changes made through
 *     another node are in force here within that interval (plus the load time). Unchanged policies (same ids,
 *     versions and digests) are not recompiled.</li>
 * <li>A load or compile that fails never replaces a cascade: it is logged, counted
 *     ({@value #COMPILE_FAILURES}) and the previous cascade stays in force. With no previous cascade the
 *     workspace is {@link CascadeUnavailableException unavailable} (the policy stage denies), and the load is
 *     retried after {@code retryAfterFailure}.</li>
 * <li>A workspace not asked for during {@code idleEviction} is dropped from memory (and no longer refreshed).</li>
 * <li>Each swap for a different cascade (not a first load) is told to the {@link SwapListener}s.</li>
 * </ul>
 */
@ProcessingGroup(PolicyCascades.PROCESSING_GROUP)
public class PolicyCascades implements SmartLifecycle {

    public static final String PROCESSING_GROUP = "gateway-policies";
    public static final String COMPILE_FAILURES = "aasm.gateway.policy.compile.failures";

    private static final Logger log = LoggerFactory.getLogger(PolicyCascades.class);
    private static final String PENDING_RELOADS = PolicyCascades.class.getName() + ".pendingReloads";

    /** Reads the active policies of a workspace; throws when they cannot be read. */
    public interface PolicySource {
        List<ActivePolicyView> activePolicies(String workspaceId);
    }

    /** Refused because the workspace's policies could not be loaded or compiled and no earlier cascade exists. */
    public static final class CascadeUnavailableException extends RuntimeException {
        CascadeUnavailableException(String workspaceId, Throwable cause) {
            super("the policies of workspace " + workspaceId + " could not be loaded", cause, false, false);
        }
    }

    private static final class Holder {
        final String workspaceId;
        volatile PolicyCascade cascade;
        List<String> signature;
        volatile boolean used = true;
        int idleRounds;
        long failedAtNanos;
        RuntimeException failure;

        Holder(String workspaceId) {
            this.workspaceId = workspaceId;
        }
    }

    private final PolicySource source;
    private final Function<List<ActivePolicyView>, PolicyCascade> compiler;
    private final Duration refreshInterval;
    private final long retryAfterFailureNanos;
    private final int maxIdleRounds;
    private final Counter compileFailures;
    private final ConcurrentHashMap<String, Holder> holders = new ConcurrentHashMap<>();
    private final List<SwapListener> swapListeners = new CopyOnWriteArrayList<>();
    private final ExecutorService swapper = Executors.newCachedThreadPool(
            Thread.ofPlatform().name("policy-cascade-swap-", 0).daemon().factory());
    private final Duration swapWait;
    private volatile ScheduledExecutorService refresher;

    public PolicyCascades(PolicySource source, Function<List<ActivePolicyView>, PolicyCascade> compiler,
                          Duration refreshInterval, Duration retryAfterFailure, Duration idleEviction,
                          MeterRegistry meters) {
        this.source = source;
        this.compiler = compiler;
        this.refreshInterval = refreshInterval;
        this.retryAfterFailureNanos = retryAfterFailure.toNanos();
        this.maxIdleRounds = (int) Math.max(1, idleEviction.toMillis() / Math.max(1, refreshInterval.toMillis()));
        this.swapWait = Duration.ofSeconds(10);
        this.compileFailures = Counter.builder(COMPILE_FAILURES)
                .description("policy loads or compiles that failed; the previous cascade stayed in force")
                .register(meters);
        Gauge.builder("aasm.gateway.policy.cascades", holders, ConcurrentHashMap::size)
                .description("workspaces whose compiled policy cascade this node holds")
                .register(meters);
    }

    /** The cascade in force for the workspace; loads it on first use. */
    public PolicyCascade current(String workspaceId) {
        Holder holder = holders.get(workspaceId);
        if (holder == null) {
            holder = holders.computeIfAbsent(workspaceId, Holder::new);
        }
        if (!holder.used) {
            holder.used = true;
        }
        PolicyCascade cascade = holder.cascade;
        return cascade != null ? cascade : loadFirst(holder);
    }

    private PolicyCascade loadFirst(Holder holder) {
        synchronized (holder) {
            if (holder.cascade != null) {
                return holder.cascade;
            }
            if (holder.failure != null && System.nanoTime() - holder.failedAtNanos < retryAfterFailureNanos) {
                throw new CascadeUnavailableException(holder.workspaceId, holder.failure);
            }
            if (!reload(holder)) {
                throw new CascadeUnavailableException(holder.workspaceId, holder.failure);
            }
            return holder.cascade;
        }
    }

    /** Reloads the workspace now if this node holds it; a workspace not held is loaded fresh on its next use. */
    public void refresh(String workspaceId) {
        Holder holder = holders.get(workspaceId);
        if (holder != null) {
            reload(holder);
        }
    }

    /**
     * Called on the thread that swapped a workspace's cascade for a different one (never for its first load), after
     * the swap: {@code before} was in force until then, {@code after} is now.
     */
    public interface SwapListener {
        void swapped(String workspaceId, PolicyCascade before, PolicyCascade after);
    }

    public void onSwap(SwapListener listener) {
        swapListeners.add(listener);
    }

    /** Loads, compiles and swaps in; false (old cascade kept) when that failed. Never throws. */
    private boolean reload(Holder holder) {
        PolicyCascade before;
        PolicyCascade after;
        boolean loaded;
        synchronized (holder) {
            before = holder.cascade;
            loaded = load(holder);
            after = holder.cascade;
        }
        if (before != null && after != before) {
            for (SwapListener listener : swapListeners) {
                try {
                    listener.swapped(holder.workspaceId, before, after);
                } catch (RuntimeException e) {
                    log.error("a listener of the policy cascade swap of workspace {} failed", holder.workspaceId, e);
                }
            }
        }
        return loaded;
    }

    private boolean load(Holder holder) {
        synchronized (holder) {
            try {
                List<ActivePolicyView> policies = source.activePolicies(holder.workspaceId);
                List<String> signature = policies.stream()
                        .map(p -> p.policyId() + "@" + p.version() + "=" + p.digest()).toList();
                if (holder.cascade == null || !signature.equals(holder.signature)) {
                    PolicyCascade compiled = compiler.apply(policies);
                    holder.signature = signature;
                    holder.cascade = compiled;
                }
                holder.failure = null;
                return true;
            } catch (RuntimeException e) {
                compileFailures.increment();
                holder.failure = e;
                holder.failedAtNanos = System.nanoTime();
                log.error("could not load or compile the policies of workspace {}; {}", holder.workspaceId,
                        holder.cascade == null ? "its agents are denied until they can be"
                                : "the previous cascade stays in force", e);
                return false;
            }
        }
    }

    /** One background round: reload every workspace used lately, drop the ones idle too long. */
    void refreshAll() {
        for (Holder holder : holders.values()) {
            if (holder.used) {
                holder.used = false;
                holder.idleRounds = 0;
            } else if (++holder.idleRounds > maxIdleRounds) {
                holders.remove(holder.workspaceId, holder);
                continue;
            }
            if (holder.cascade != null || holder.failure == null
                    || System.nanoTime() - holder.failedAtNanos >= retryAfterFailureNanos) {
                reload(holder);
            }
        }
    }

    public double compileFailures() {
        return compileFailures.count();
    }

    @EventHandler
    void on(PolicyVersionCreatedEvent event) {
        reloadAfterCommit(event.workspaceId());
    }

    @EventHandler
    void on(PolicyActivatedEvent event) {
        reloadAfterCommit(event.workspaceId());
    }

    @EventHandler
    void on(PolicyDeactivatedEvent event) {
        reloadAfterCommit(event.workspaceId());
    }

    @EventHandler
    void on(PolicyDeletedEvent event) {
        reloadAfterCommit(event.workspaceId());
    }

    /** Once per workspace and unit of work, however many policy events it holds, after the change committed. */
    private void reloadAfterCommit(String workspaceId) {
        if (!CurrentUnitOfWork.isStarted()) {
            refresh(workspaceId);
            return;
        }
        UnitOfWork<?> root = CurrentUnitOfWork.get().root();
        Set<String> pending = root.getOrComputeResource(PENDING_RELOADS, key -> {
            Set<String> workspaces = new HashSet<>();
            root.afterCommit(unitOfWork -> refreshAndWait(workspaces));
            return workspaces;
        });
        pending.add(workspaceId);
    }

    /**
     * Reloads on a thread of its own (a query sent from the committed unit of work would be nested in it) and
     * waits, so the caller of the command answers only once the new cascade is in force on this node.
     */
    private void refreshAndWait(Set<String> workspaces) {
        try {
            CompletableFuture.runAsync(() -> workspaces.forEach(this::refresh), swapper)
                    .get(swapWait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            log.warn("policy cascade swap for {} did not finish in time; it completes in the background", workspaces, e);
        }
    }

    @Override
    public void start() {
        ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().name("policy-cascade-refresh").daemon().factory());
        long millis = refreshInterval.toMillis();
        executor.scheduleWithFixedDelay(() -> {
            try {
                refreshAll();
            } catch (RuntimeException e) {
                log.error("policy cascade refresh round failed", e);
            }
        }, millis, millis, TimeUnit.MILLISECONDS);
        refresher = executor;
    }

    @Override
    public void stop() {
        ScheduledExecutorService executor = refresher;
        refresher = null;
        if (executor != null) {
            executor.shutdownNow();
        }
        swapper.shutdown();
    }

    @Override
    public boolean isRunning() {
        return refresher != null;
    }
}
