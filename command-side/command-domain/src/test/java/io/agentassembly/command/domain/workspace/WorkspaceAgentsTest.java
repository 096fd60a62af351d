package io.agentassembly.command.domain.workspace;

import io.agentassembly.command.api.agent.AgentCommands.RegisterAgentCommand;
import io.agentassembly.command.api.agent.AgentCommands.ReleaseAgentSlotCommand;
import io.agentassembly.command.api.agent.AgentEvents.AgentAdmittedEvent;
import io.agentassembly.command.api.agent.AgentEvents.AgentRegisteredEvent;
import io.agentassembly.command.api.agent.AgentEvents.AgentReleasedEvent;
import io.agentassembly.command.api.agent.AgentDelegation;
import io.agentassembly.command.api.agent.AgentIdentity;
import io.agentassembly.command.api.agent.AgentKeys;
import io.agentassembly.command.api.agent.IdentityAssurance;
import io.agentassembly.command.api.common.DomainException;
import io.agentassembly.command.api.common.ErrorCode;
import io.agentassembly.command.api.common.SecretDigest;
import io.agentassembly.command.api.common.Tier;
import io.agentassembly.command.api.common.TierQuotas;
import io.agentassembly.command.api.workspace.WorkspaceCommands.ChangeTierCommand;
import io.agentassembly.command.api.workspace.WorkspaceEvents.WorkspaceQuotasOverriddenEvent;
import io.agentassembly.command.api.workspace.WorkspaceEvents.WorkspaceStatus;
import io.agentassembly.command.domain.fakes.InMemoryCredentialDigests.Stored;
import io.agentassembly.command.domain.fakes.NoSecrets;
import io.agentassembly.command.domain.store.CredentialDigests;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import static io.agentassembly.command.domain.fakes.DomainErrors.rejectedWith;
import static io.agentassembly.command.domain.workspace.WorkspaceFixtures.WS;
import static io.agentassembly.command.domain.workspace.WorkspaceFixtures.created;
import static org.assertj.core.api.Assertions.assertThat;

class WorkspaceAgentsTest {

    private static final String KEY = "agt-3f1c2b7a-8d9e-4f10-a1b2-c3d4e5f60718";
    private static final String ORG = "org-acme";
    private static final AgentIdentity IDENTITY = new AgentIdentity(ORG, "team-ml", "support-bot");
    private static final SecretDigest CREDENTIAL = new SecretDigest("c".repeat(64));

    private final WorkspaceFixtures f = new WorkspaceFixtures();

    private static RegisterAgentCommand register(String agentKey, AgentIdentity identity) {
        return new RegisterAgentCommand(WS, agentKey, identity, " Support bot ", "langchain", "1.2.0", "high",
                List.of("search", "email", "search"), Map.of("owner", "ml-team"), null, IdentityAssurance.ASSERTED,
                null, CREDENTIAL);
    }

    private static RegisterAgentCommand register() {
        return register(KEY, IDENTITY);
    }

    /** What {@link #register()} records: trimmed name, duplicate tool names dropped. */
    private static AgentRegisteredEvent registeredEvent() {
        return new AgentRegisteredEvent(WS, ORG, KEY, "team-ml", "support-bot", "Support bot", "langchain", "1.2.0",
                "high", List.of("search", "email"), Map.of("owner", "ml-team"), null, IdentityAssurance.ASSERTED, null,
                AgentDelegation.root(KEY));
    }

    private static Object[] activeWith(Tier tier, int agents) {
        List<Object> given = new ArrayList<>();
        given.add(created(tier, WorkspaceStatus.ACTIVE));
        IntStream.rangeClosed(1, agents).forEach(i -> given.add(admitted(AgentKeys.newKey(), i)));
        return given.toArray();
    }

    private static AgentAdmittedEvent admitted(String agentKey, int count) {
        return new AgentAdmittedEvent(WS, ORG, agentKey, count);
    }

    @Test
    void admitsAnAgentAndCreatesItWithItsCredentialKeptOutOfTheEvents() {
        f.fixture.given(created(Tier.FREE, WorkspaceStatus.ACTIVE))
                .when(register())
                .expectEvents(new AgentAdmittedEvent(WS, ORG, KEY, 1), registeredEvent())
                .expectEventsMatching(NoSecrets.inAnyEvent(CREDENTIAL.value()));

        assertThat(f.digests.of(KEY)).isEqualTo(new Stored(CredentialDigests.AGENT_CREDENTIAL, CREDENTIAL));
        assertThat(f.agents.ownerOf(WS, IDENTITY)).isEqualTo(KEY);
    }

    @Test
    void rejectsAgentRegistrationWhenTierQuotaIsReached() {
        f.fixture.given(activeWith(Tier.FREE, 3))
                .when(register())
                .expectException(DomainException.class)
                .expectExceptionMessage("the free tier allows 3 agents; deregister one or upgrade")
                .expectNoEvents();
        f.fixture.given(activeWith(Tier.FREE, 3))
                .when(register())
                .expectException(rejectedWith(ErrorCode.QUOTA_EXCEEDED));
        assertThat(f.digests.of(KEY)).isNull();
        assertThat(f.agents.ownerOf(WS, IDENTITY)).isNull();
    }

    @Test
    void admitsUpToTheProQuota() {
        f.fixture.given(activeWith(Tier.PRO, 9))
                .when(register())
                .expectSuccessfulHandlerExecution();
        f.fixture.given(activeWith(Tier.PRO, 10))
                .when(register())
                .expectException(rejectedWith(ErrorCode.QUOTA_EXCEEDED));
    }

    @Test
    void enterpriseAdmitsWithoutLimit() {
        f.fixture.given(activeWith(Tier.ENTERPRISE, 120))
                .when(register())
                .expectEvents(new AgentAdmittedEvent(WS, ORG, KEY, 121), registeredEvent());
    }

    @Test
    void honoursAnOperatorQuotaOverride() {
        List<Object> given = new ArrayList<>(Arrays.asList(activeWith(Tier.PRO, 1)));
        given.add(new WorkspaceQuotasOverriddenEvent(WS, new TierQuotas(1, 20, 30), "pilot"));
        f.fixture.given(given)
                .when(register())
                .expectException(rejectedWith(ErrorCode.QUOTA_EXCEEDED));
    }

    @Test
    void aReleasedSlotCanBeTakenAgain() {
        List<Object> given = new ArrayList<>(List.of(created(Tier.FREE, WorkspaceStatus.ACTIVE),
                admitted("agt-00000000-0000-4000-8000-000000000001", 1),
                admitted("agt-00000000-0000-4000-8000-000000000002", 2),
                admitted("agt-00000000-0000-4000-8000-000000000003", 3)));
        given.add(new AgentReleasedEvent(WS, ORG, "agt-00000000-0000-4000-8000-000000000002", 2));
        f.fixture.given(given)
                .when(register())
                .expectSuccessfulHandlerExecution()
                .expectEvents(new AgentAdmittedEvent(WS, ORG, KEY, 3), registeredEvent());
    }

    @Test
    void releasesTheSlotOfADeregisteredAgentOnce() {
        f.fixture.given(created(Tier.FREE, WorkspaceStatus.ACTIVE), admitted(KEY, 1))
                .when(new ReleaseAgentSlotCommand(WS, KEY))
                .expectEvents(new AgentReleasedEvent(WS, ORG, KEY, 0));
        f.fixture.given(created(Tier.FREE, WorkspaceStatus.ACTIVE), admitted(KEY, 1),
                        new AgentReleasedEvent(WS, ORG, KEY, 0))
                .when(new ReleaseAgentSlotCommand(WS, KEY))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void rejectsATripleThatIsAlreadyRegisteredInTheWorkspace() {
        f.agents.claim(WS, IDENTITY, "agt-00000000-0000-4000-8000-000000000009");

        f.fixture.given(created(Tier.PRO, WorkspaceStatus.ACTIVE), admitted("agt-00000000-0000-4000-8000-000000000009", 1))
                .when(register())
                .expectException(rejectedWith(ErrorCode.AGENT_ALREADY_REGISTERED, "agentId"))
                .expectNoEvents();
        assertThat(f.digests.of(KEY)).isNull();
    }

    @Test
    void theSameAgentIdInAnotherTeamIsADifferentAgent() {
        f.agents.claim(WS, new AgentIdentity(ORG, "team-other", "support-bot"), "agt-00000000-0000-4000-8000-000000000009");

        f.fixture.given(activeWith(Tier.PRO, 1))
                .when(register())
                .expectSuccessfulHandlerExecution();
    }

    @Test
    void rejectsRegistrationBeforeTheWorkspaceIsVerified() {
        f.fixture.given(created(Tier.PRO, WorkspaceStatus.PENDING_VERIFICATION))
                .when(register())
                .expectException(rejectedWith(ErrorCode.WORKSPACE_NOT_ACTIVE))
                .expectNoEvents();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "has space", "slash/ed", "ünïcode", "tab\t"})
    void rejectsMalformedTripleParts(String agentId) {
        f.fixture.given(created(Tier.PRO, WorkspaceStatus.ACTIVE))
                .when(register(KEY, new AgentIdentity(ORG, "team-ml", agentId)))
                .expectException(rejectedWith(ErrorCode.VALIDATION_FAILED, "agentId"));
    }

    @Test
    void rejectsATriplePartLongerThan128Characters() {
        f.fixture.given(created(Tier.PRO, WorkspaceStatus.ACTIVE))
                .when(register(KEY, new AgentIdentity("o".repeat(129), "team-ml", "a")))
                .expectException(rejectedWith(ErrorCode.VALIDATION_FAILED, "orgId"));
    }

    @Test
    void acceptsDecentralisedIdentifiersAsTripleParts() {
        AgentIdentity did = new AgentIdentity("did:web:acme.example", "team_1.eu",
                "did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK");
        f.fixture.given(created(Tier.PRO, WorkspaceStatus.ACTIVE))
                .when(register(KEY, did))
                .expectSuccessfulHandlerExecution();
        assertThat(f.agents.ownerOf(WS, did)).isEqualTo(KEY);
    }

    @Test
    void rejectsAMalformedAgentKey() {
        f.fixture.given(created(Tier.PRO, WorkspaceStatus.ACTIVE))
                .when(register("agent-1", IDENTITY))
                .expectException(rejectedWith(ErrorCode.VALIDATION_FAILED, "agentKey"));
    }

    @Test
    void rejectsAParentThatIsNotAnAgentOfTheWorkspace() {
        RegisterAgentCommand child = new RegisterAgentCommand(WS, KEY, IDENTITY, "child", null, null, null, null, null,
                "agt-00000000-0000-4000-8000-000000000404", IdentityAssurance.ASSERTED, null, CREDENTIAL);
        f.fixture.given(activeWith(Tier.PRO, 1))
                .when(child)
                .expectException(rejectedWith(ErrorCode.VALIDATION_FAILED, "parentAgentKey"));
    }

    @Test
    void recordsTheParentOfADelegatedAgent() {
        String parent = "agt-00000000-0000-4000-8000-000000000001";
        RegisterAgentCommand child = new RegisterAgentCommand(WS, KEY, IDENTITY, "child", null, null, null, null, null,
                parent, IdentityAssurance.ASSERTED, null, CREDENTIAL);
        f.fixture.given(created(Tier.PRO, WorkspaceStatus.ACTIVE), admitted(parent, 1))
                .when(child)
                .expectEvents(new AgentAdmittedEvent(WS, ORG, KEY, 2),
                        new AgentRegisteredEvent(WS, ORG, KEY, "team-ml", "support-bot", "child", null, null, null,
                                List.of(), Map.of(), parent, IdentityAssurance.ASSERTED, null));
    }

    @Test
    void recordsTheDelegationDetails() {
        String parent = "agt-00000000-0000-4000-8000-000000000001";
        AgentDelegation delegation = new AgentDelegation(parent, 1, "split the work", "spawn_worker", 2, "OBSERVE");
        RegisterAgentCommand child = new RegisterAgentCommand(WS, KEY, IDENTITY, "child", null, null, null, null, null,
                parent, IdentityAssurance.ASSERTED, null, CREDENTIAL, delegation);
        f.fixture.given(created(Tier.PRO, WorkspaceStatus.ACTIVE), admitted(parent, 1))
                .when(child)
                .expectEvents(new AgentAdmittedEvent(WS, ORG, KEY, 2),
                        new AgentRegisteredEvent(WS, ORG, KEY, "team-ml", "support-bot", "child", null, null, null,
                                List.of(), Map.of(), parent, IdentityAssurance.ASSERTED, null, delegation));
    }

    @Test
    void refusesARootBelowAnotherAgent() {
        String parent = "agt-00000000-0000-4000-8000-000000000001";
        RegisterAgentCommand rootAtDepth = new RegisterAgentCommand(WS, KEY, IDENTITY, "child", null, null, null, null,
                null, null, IdentityAssurance.ASSERTED, null, CREDENTIAL,
                new AgentDelegation(parent, 1, null, null, null, null));
        f.fixture.given(created(Tier.PRO, WorkspaceStatus.ACTIVE))
                .when(rootAtDepth)
                .expectException(rejectedWith(ErrorCode.VALIDATION_FAILED, "parentAgentKey"));
    }

    @Test
    void refusesAChildDepthLimitOver64() {
        RegisterAgentCommand badMode = new RegisterAgentCommand(WS, KEY, IDENTITY, "child", null, null, null, null,
                null, null, IdentityAssurance.ASSERTED, null, CREDENTIAL,
                new AgentDelegation(KEY, 0, null, null, 65, null));
        f.fixture.given(created(Tier.PRO, WorkspaceStatus.ACTIVE))
                .when(badMode)
                .expectException(rejectedWith(ErrorCode.VALIDATION_FAILED, "maxChildDepth"));
    }

    @Test
    void aBoundIdentityNeedsAPublicKey() {
        RegisterAgentCommand bound = new RegisterAgentCommand(WS, KEY, IDENTITY, "bot", null, null, null, null, null,
                null, IdentityAssurance.BOUND, null, CREDENTIAL);
        f.fixture.given(created(Tier.PRO, WorkspaceStatus.ACTIVE))
                .when(bound)
                .expectException(rejectedWith(ErrorCode.VALIDATION_FAILED, "publicKeyHex"));
    }

    @Test
    void rejectsARegistrationWithoutACredentialDigest() {
        RegisterAgentCommand bare = new RegisterAgentCommand(WS, KEY, IDENTITY, "bot", null, null, null, null, null,
                null, IdentityAssurance.ASSERTED, null, null);
        f.fixture.given(created(Tier.PRO, WorkspaceStatus.ACTIVE))
                .when(bare)
                .expectException(rejectedWith(ErrorCode.VALIDATION_FAILED, "credential"));
    }

    @Test
    void refusesADowngradeBelowTheNumberOfAgents() {
        f.fixture.given(activeWith(Tier.BUSINESS, 4))
                .when(new ChangeTierCommand(WS, Tier.FREE, false))
                .expectException(rejectedWith(ErrorCode.TIER_DOWNGRADE_BELOW_USAGE, "tier"));
        f.fixture.given(activeWith(Tier.BUSINESS, 3))
                .when(new ChangeTierCommand(WS, Tier.FREE, false))
                .expectSuccessfulHandlerExecution();
    }
}
