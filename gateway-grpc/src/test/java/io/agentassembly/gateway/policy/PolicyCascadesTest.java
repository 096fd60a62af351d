package io.agentassembly.gateway.policy;

import io.agentassembly.command.api.policy.PolicyEvents.PolicyActivatedEvent;
import io.agentassembly.command.api.policy.PolicyEvents.PolicyVersionCreatedEvent;
import io.agentassembly.policy.EnforcementMode;
import io.agentassembly.policy.ParsedPolicy;
import io.agentassembly.policy.PolicyDocument;
import io.agentassembly.policy.PolicyScope;
import io.agentassembly.policy.engine.PolicyCascade;
import io.agentassembly.query.api.GatewayQueries.ActivePolicyView;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PolicyCascadesTest {

    private static final String WS = "ws-0b0e5a4c-9d1e-4f2a-8b3c-1d2e3f4a5b6c";
    private static final String OTHER_WS = "ws-1c2d3e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f";

    /** The read model as the test sets it; "broken" sources fail to compile. */
    private final Map<String, List<ActivePolicyView>> readModel = new ConcurrentHashMap<>();
    private final AtomicInteger loads = new AtomicInteger();
    private final AtomicInteger compiles = new AtomicInteger();
    private volatile boolean readModelDown;
    private volatile boolean loadedInsideAUnitOfWork;

    private final PolicyCascades cascades = cascades(Duration.ofMillis(500), Duration.ofMinutes(10));

    private PolicyCascades cascades(Duration retryAfterFailure, Duration idleEviction) {
        return new PolicyCascades(this::load, this::compile, Duration.ofSeconds(5), retryAfterFailure, idleEviction,
                new SimpleMeterRegistry());
    }

    private List<ActivePolicyView> load(String workspaceId) {
        loads.incrementAndGet();
        loadedInsideAUnitOfWork |= CurrentUnitOfWork.isStarted();
        if (readModelDown) {
            throw new IllegalStateException("read model unavailable");
        }
        return readModel.getOrDefault(workspaceId, List.of());
    }

    private PolicyCascade compile(List<ActivePolicyView> views) {
        compiles.incrementAndGet();
        List<ParsedPolicy> documents = new ArrayList<>();
        for (ActivePolicyView view : views) {
            if (view.source().equals("broken")) {
                throw new IllegalArgumentException("document " + view.name() + " does not compile");
            }
            documents.add(new ParsedPolicy(new PolicyDocument(view.name(), null, null, PolicyScope.GLOBAL,
                    EnforcementMode.ENFORCE, null, null, null, null, Map.of()), view.source(), "{}", view.digest()));
        }
        return PolicyCascade.compile(documents);
    }

    private void apply(String workspaceId, ActivePolicyView... views) {
        readModel.put(workspaceId, List.of(views));
    }

    private static ActivePolicyView policy(String name, int version, String source) {
        return new ActivePolicyView("pol-" + name, name, version, "sha256:" + name + "-" + version, source);
    }

    @Test
    void loadsAWorkspaceOnceOnFirstUseAndServesItFromMemory() {
        apply(WS, policy("base", 1, "kind: Policy"));

        PolicyCascade first = cascades.current(WS);

        assertThat(cascades.current(WS)).isSameAs(first);
        assertThat(cascades.current(WS)).isSameAs(first);
        assertThat(loads).hasValue(1);
        assertThat(compiles).hasValue(1);
    }

    @Test
    void aPolicyEventSwapsTheCascadeAfterTheCommandCommitsNotBefore() {
        apply(WS, policy("base", 1, "v1"));
        PolicyCascade before = cascades.current(WS);
        apply(WS, policy("base", 2, "v2"));

        DefaultUnitOfWork<?> command = DefaultUnitOfWork.startAndGet(GenericEventMessage.asEventMessage("apply"));
        cascades.on(new PolicyVersionCreatedEvent(WS, null, "pol-base", "base", 2, "sha256:base-2", "global",
                "enforce", "v2", null));
        cascades.on(new PolicyActivatedEvent(WS, null, "pol-base", "base"));
        assertThat(cascades.current(WS)).as("not yet committed").isSameAs(before);
        command.commit();

        PolicyCascade after = cascades.current(WS);
        assertThat(after).isNotSameAs(before);
        assertThat(loads).as("one reload for both events of the command").hasValue(2);
        assertThat(compiles).hasValue(2);
        assertThat(loadedInsideAUnitOfWork).as("a query sent from the committed unit of work would nest in it")
                .isFalse();
    }

    @Test
    void aRolledBackCommandChangesNothing() {
        apply(WS, policy("base", 1, "v1"));
        PolicyCascade before = cascades.current(WS);

        DefaultUnitOfWork<?> command = DefaultUnitOfWork.startAndGet(GenericEventMessage.asEventMessage("apply"));
        cascades.on(new PolicyActivatedEvent(WS, null, "pol-x", "x"));
        command.rollback();

        assertThat(cascades.current(WS)).isSameAs(before);
        assertThat(loads).hasValue(1);
    }

    @Test
    void unchangedPoliciesAreNotRecompiledOnRefresh() {
        apply(WS, policy("base", 1, "v1"));
        PolicyCascade before = cascades.current(WS);

        cascades.refreshAll();
        cascades.refresh(WS);

        assertThat(cascades.current(WS)).isSameAs(before);
        assertThat(loads).hasValue(3);
        assertThat(compiles).hasValue(1);
    }

    @Test
    void theBackgroundRefreshPicksUpChangesMadeElsewhere() {
        apply(WS, policy("base", 1, "v1"));
        PolicyCascade before = cascades.current(WS);
        apply(WS, policy("base", 1, "v1"), policy("deny-shell", 1, "v1"));

        cascades.refreshAll();

        assertThat(cascades.current(WS)).isNotSameAs(before);
    }

    @Test
    void aCompileFailureKeepsTheCascadeInForceAndIsCounted() {
        apply(WS, policy("base", 1, "v1"));
        PolicyCascade good = cascades.current(WS);
        apply(WS, policy("base", 2, "broken"));

        cascades.refresh(WS);
        readModelDown = true;
        cascades.refreshAll();

        assertThat(cascades.current(WS)).isSameAs(good);
        assertThat(cascades.compileFailures()).isEqualTo(2.0);

        readModelDown = false;
        apply(WS, policy("base", 3, "v3"));
        cascades.refresh(WS);
        assertThat(cascades.current(WS)).isNotSameAs(good);
    }

    @Test
    void aWorkspaceWhosePoliciesNeverLoadedIsUnavailableAndRetriedAfterABackOff() throws InterruptedException {
        apply(WS, policy("base", 1, "broken"));

        assertThatThrownBy(() -> cascades.current(WS)).isInstanceOf(PolicyCascades.CascadeUnavailableException.class);
        assertThatThrownBy(() -> cascades.current(WS)).isInstanceOf(PolicyCascades.CascadeUnavailableException.class);
        assertThat(compiles).as("no retry within the back-off").hasValue(1);

        apply(WS, policy("base", 2, "v2"));
        Thread.sleep(600);
        assertThat(cascades.current(WS)).isNotNull();
        assertThat(cascades.compileFailures()).isEqualTo(1.0);
    }

    @Test
    void workspacesAreHeldApartAndAnEventForAnotherWorkspaceTouchesNothingHere() {
        apply(WS, policy("base", 1, "v1"));
        apply(OTHER_WS, policy("other", 1, "v1"));
        PolicyCascade mine = cascades.current(WS);
        PolicyCascade theirs = cascades.current(OTHER_WS);
        assertThat(mine).isNotSameAs(theirs);

        apply(OTHER_WS, policy("other", 2, "v2"));
        cascades.on(new PolicyActivatedEvent(OTHER_WS, null, "pol-other", "other"));

        assertThat(cascades.current(WS)).isSameAs(mine);
        assertThat(cascades.current(OTHER_WS)).isNotSameAs(theirs);
    }

    @Test
    void anEventForAWorkspaceNotHeldLoadsNothingUntilItIsUsed() {
        cascades.on(new PolicyActivatedEvent(WS, null, "pol-x", "x"));
        assertThat(loads).hasValue(0);
    }

    @Test
    void workspacesIdleLongerThanTheEvictionAreDroppedAndLoadedAgainOnUse() {
        PolicyCascades shortLived = cascades(Duration.ofMillis(500), Duration.ofSeconds(10));
        apply(WS, policy("base", 1, "v1"));
        PolicyCascade first = shortLived.current(WS);

        shortLived.refreshAll();
        shortLived.refreshAll();
        shortLived.refreshAll();
        assertThat(loads).as("used, then two idle rounds within the eviction time").hasValue(4);
        shortLived.refreshAll();
        assertThat(loads).as("dropped, not refreshed").hasValue(4);

        assertThat(shortLived.current(WS)).isNotSameAs(first);
        assertThat(loads).hasValue(5);
    }

    @Test
    void swapListenersHearEachChangeOfACascadeButNotItsFirstLoadNorAnUnchangedReload() {
        List<String> heard = new ArrayList<>();
        cascades.onSwap((workspaceId, before, after) -> heard.add(workspaceId + ": "
                + before.documents().size() + " -> " + after.documents().size()));
        apply(WS, policy("base", 1, "kind: Policy"));
        PolicyCascade first = cascades.current(WS);
        cascades.refresh(WS);
        assertThat(heard).isEmpty();

        apply(WS, policy("base", 1, "kind: Policy"), policy("extra", 1, "kind: Policy"));
        cascades.refresh(WS);
        assertThat(heard).containsExactly(WS + ": 1 -> 2");
        assertThat(cascades.current(WS)).isNotSameAs(first);

        apply(WS, policy("base", 2, "broken"));
        cascades.refresh(WS);
        assertThat(heard).as("a failed compile swaps nothing").hasSize(1);
    }
}
