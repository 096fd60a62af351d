package io.agentassembly.gateway.budget;

import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.LoadingCache;
import io.agentassembly.command.api.budget.PriceEvents.ModelPricesChangedEvent;
import io.agentassembly.command.api.budget.PriceEvents.ModelPricesResetEvent;
import io.agentassembly.query.api.PriceQueries.FindModelPricesQuery;
import io.agentassembly.query.api.PriceQueries.WorkspaceModelPrices;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.queryhandling.QueryGateway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The model price tables in force, per workspace, in memory ({@link ModelPrices}). A workspace's table is loaded on
 * its first use on the node (its own table from {@code model_price_table}, else the default table) and then:
 * <ul>
 *   <li>on the node that committed a change, replaced from the event itself right after the commit (subscribing
 *       group {@value #PROCESSING_GROUP}), so the next report after {@code PUT /model-prices} answered is priced
 *       with the new table;</li>
 *   <li>on every node, reloaded in the background once it is older than {@code aasm.gateway.prices.refresh-interval}
 *       (30 s) and used again (the old table answers meanwhile), so other nodes follow within that interval;</li>
 *   <li>forgotten after {@code aasm.gateway.prices.idle-eviction} (10 min) without use.</li>
 * </ul>
 * Pricing thus reads no database per call. A failed first load throws (the caller refuses the report, to be
 * retried); a failed reload keeps the table in force.
 */
@Component
@ProcessingGroup(ModelPriceBook.PROCESSING_GROUP)
public class ModelPriceBook implements ModelPrices {

    public static final String PROCESSING_GROUP = "gateway-prices";

    private static final Logger log = LoggerFactory.getLogger(ModelPriceBook.class);

    private final PriceList defaults;
    private final LoadingCache<String, PriceList> tables;

    @Autowired
    public ModelPriceBook(QueryGateway queries,
                          @Value("${aasm.model-prices.default-file:}") String defaultFile,
                          @Value("${aasm.gateway.prices.refresh-interval:30s}") Duration refreshInterval,
                          @Value("${aasm.gateway.prices.idle-eviction:10m}") Duration idleEviction,
                          @Value("${aasm.gateway.prices.load-timeout:5s}") Duration loadTimeout) {
        this(DefaultModelPrices.load(defaultFile), workspace -> load(queries, workspace, loadTimeout),
                refreshInterval, idleEviction);
    }

    /** The tables a workspace has set, or empty. */
    public interface Source {
        Optional<WorkspaceModelPrices> find(String workspaceId);
    }

    public ModelPriceBook(PriceList defaults, Source source, Duration refreshInterval, Duration idleEviction) {
        this.defaults = defaults;
        this.tables = Caffeine.newBuilder()
                .refreshAfterWrite(refreshInterval)
                .expireAfterAccess(idleEviction)
                .maximumSize(100_000)
                .build(workspace -> source.find(workspace).map(this::compiled).orElse(defaults));
    }

    @Override
    public Priced price(String workspaceId, String model, long promptTokens, long completionTokens) {
        return current(workspaceId).price(model, promptTokens, completionTokens);
    }

    @Override
    public PriceList current(String workspaceId) {
        return tables.get(workspaceId);
    }

    @Override
    public Optional<PriceList> ifLoaded(String workspaceId) {
        PriceList table = tables.getIfPresent(workspaceId);
        if (table == null) {
            CompletableFuture.runAsync(() -> {
                try {
                    tables.get(workspaceId);
                } catch (RuntimeException e) {
                    log.warn("could not load the model prices of workspace {}", workspaceId, e);
                }
            });
        }
        return Optional.ofNullable(table);
    }

    /** The platform's default table. */
    public PriceList defaults() {
        return defaults;
    }

    /** The table a workspace's read model describes. */
    public PriceList compiled(WorkspaceModelPrices prices) {
        return prices.overridden() ? PriceList.workspace(prices.version(), prices.entries()) : defaults;
    }

    @EventHandler
    void on(ModelPricesChangedEvent event) {
        afterCommit(event.workspaceId(), PriceList.workspace(event.version(), event.entries()));
    }

    @EventHandler
    void on(ModelPricesResetEvent event) {
        afterCommit(event.workspaceId(), defaults);
    }

    private void afterCommit(String workspaceId, PriceList table) {
        if (CurrentUnitOfWork.isStarted()) {
            CurrentUnitOfWork.get().root().afterCommit(unitOfWork -> tables.put(workspaceId, table));
        } else {
            tables.put(workspaceId, table);
        }
    }

    private static Optional<WorkspaceModelPrices> load(QueryGateway queries, String workspaceId, Duration timeout) {
        try {
            return queries.query(new FindModelPricesQuery(workspaceId),
                    ResponseTypes.optionalInstanceOf(WorkspaceModelPrices.class))
                    .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading the model prices", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot read the model prices of workspace " + workspaceId, e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("reading the model prices of workspace " + workspaceId + " timed out", e);
        }
    }
}
