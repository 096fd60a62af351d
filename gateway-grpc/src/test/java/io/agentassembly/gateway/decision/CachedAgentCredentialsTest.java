package io.agentassembly.gateway.decision;

import io.agentassembly.command.api.agent.AgentEvents.AgentRegisteredEvent;
import io.agentassembly.command.api.agent.AgentKeys;
import io.agentassembly.identity.token.BearerSecret;
import io.agentassembly.query.api.GatewayQueries.AgentCredentialView;
import io.agentassembly.query.api.GatewayQueries.FindAgentCredentialQuery;
import org.axonframework.queryhandling.DefaultQueryGateway;
import org.axonframework.queryhandling.QueryHandler;
import org.axonframework.queryhandling.SimpleQueryBus;
import org.axonframework.queryhandling.annotation.AnnotationQueryHandlerAdapter;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** The credential cache over a real Axon query bus whose handler counts the lookups it answers. */
class CachedAgentCredentialsTest {

    private static final String WS = "ws-0b0e5a4c-9d1e-4f2a-8b3c-1d2e3f4a5b6c";

    private final Map<String, AgentCredentialView> registered = new ConcurrentHashMap<>();
    private final AtomicInteger lookups = new AtomicInteger();
    private final CachedAgentCredentials credentials = credentials(1_000);

    /** The read model's answer to FindAgentCredentialQuery, counting every lookup. */
    public class ReadModel {
        @QueryHandler
        public Optional<AgentCredentialView> handle(FindAgentCredentialQuery query) {
            lookups.incrementAndGet();
            return Optional.ofNullable(registered.get(query.agentKey()));
        }
    }

    private CachedAgentCredentials credentials(int maxUnknown) {
        SimpleQueryBus bus = SimpleQueryBus.builder().build();
        new AnnotationQueryHandlerAdapter<>(new ReadModel()).subscribe(bus);
        return new CachedAgentCredentials(DefaultQueryGateway.builder().queryBus(bus).build(), Duration.ofSeconds(5),
                maxUnknown, Duration.ofMinutes(1));
    }

    private BearerSecret register(String agentKey) {
        BearerSecret secret = BearerSecret.issue(BearerSecret.AGENT_CREDENTIAL, AgentKeys.credentialIdOf(agentKey));
        registered.put(agentKey, new AgentCredentialView(WS, agentKey, "org", "team", "agent", "ACTIVE", "ASSERTED",
                secret.digest()));
        return secret;
    }

    private static String unknownToken(String agentKey) {
        return BearerSecret.issue(BearerSecret.AGENT_CREDENTIAL, AgentKeys.credentialIdOf(agentKey)).token();
    }

    @Test
    void anUnknownCredentialIsLookedUpOnceNotOnEveryCall() {
        String token = unknownToken(AgentKeys.newKey());
        for (int i = 0; i < 100; i++) {
            assertThat(credentials.authenticate(token)).isEmpty();
        }
        assertThat(lookups).hasValue(1);
    }

    @Test
    void aFreshlyRegisteredAgentIsNotStuckAsUnknown() {
        String agentKey = AgentKeys.newKey();
        assertThat(credentials.authenticate(unknownToken(agentKey))).isEmpty();

        BearerSecret secret = register(agentKey);
        credentials.on(new AgentRegisteredEvent(WS, "org", agentKey, "team", "agent", "agent", null, null, null,
                List.of(), Map.of(), null, null, null));

        assertThat(credentials.authenticate(secret.token())).map(AgentPrincipal::agentKey).contains(agentKey);
    }

    @Test
    void unknownCredentialsHeldAreBounded() {
        CachedAgentCredentials small = credentials(10);
        for (int i = 0; i < 1_000; i++) {
            small.authenticate(unknownToken(AgentKeys.newKey()));
        }
        assertThat(lookups).hasValue(1_000);
        assertThat(small.unknownHeld()).isLessThanOrEqualTo(10);
    }
}
