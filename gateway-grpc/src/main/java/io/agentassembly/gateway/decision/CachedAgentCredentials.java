package io.agentassembly.gateway.decision;

import io.agentassembly.command.api.agent.AgentEvents.AgentCredentialRevokedEvent;
import io.agentassembly.command.api.agent.AgentEvents.AgentCredentialRotatedEvent;
import io.agentassembly.command.api.agent.AgentEvents.AgentDeregisteredEvent;
import io.agentassembly.command.api.agent.AgentEvents.AgentRegisteredEvent;
import io.agentassembly.command.api.agent.AgentEvents.AgentResumedEvent;
import io.agentassembly.command.api.agent.AgentEvents.AgentSuspendedEvent;
import io.agentassembly.command.api.agent.AgentKeys;
import io.agentassembly.identity.token.BearerSecret;
import io.agentassembly.identity.token.SecretTokens;
import io.agentassembly.query.api.GatewayQueries.AgentCredentialView;
import io.agentassembly.query.api.GatewayQueries.FindAgentCredentialQuery;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.queryhandling.QueryGateway;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;

/**
 * Agent credentials held in memory, loaded on first use and dropped when the agent's credential or status
 * changes, after that change commits (so a reload cannot bring the old state back). On the node that handled
 * the change this is immediate; other nodes drop entries after {@code ttl} at the latest.
 * <p>
 * Agent keys found unknown are remembered too (at most {@code maxUnknown}, each for {@code unknownTtl}), so a
 * caller repeating an unknown credential costs no database lookup. A registration forgets its agent key after it
 * commits; on other nodes a key could only be remembered if it had been presented before it was issued, and
 * is then forgotten after {@code unknownTtl} at the latest.
 */
@ProcessingGroup("gateway-credentials")
public class CachedAgentCredentials implements AgentCredentials {

    private record Entry(AgentCredentialView view, long loadedAtNanos) {
    }

    private final QueryGateway queries;
    private final long ttlNanos;
    private final ConcurrentHashMap<String, Entry> cache = new ConcurrentHashMap<>();
    private final Cache<String, Boolean> unknown;

    public CachedAgentCredentials(QueryGateway queries, Duration ttl, int maxUnknown, Duration unknownTtl) {
        this.queries = queries;
        this.ttlNanos = ttl.toNanos();
        this.unknown = Caffeine.newBuilder().maximumSize(maxUnknown).expireAfterWrite(unknownTtl).build();
    }

    @Override
    public Optional<AgentPrincipal> authenticate(String credentialToken) {
        Optional<BearerSecret> presented = BearerSecret.parse(BearerSecret.AGENT_CREDENTIAL, credentialToken);
        if (presented.isEmpty()) {
            return Optional.empty();
        }
        Optional<String> agentKey = AgentKeys.agentKeyOf(presented.get().credentialId());
        return agentKey.flatMap(this::view)
                .filter(v -> SecretTokens.constantTimeEquals(v.digest(), presented.get().digest()))
                .map(v -> new AgentPrincipal(v.workspaceId(), v.agentKey(), v.orgId(), v.teamId(), v.agentId(),
                        v.status(), v.assurance()));
    }

    private Optional<AgentCredentialView> view(String agentKey) {
        Entry entry = cache.get(agentKey);
        if (entry != null && System.nanoTime() - entry.loadedAtNanos() < ttlNanos) {
            return Optional.of(entry.view());
        }
        if (unknown.getIfPresent(agentKey) != null) {
            return Optional.empty();
        }
        Optional<AgentCredentialView> loaded = load(agentKey);
        loaded.ifPresentOrElse(v -> cache.put(agentKey, new Entry(v, System.nanoTime())), () -> {
            cache.remove(agentKey);
            unknown.put(agentKey, Boolean.TRUE);
        });
        return loaded;
    }

    /** Unknown agent keys held now. */
    long unknownHeld() {
        unknown.cleanUp();
        return unknown.estimatedSize();
    }

    private Optional<AgentCredentialView> load(String agentKey) {
        try {
            return queries.query(new FindAgentCredentialQuery(agentKey),
                    ResponseTypes.optionalInstanceOf(AgentCredentialView.class)).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot read agent credentials", e.getCause());
        }
    }

    @EventHandler
    void on(AgentRegisteredEvent event) {
        evictAfterCommit(event.agentKey());
    }

    @EventHandler
    void on(AgentCredentialRotatedEvent event) {
        evictAfterCommit(event.agentKey());
    }

    @EventHandler
    void on(AgentCredentialRevokedEvent event) {
        evictAfterCommit(event.agentKey());
    }

    @EventHandler
    void on(AgentSuspendedEvent event) {
        evictAfterCommit(event.agentKey());
    }

    @EventHandler
    void on(AgentResumedEvent event) {
        evictAfterCommit(event.agentKey());
    }

    @EventHandler
    void on(AgentDeregisteredEvent event) {
        evictAfterCommit(event.agentKey());
    }

    private void evictAfterCommit(String agentKey) {
        evict(agentKey);
        if (CurrentUnitOfWork.isStarted()) {
            CurrentUnitOfWork.get().afterCommit(unitOfWork -> evict(agentKey));
        }
    }

    private void evict(String agentKey) {
        cache.remove(agentKey);
        unknown.invalidate(agentKey);
    }
}
