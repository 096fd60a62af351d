package io.agentassembly.command.domain.policy;

import io.agentassembly.command.api.common.ErrorCode;
import io.agentassembly.command.api.policy.PolicyCommands.ActivatePolicyCommand;
import io.agentassembly.command.api.policy.PolicyCommands.ApplyPolicyVersionCommand;
import io.agentassembly.command.api.policy.PolicyCommands.ChangeStatus;
import io.agentassembly.command.api.policy.PolicyCommands.DeactivatePolicyCommand;
import io.agentassembly.command.api.policy.PolicyCommands.DeletePolicyCommand;
import io.agentassembly.command.api.policy.PolicyCommands.PolicyChange;
import io.agentassembly.command.api.policy.PolicyCommands.RollbackPolicyCommand;
import io.agentassembly.command.api.policy.PolicyEvents.PolicyActivatedEvent;
import io.agentassembly.command.api.policy.PolicyEvents.PolicyDeactivatedEvent;
import io.agentassembly.command.api.policy.PolicyEvents.PolicyDeletedEvent;
import io.agentassembly.command.api.policy.PolicyEvents.PolicyVersionCreatedEvent;
import io.agentassembly.command.api.policy.PolicyIds;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.junit.jupiter.api.Test;

import static io.agentassembly.command.domain.fakes.DomainErrors.rejectedWith;

class PolicyTest {

    static final String WS = "ws-0b0e5a4c-9d1e-4f2a-8b3c-1d2e3f4a5b6c";
    static final String NAME = "prod-guard";
    static final String ID = PolicyIds.of(WS, NAME);
    static final String ORG = "org-acme";
    static final String SCOPE = "org:" + ORG;
    static final String D1 = "sha256:" + "1".repeat(64);
    static final String D2 = "sha256:" + "2".repeat(64);
    static final String D3 = "sha256:" + "3".repeat(64);
    static final String S1 = "apiVersion: agent-assembly/v1\nkind: Policy\nmetadata: {name: prod-guard}\nspec: {scope: 'org:org-acme'}\n";
    static final String S2 = S1 + "# v2\n";
    static final String S3 = S1 + "# v3\n";

    private final FixtureConfiguration<Policy> fixture = new AggregateTestFixture<>(Policy.class);

    static ApplyPolicyVersionCommand apply(String digest, String source) {
        return new ApplyPolicyVersionCommand(ID, WS, NAME, SCOPE, ORG, "enforce", digest, source);
    }

    static PolicyVersionCreatedEvent version(int version, String digest, String source, Integer rolledBackFrom) {
        return new PolicyVersionCreatedEvent(WS, ORG, ID, NAME, version, digest, SCOPE, "enforce", source,
                rolledBackFrom);
    }

    static PolicyActivatedEvent activated() {
        return new PolicyActivatedEvent(WS, ORG, ID, NAME);
    }

    @Test
    void aNewDocumentBecomesVersionOneAndIsActivated() {
        fixture.givenNoPriorActivity()
                .when(apply(D1, S1))
                .expectEvents(version(1, D1, S1, null), activated())
                .expectResultMessagePayload(new PolicyChange(ID, NAME, 1, D1, ChangeStatus.CREATED, true));
    }

    @Test
    void theSameDigestAgainChangesNothing() {
        fixture.given(version(1, D1, S1, null), activated())
                .when(apply(D1, S1 + "# only a comment differs, the digest is the same\n"))
                .expectNoEvents()
                .expectResultMessagePayload(new PolicyChange(ID, NAME, 1, D1, ChangeStatus.UNCHANGED, true));
    }

    @Test
    void anotherDigestIsTheNextVersionAndKeepsTheActivationState() {
        fixture.given(version(1, D1, S1, null), activated())
                .when(apply(D2, S2))
                .expectEvents(version(2, D2, S2, null))
                .expectResultMessagePayload(new PolicyChange(ID, NAME, 2, D2, ChangeStatus.UPDATED, true));
        fixture.given(version(1, D1, S1, null), activated(), new PolicyDeactivatedEvent(WS, ORG, ID, NAME))
                .when(apply(D2, S2))
                .expectEvents(version(2, D2, S2, null))
                .expectResultMessagePayload(new PolicyChange(ID, NAME, 2, D2, ChangeStatus.UPDATED, false));
    }

    @Test
    void applyingADeletedPolicyRevivesItAsANewActiveVersion() {
        fixture.given(version(1, D1, S1, null), activated(), new PolicyDeletedEvent(WS, ORG, ID, NAME))
                .when(apply(D1, S1))
                .expectEvents(version(2, D1, S1, null), activated())
                .expectResultMessagePayload(new PolicyChange(ID, NAME, 2, D1, ChangeStatus.CREATED, true));
    }

    @Test
    void rollingBackRestoresAnEarlierVersionsContentAsANewVersion() {
        fixture.given(version(1, D1, S1, null), activated(), version(2, D2, S2, null), version(3, D3, S3, null))
                .when(new RollbackPolicyCommand(ID, WS, 1))
                .expectEvents(version(4, D1, S1, 1))
                .expectResultMessagePayload(new PolicyChange(ID, NAME, 4, D1, ChangeStatus.UPDATED, true));
    }

    @Test
    void rollingBackToContentThatIsAlreadyCurrentChangesNothing() {
        fixture.given(version(1, D1, S1, null), activated(), version(2, D2, S2, null), version(3, D1, S1, 1))
                .when(new RollbackPolicyCommand(ID, WS, 1))
                .expectNoEvents()
                .expectResultMessagePayload(new PolicyChange(ID, NAME, 3, D1, ChangeStatus.UNCHANGED, true));
    }

    @Test
    void rollingBackToAnUnknownVersionIsNotFound() {
        fixture.given(version(1, D1, S1, null), activated())
                .when(new RollbackPolicyCommand(ID, WS, 2))
                .expectException(rejectedWith(ErrorCode.POLICY_VERSION_NOT_FOUND, "version"))
                .expectNoEvents();
        fixture.given(version(1, D1, S1, null), activated())
                .when(new RollbackPolicyCommand(ID, WS, 0))
                .expectException(rejectedWith(ErrorCode.POLICY_VERSION_NOT_FOUND, "version"));
    }

    @Test
    void activationAndDeactivationAreIdempotent() {
        fixture.given(version(1, D1, S1, null), activated())
                .when(new DeactivatePolicyCommand(ID, WS))
                .expectEvents(new PolicyDeactivatedEvent(WS, ORG, ID, NAME));
        fixture.given(version(1, D1, S1, null), activated(), new PolicyDeactivatedEvent(WS, ORG, ID, NAME))
                .when(new DeactivatePolicyCommand(ID, WS))
                .expectNoEvents();
        fixture.given(version(1, D1, S1, null), activated(), new PolicyDeactivatedEvent(WS, ORG, ID, NAME))
                .when(new ActivatePolicyCommand(ID, WS))
                .expectEvents(activated());
        fixture.given(version(1, D1, S1, null), activated())
                .when(new ActivatePolicyCommand(ID, WS))
                .expectNoEvents();
    }

    @Test
    void deletionIsRecordedOnceAndCarriesTheOrg() {
        fixture.given(version(1, D1, S1, null), activated())
                .when(new DeletePolicyCommand(ID, WS))
                .expectEvents(new PolicyDeletedEvent(WS, ORG, ID, NAME));
        fixture.given(version(1, D1, S1, null), activated(), new PolicyDeletedEvent(WS, ORG, ID, NAME))
                .when(new DeletePolicyCommand(ID, WS))
                .expectNoEvents();
    }

    @Test
    void aDeletedPolicyCannotBeActivatedDeactivatedOrRolledBack() {
        Object[] deleted = {version(1, D1, S1, null), activated(), version(2, D2, S2, null),
                new PolicyDeletedEvent(WS, ORG, ID, NAME)};
        fixture.given(deleted).when(new ActivatePolicyCommand(ID, WS))
                .expectException(rejectedWith(ErrorCode.POLICY_NOT_FOUND, "name")).expectNoEvents();
        fixture.given(deleted).when(new DeactivatePolicyCommand(ID, WS))
                .expectException(rejectedWith(ErrorCode.POLICY_NOT_FOUND, "name")).expectNoEvents();
        fixture.given(deleted).when(new RollbackPolicyCommand(ID, WS, 1))
                .expectException(rejectedWith(ErrorCode.POLICY_NOT_FOUND, "name")).expectNoEvents();
    }

    @Test
    void anotherWorkspaceCannotTouchThePolicy() {
        String other = "ws-1c2d3e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f";
        Object[] live = {version(1, D1, S1, null), activated()};
        fixture.given(live).when(new DeactivatePolicyCommand(ID, other))
                .expectException(rejectedWith(ErrorCode.POLICY_NOT_FOUND, "name")).expectNoEvents();
        fixture.given(live).when(new DeletePolicyCommand(ID, other))
                .expectException(rejectedWith(ErrorCode.POLICY_NOT_FOUND, "name")).expectNoEvents();
        fixture.given(live).when(new RollbackPolicyCommand(ID, other, 1))
                .expectException(rejectedWith(ErrorCode.POLICY_NOT_FOUND, "name")).expectNoEvents();
        fixture.given(live).when(new ApplyPolicyVersionCommand(ID, other, NAME, SCOPE, ORG, "enforce", D2, S2))
                .expectException(rejectedWith(ErrorCode.VALIDATION_FAILED, "policyId")).expectNoEvents();
    }

    @Test
    void refusesAnIdThatIsNotDerivedFromWorkspaceAndName() {
        fixture.givenNoPriorActivity()
                .when(new ApplyPolicyVersionCommand(PolicyIds.of(WS, "other"), WS, NAME, SCOPE, ORG, "enforce", D1, S1))
                .expectException(rejectedWith(ErrorCode.VALIDATION_FAILED, "policyId")).expectNoEvents();
    }

    @Test
    void refusesContentItCannotStore() {
        fixture.givenNoPriorActivity()
                .when(new ApplyPolicyVersionCommand(ID, WS, NAME, SCOPE, ORG, "enforce", "md5:abc", S1))
                .expectException(rejectedWith(ErrorCode.VALIDATION_FAILED, "digest")).expectNoEvents();
        fixture.givenNoPriorActivity()
                .when(new ApplyPolicyVersionCommand(ID, WS, NAME, SCOPE, ORG, "strict", D1, S1))
                .expectException(rejectedWith(ErrorCode.VALIDATION_FAILED, "enforcementMode")).expectNoEvents();
        fixture.givenNoPriorActivity()
                .when(new ApplyPolicyVersionCommand(ID, WS, "Prod Guard", SCOPE, ORG, "enforce", D1, S1))
                .expectException(rejectedWith(ErrorCode.VALIDATION_FAILED, "name")).expectNoEvents();
        fixture.givenNoPriorActivity()
                .when(new ApplyPolicyVersionCommand(ID, WS, NAME, SCOPE, ORG, "enforce", D1, " "))
                .expectException(rejectedWith(ErrorCode.VALIDATION_FAILED, "source")).expectNoEvents();
    }
}
