package io.agentassembly.command.domain.agent;

import io.agentassembly.command.api.agent.AgentCommands.DeregisterAgentCommand;
import io.agentassembly.command.api.agent.AgentCommands.ResumeAgentCommand;
import io.agentassembly.command.api.agent.AgentCommands.RevokeAgentCredentialCommand;
import io.agentassembly.command.api.agent.AgentCommands.RotateAgentCredentialCommand;
import io.agentassembly.command.api.agent.AgentCommands.SuspendAgentCommand;
import io.agentassembly.command.api.agent.AgentEvents.AgentCredentialRevokedEvent;
import io.agentassembly.command.api.agent.AgentEvents.AgentCredentialRotatedEvent;
import io.agentassembly.command.api.agent.AgentEvents.AgentDeregisteredEvent;
import io.agentassembly.command.api.agent.AgentEvents.AgentRegisteredEvent;
import io.agentassembly.command.api.agent.AgentEvents.AgentResumedEvent;
import io.agentassembly.command.api.agent.AgentEvents.AgentSuspendedEvent;
import io.agentassembly.command.api.agent.AgentIdentity;
import io.agentassembly.command.api.agent.IdentityAssurance;
import io.agentassembly.command.api.common.ErrorCode;
import io.agentassembly.command.api.common.SecretDigest;
import io.agentassembly.command.domain.fakes.InMemoryAgentClaims;
import io.agentassembly.command.domain.fakes.InMemoryCredentialDigests;
import io.agentassembly.command.domain.fakes.InMemoryCredentialDigests.Stored;
import io.agentassembly.command.domain.fakes.NoSecrets;
import io.agentassembly.command.domain.store.CredentialDigests;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import io.agentassembly.command.api.agent.AgentCommands.OperationSignal;
import io.agentassembly.command.api.agent.AgentCommands.SignalAgentOperationCommand;
import io.agentassembly.command.api.agent.AgentEvents.AgentOperationSignalledEvent;

import static io.agentassembly.command.domain.fakes.DomainErrors.rejectedWith;
import static org.assertj.core.api.Assertions.assertThat;

class AgentTest {

    static final String WS = "ws-0b0e5a4c-9d1e-4f2a-8b3c-1d2e3f4a5b6c";
    static final String KEY = "agt-3f1c2b7a-8d9e-4f10-a1b2-c3d4e5f60718";
    static final String ORG = "org-acme";
    static final AgentIdentity IDENTITY = new AgentIdentity(ORG, "team-ml", "did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK");
    static final SecretDigest FIRST = new SecretDigest("a".repeat(64));
    static final SecretDigest NEXT = new SecretDigest("b".repeat(64));

    private final InMemoryCredentialDigests digests = new InMemoryCredentialDigests();
    private final InMemoryAgentClaims claims = new InMemoryAgentClaims();
    private final FixtureConfiguration<Agent> fixture = new AggregateTestFixture<>(Agent.class);

    AgentTest() {
        fixture.registerInjectableResource(digests);
        fixture.registerInjectableResource(claims);
        digests.save(KEY, CredentialDigests.AGENT_CREDENTIAL, FIRST);
        claims.claim(WS, IDENTITY, KEY);
    }

    static AgentRegisteredEvent registered() {
        return new AgentRegisteredEvent(WS, ORG, KEY, IDENTITY.teamId(), IDENTITY.agentId(), "Support bot",
                "langchain", "1.2.0", "high", List.of("search", "email"), Map.of("owner", "ml-team"), null,
                IdentityAssurance.ASSERTED, null);
    }

    static final String TARGET = "agt-00000000-0000-4000-8000-000000000002";

    @Test
    void anActiveAgentReportsAnEdgeOfAValidType() {
        fixture.given(registered())
                .when(new io.agentassembly.command.api.agent.AgentCommands.ReportAgentEdgeCommand(KEY, WS, TARGET,
                        "delegates", "{\"task\":1}"))
                .expectEvents(new io.agentassembly.command.api.agent.AgentEvents.AgentEdgeReportedEvent(WS, ORG, KEY,
                        TARGET, "delegates", "{\"task\":1}"));
    }

    @Test
    void aSuspendedOrForeignAgentReportsNoEdge() {
        fixture.given(registered(), new AgentSuspendedEvent(WS, ORG, KEY, "check"))
                .when(new io.agentassembly.command.api.agent.AgentCommands.ReportAgentEdgeCommand(KEY, WS, TARGET,
                        "delegates", null))
                .expectException(rejectedWith(ErrorCode.AGENT_NOT_ACTIVE, "agentKey"));
    }

    @Test
    void anEdgeTypeMustBeAWord() {
        fixture.given(registered())
                .when(new io.agentassembly.command.api.agent.AgentCommands.ReportAgentEdgeCommand(KEY, WS, TARGET,
                        "two words", null))
                .expectException(rejectedWith(ErrorCode.VALIDATION_FAILED, "edgeType"));
    }

    @Test
    void rotatingReplacesTheStoredDigestAndRecordsNoSecret() {
        fixture.given(registered())
                .when(new RotateAgentCredentialCommand(KEY, WS, NEXT))
                .expectEvents(new AgentCredentialRotatedEvent(WS, ORG, KEY))
                .expectEventsMatching(NoSecrets.inAnyEvent(NEXT.value()));

        assertThat(digests.of(KEY)).isEqualTo(new Stored(CredentialDigests.AGENT_CREDENTIAL, NEXT));
    }

    @Test
    void rejectsARotationWithoutAProperDigest() {
        fixture.given(registered())
                .when(new RotateAgentCredentialCommand(KEY, WS, new SecretDigest("not-a-digest")))
                .expectException(rejectedWith(ErrorCode.VALIDATION_FAILED, "next"))
                .expectNoEvents();
        assertThat(digests.of(KEY).digest()).isEqualTo(FIRST);
    }

    @Test
    void answersNotFoundToAnotherWorkspaceAndChangesNothing() {
        fixture.given(registered())
                .when(new RotateAgentCredentialCommand(KEY, "ws-other", NEXT))
                .expectException(rejectedWith(ErrorCode.AGENT_NOT_FOUND, "agentKey"))
                .expectNoEvents();
        fixture.given(registered())
                .when(new DeregisterAgentCommand(KEY, "ws-other", null))
                .expectException(rejectedWith(ErrorCode.AGENT_NOT_FOUND, "agentKey"))
                .expectNoEvents();
        assertThat(digests.of(KEY).digest()).isEqualTo(FIRST);
        assertThat(claims.ownerOf(WS, IDENTITY)).isEqualTo(KEY);
    }

    @Test
    void suspendsWithAReasonAndResumes() {
        fixture.given(registered())
                .when(new SuspendAgentCommand(KEY, WS, "  unusual tool use  "))
                .expectEvents(new AgentSuspendedEvent(WS, ORG, KEY, "unusual tool use"));
        fixture.given(registered(), new AgentSuspendedEvent(WS, ORG, KEY, null))
                .when(new ResumeAgentCommand(KEY, WS))
                .expectEvents(new AgentResumedEvent(WS, ORG, KEY));
    }

    @Test
    void ignoresSuspendingASuspendedAgentAndResumingAnActiveOne() {
        fixture.given(registered(), new AgentSuspendedEvent(WS, ORG, KEY, null))
                .when(new SuspendAgentCommand(KEY, WS, "again"))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
        fixture.given(registered())
                .when(new ResumeAgentCommand(KEY, WS))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void rotatesTheCredentialOfASuspendedAgent() {
        fixture.given(registered(), new AgentSuspendedEvent(WS, ORG, KEY, null))
                .when(new RotateAgentCredentialCommand(KEY, WS, NEXT))
                .expectEvents(new AgentCredentialRotatedEvent(WS, ORG, KEY));
    }

    @Test
    void revokingDeletesTheDigestForGood() {
        fixture.given(registered())
                .when(new RevokeAgentCredentialCommand(KEY, WS))
                .expectEvents(new AgentCredentialRevokedEvent(WS, ORG, KEY));
        assertThat(digests.of(KEY)).isNull();

        fixture.given(registered(), new AgentCredentialRevokedEvent(WS, ORG, KEY))
                .when(new RevokeAgentCredentialCommand(KEY, WS))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void refusesToRotateResumeOrSuspendARevokedAgent() {
        fixture.given(registered(), new AgentCredentialRevokedEvent(WS, ORG, KEY))
                .when(new RotateAgentCredentialCommand(KEY, WS, NEXT))
                .expectException(rejectedWith(ErrorCode.AGENT_NOT_ACTIVE, "agentKey"));
        fixture.given(registered(), new AgentCredentialRevokedEvent(WS, ORG, KEY))
                .when(new ResumeAgentCommand(KEY, WS))
                .expectException(rejectedWith(ErrorCode.AGENT_NOT_ACTIVE, "agentKey"));
        fixture.given(registered(), new AgentCredentialRevokedEvent(WS, ORG, KEY))
                .when(new SuspendAgentCommand(KEY, WS, null))
                .expectException(rejectedWith(ErrorCode.AGENT_NOT_ACTIVE, "agentKey"));
    }

    @Test
    void deregisteringDeletesTheCredentialAndFreesTheTriple() {
        fixture.given(registered())
                .when(new DeregisterAgentCommand(KEY, WS, "replaced by v2"))
                .expectEvents(new AgentDeregisteredEvent(WS, ORG, KEY, "replaced by v2"));
        assertThat(digests.of(KEY)).isNull();
        assertThat(claims.ownerOf(WS, IDENTITY)).isNull();
    }

    @Test
    void deregistersARevokedAgentAndIgnoresASecondDeregistration() {
        fixture.given(registered(), new AgentCredentialRevokedEvent(WS, ORG, KEY))
                .when(new DeregisterAgentCommand(KEY, WS, null))
                .expectEvents(new AgentDeregisteredEvent(WS, ORG, KEY, null));
        fixture.given(registered(), new AgentDeregisteredEvent(WS, ORG, KEY, null))
                .when(new DeregisterAgentCommand(KEY, WS, null))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void refusesLifecycleChangesOfADeregisteredAgent() {
        fixture.given(registered(), new AgentDeregisteredEvent(WS, ORG, KEY, null))
                .when(new RotateAgentCredentialCommand(KEY, WS, NEXT))
                .expectException(rejectedWith(ErrorCode.AGENT_NOT_ACTIVE, "agentKey"));
        fixture.given(registered(), new AgentDeregisteredEvent(WS, ORG, KEY, null))
                .when(new SuspendAgentCommand(KEY, WS, null))
                .expectException(rejectedWith(ErrorCode.AGENT_NOT_ACTIVE, "agentKey"));
    }

    @Test
    void rejectsAnOverlongReason() {
        fixture.given(registered())
                .when(new SuspendAgentCommand(KEY, WS, "r".repeat(501)))
                .expectException(rejectedWith(ErrorCode.VALIDATION_FAILED, "reason"));
    }

    @Test
    void numbersOperationSignalsInOrder() {
        fixture.given(registered(), new AgentOperationSignalledEvent(WS, ORG, KEY, "t1:s1", OperationSignal.PAUSE, 1))
                .when(new SignalAgentOperationCommand(KEY, WS, "t1:s1", OperationSignal.RESUME))
                .expectEvents(new AgentOperationSignalledEvent(WS, ORG, KEY, "t1:s1", OperationSignal.RESUME, 2));
    }

    @Test
    void refusesOperationSignalsWithABadOpIdOrForAnotherWorkspaceOrADeregisteredAgent() {
        fixture.given(registered())
                .when(new SignalAgentOperationCommand(KEY, WS, "no-span", OperationSignal.PAUSE))
                .expectException(rejectedWith(ErrorCode.VALIDATION_FAILED, "op_id"))
                .expectNoEvents();
        fixture.given(registered())
                .when(new SignalAgentOperationCommand(KEY, "ws-other", "t:s", OperationSignal.PAUSE))
                .expectException(rejectedWith(ErrorCode.AGENT_NOT_FOUND, "agentKey"))
                .expectNoEvents();
        fixture.given(registered(), new AgentDeregisteredEvent(WS, ORG, KEY, null))
                .when(new SignalAgentOperationCommand(KEY, WS, "t:s", OperationSignal.TERMINATE))
                .expectException(rejectedWith(ErrorCode.AGENT_NOT_ACTIVE, "agentKey"))
                .expectNoEvents();
    }
}
