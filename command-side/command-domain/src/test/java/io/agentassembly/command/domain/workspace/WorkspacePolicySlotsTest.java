package io.agentassembly.command.domain.workspace;

import io.agentassembly.command.api.common.DomainException;
import io.agentassembly.command.api.common.ErrorCode;
import io.agentassembly.command.api.common.Tier;
import io.agentassembly.command.api.common.TierQuotas;
import io.agentassembly.command.api.policy.PolicyCommands.ReleasePolicySlotCommand;
import io.agentassembly.command.api.policy.PolicyCommands.TakePolicySlotCommand;
import io.agentassembly.command.api.policy.PolicyEvents.PolicySlotReleasedEvent;
import io.agentassembly.command.api.policy.PolicyEvents.PolicySlotTakenEvent;
import io.agentassembly.command.api.policy.PolicyIds;
import io.agentassembly.command.api.workspace.WorkspaceCommands.ChangeTierCommand;
import io.agentassembly.command.api.workspace.WorkspaceEvents.WorkspaceQuotasOverriddenEvent;
import io.agentassembly.command.api.workspace.WorkspaceEvents.WorkspaceStatus;
import io.agentassembly.command.api.workspace.WorkspaceEvents.WorkspaceTierChangedEvent;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static io.agentassembly.command.domain.fakes.DomainErrors.rejectedWith;
import static io.agentassembly.command.domain.workspace.WorkspaceFixtures.WS;
import static io.agentassembly.command.domain.workspace.WorkspaceFixtures.created;

class WorkspacePolicySlotsTest {

    private static final String ORG = "org-acme";
    private static final String POLICY = PolicyIds.of(WS, "prod-guard");

    private final WorkspaceFixtures f = new WorkspaceFixtures();

    /** An active workspace of the tier with {@code policies} active policies. */
    private static List<Object> activeWith(Tier tier, int policies) {
        List<Object> given = new ArrayList<>();
        given.add(created(tier, WorkspaceStatus.ACTIVE));
        for (int i = 1; i <= policies; i++) {
            given.add(new PolicySlotTakenEvent(WS, null, PolicyIds.of(WS, "policy-" + i), i));
        }
        return given;
    }

    @Test
    void anActivatedPolicyTakesASlotWithItsOrg() {
        f.fixture.given(activeWith(Tier.FREE, 0))
                .when(new TakePolicySlotCommand(WS, POLICY, ORG))
                .expectEvents(new PolicySlotTakenEvent(WS, ORG, POLICY, 1));
    }

    @Test
    void theFreeTierAllowsFiveActivePolicies() {
        f.fixture.given(activeWith(Tier.FREE, 4))
                .when(new TakePolicySlotCommand(WS, POLICY, null))
                .expectEvents(new PolicySlotTakenEvent(WS, null, POLICY, 5));
        f.fixture.given(activeWith(Tier.FREE, 5))
                .when(new TakePolicySlotCommand(WS, POLICY, null))
                .expectException(DomainException.class)
                .expectExceptionMessage("the free tier allows 5 active policies; deactivate one or upgrade")
                .expectNoEvents();
        f.fixture.given(activeWith(Tier.FREE, 5))
                .when(new TakePolicySlotCommand(WS, POLICY, null))
                .expectException(rejectedWith(ErrorCode.QUOTA_EXCEEDED));
    }

    @Test
    void proAllowsTwentyAndEnterpriseHasNoLimit() {
        f.fixture.given(activeWith(Tier.PRO, 20))
                .when(new TakePolicySlotCommand(WS, POLICY, null))
                .expectException(rejectedWith(ErrorCode.QUOTA_EXCEEDED));
        f.fixture.given(activeWith(Tier.ENTERPRISE, 250))
                .when(new TakePolicySlotCommand(WS, POLICY, null))
                .expectEvents(new PolicySlotTakenEvent(WS, null, POLICY, 251));
    }

    @Test
    void aPolicyHoldingASlotKeepsItWithoutTakingAnother() {
        List<Object> given = activeWith(Tier.FREE, 4);
        given.add(new PolicySlotTakenEvent(WS, ORG, POLICY, 5));
        f.fixture.given(given)
                .when(new TakePolicySlotCommand(WS, POLICY, ORG))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void releasingFreesTheSlotOnceForAnotherPolicy() {
        List<Object> given = activeWith(Tier.FREE, 4);
        given.add(new PolicySlotTakenEvent(WS, ORG, POLICY, 5));
        f.fixture.given(given)
                .when(new ReleasePolicySlotCommand(WS, POLICY))
                .expectEvents(new PolicySlotReleasedEvent(WS, ORG, POLICY, 4));

        given.add(new PolicySlotReleasedEvent(WS, ORG, POLICY, 4));
        f.fixture.given(given)
                .when(new ReleasePolicySlotCommand(WS, POLICY))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
        String another = PolicyIds.of(WS, "another");
        f.fixture.given(given)
                .when(new TakePolicySlotCommand(WS, another, null))
                .expectEvents(new PolicySlotTakenEvent(WS, null, another, 5));
    }

    @Test
    void honoursAnOperatorOverrideOfThePolicyQuota() {
        List<Object> given = activeWith(Tier.FREE, 5);
        given.add(new WorkspaceQuotasOverriddenEvent(WS, new TierQuotas(3, 8, 7), "pilot"));
        f.fixture.given(given)
                .when(new TakePolicySlotCommand(WS, POLICY, null))
                .expectEvents(new PolicySlotTakenEvent(WS, null, POLICY, 6));
    }

    @Test
    void aWorkspaceAwaitingVerificationTakesNoPolicies() {
        f.fixture.given(created(Tier.PRO, WorkspaceStatus.PENDING_VERIFICATION))
                .when(new TakePolicySlotCommand(WS, POLICY, null))
                .expectException(rejectedWith(ErrorCode.WORKSPACE_NOT_ACTIVE))
                .expectNoEvents();
    }

    @Test
    void refusesADowngradeBelowTheNumberOfActivePolicies() {
        f.fixture.given(activeWith(Tier.PRO, 6))
                .when(new ChangeTierCommand(WS, Tier.FREE, false))
                .expectException(rejectedWith(ErrorCode.TIER_DOWNGRADE_BELOW_USAGE, "tier"))
                .expectExceptionMessage("the workspace has 6 active policies but the free tier allows 5; "
                        + "deactivate policies first");

        List<Object> released = activeWith(Tier.PRO, 6);
        released.add(new PolicySlotReleasedEvent(WS, null, PolicyIds.of(WS, "policy-6"), 5));
        f.fixture.given(released)
                .when(new ChangeTierCommand(WS, Tier.FREE, false))
                .expectEvents(new WorkspaceTierChangedEvent(WS, Tier.PRO, Tier.FREE, Tier.FREE.defaultQuotas()));
    }
}
