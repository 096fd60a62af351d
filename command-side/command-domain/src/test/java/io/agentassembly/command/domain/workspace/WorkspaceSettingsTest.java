package io.agentassembly.command.domain.workspace;

import io.agentassembly.command.api.agent.AgentEvents.AgentAdmittedEvent;
import io.agentassembly.command.api.common.ErrorCode;
import io.agentassembly.command.api.common.Region;
import io.agentassembly.command.api.common.Tier;
import io.agentassembly.command.api.common.TierQuotas;
import io.agentassembly.command.api.workspace.WorkspaceCommands.ChangeTierCommand;
import io.agentassembly.command.api.workspace.WorkspaceCommands.ClearQuotaOverrideCommand;
import io.agentassembly.command.api.workspace.WorkspaceCommands.OverrideQuotasCommand;
import io.agentassembly.command.api.workspace.WorkspaceCommands.UpdateBillingCommand;
import io.agentassembly.command.api.workspace.WorkspaceCommands.UpdateWorkspaceProfileCommand;
import io.agentassembly.command.api.workspace.WorkspaceEvents.BillingDetailsChangedEvent;
import io.agentassembly.command.api.workspace.WorkspaceEvents.BillingMode;
import io.agentassembly.command.api.workspace.WorkspaceEvents.CreationPath;
import io.agentassembly.command.api.workspace.WorkspaceEvents.WorkspaceCreatedEvent;
import io.agentassembly.command.api.workspace.WorkspaceEvents.WorkspaceQuotaOverrideClearedEvent;
import io.agentassembly.command.api.workspace.WorkspaceEvents.WorkspaceQuotasOverriddenEvent;
import io.agentassembly.command.api.workspace.WorkspaceEvents.WorkspaceRenamedEvent;
import io.agentassembly.command.api.workspace.WorkspaceEvents.WorkspaceStatus;
import io.agentassembly.command.api.workspace.WorkspaceEvents.WorkspaceTierChangedEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.List;

import static io.agentassembly.command.domain.fakes.DomainErrors.rejectedWith;
import static io.agentassembly.command.domain.workspace.WorkspaceFixtures.NAME;
import static io.agentassembly.command.domain.workspace.WorkspaceFixtures.WS;
import static io.agentassembly.command.domain.workspace.WorkspaceFixtures.created;

class WorkspaceSettingsTest {

    private final WorkspaceFixtures f = new WorkspaceFixtures();

    @Test
    void renamesTheWorkspace() {
        f.fixture.given(created(Tier.PRO, WorkspaceStatus.ACTIVE))
                .when(new UpdateWorkspaceProfileCommand(WS, "  Acme Labs ", null))
                .expectEvents(new WorkspaceRenamedEvent(WS, "Acme Labs"));
    }

    @Test
    void ignoresARenameToTheCurrentNameAndTheCurrentRegion() {
        f.fixture.given(created(Tier.PRO, WorkspaceStatus.ACTIVE))
                .when(new UpdateWorkspaceProfileCommand(WS, NAME, Region.EU_WEST_1))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void rejectsARegionChangeBecauseRegionsArePermanent() {
        f.fixture.given(created(Tier.PRO, WorkspaceStatus.ACTIVE))
                .when(new UpdateWorkspaceProfileCommand(WS, "Acme Labs", Region.US_EAST_1))
                .expectException(rejectedWith(ErrorCode.REGION_IMMUTABLE, "region"))
                .expectNoEvents();
    }

    @Test
    void rejectsABlankName() {
        f.fixture.given(created(Tier.PRO, WorkspaceStatus.ACTIVE))
                .when(new UpdateWorkspaceProfileCommand(WS, "", null))
                .expectException(rejectedWith(ErrorCode.VALIDATION_FAILED, "name"));
    }

    @Test
    void upgradesFromProToBusinessWithTheBusinessQuotas() {
        f.fixture.given(created(Tier.PRO, WorkspaceStatus.ACTIVE))
                .when(new ChangeTierCommand(WS, Tier.BUSINESS, false))
                .expectEvents(new WorkspaceTierChangedEvent(WS, Tier.PRO, Tier.BUSINESS, Tier.BUSINESS.defaultQuotas()));
    }

    @Test
    void downgradesWhenUsageFitsTheLowerTier() {
        f.fixture.given(created(Tier.BUSINESS, WorkspaceStatus.ACTIVE))
                .when(new ChangeTierCommand(WS, Tier.FREE, false))
                .expectEvents(new WorkspaceTierChangedEvent(WS, Tier.BUSINESS, Tier.FREE, Tier.FREE.defaultQuotas()));
    }

    @Test
    void ignoresAChangeToTheCurrentTier() {
        f.fixture.given(created(Tier.PRO, WorkspaceStatus.ACTIVE))
                .when(new ChangeTierCommand(WS, Tier.PRO, false))
                .expectNoEvents();
    }

    @Test
    void rejectsAMoveToEnterpriseByACustomer() {
        f.fixture.given(created(Tier.BUSINESS, WorkspaceStatus.ACTIVE))
                .when(new ChangeTierCommand(WS, Tier.ENTERPRISE, false))
                .expectException(rejectedWith(ErrorCode.TIER_CHANGE_NOT_ALLOWED, "tier"));
    }

    @Test
    void rejectsAMoveAwayFromEnterpriseByACustomer() {
        f.fixture.given(created(Tier.ENTERPRISE, WorkspaceStatus.ACTIVE))
                .when(new ChangeTierCommand(WS, Tier.BUSINESS, false))
                .expectException(rejectedWith(ErrorCode.TIER_CHANGE_NOT_ALLOWED, "tier"));
    }

    @Test
    void letsAnOperatorMoveAWorkspaceToEnterprise() {
        f.fixture.given(created(Tier.BUSINESS, WorkspaceStatus.ACTIVE))
                .when(new ChangeTierCommand(WS, Tier.ENTERPRISE, true))
                .expectEvents(new WorkspaceTierChangedEvent(WS, Tier.BUSINESS, Tier.ENTERPRISE,
                        Tier.ENTERPRISE.defaultQuotas()));
    }

    @Test
    void overridesQuotasWithAReason() {
        TierQuotas quotas = new TierQuotas(25, 40, 60);
        f.fixture.given(created(Tier.PRO, WorkspaceStatus.ACTIVE))
                .when(new OverrideQuotasCommand(WS, quotas, "ticket 4711"))
                .expectEvents(new WorkspaceQuotasOverriddenEvent(WS, quotas, "ticket 4711"));
    }

    @Test
    void aTierChangeKeepsTheOperatorsQuotaOverride() {
        TierQuotas override = new TierQuotas(25, 40, 60);
        f.fixture.given(created(Tier.PRO, WorkspaceStatus.ACTIVE),
                        new WorkspaceQuotasOverriddenEvent(WS, override, "ticket 4711"))
                .when(new ChangeTierCommand(WS, Tier.BUSINESS, false))
                .expectEvents(new WorkspaceTierChangedEvent(WS, Tier.PRO, Tier.BUSINESS, override));
    }

    @Test
    void theOverrideOutlivesSeveralTierChangesUntilClearedAndThenTheTierDecides() {
        TierQuotas override = new TierQuotas(2, 3, 200);
        f.fixture.given(created(Tier.PRO, WorkspaceStatus.ACTIVE),
                        new WorkspaceQuotasOverriddenEvent(WS, override, "pilot"),
                        new WorkspaceTierChangedEvent(WS, Tier.PRO, Tier.BUSINESS, override),
                        new WorkspaceQuotaOverrideClearedEvent(WS, Tier.BUSINESS.defaultQuotas(), "pilot over"))
                .when(new ChangeTierCommand(WS, Tier.FREE, false))
                .expectEvents(new WorkspaceTierChangedEvent(WS, Tier.BUSINESS, Tier.FREE, Tier.FREE.defaultQuotas()));
    }

    @Test
    void clearingTheOverrideRestoresTheTierQuotas() {
        f.fixture.given(created(Tier.PRO, WorkspaceStatus.ACTIVE),
                        new WorkspaceQuotasOverriddenEvent(WS, new TierQuotas(25, 40, 60), "ticket 4711"))
                .when(new ClearQuotaOverrideCommand(WS, "ticket 4712"))
                .expectEvents(new WorkspaceQuotaOverrideClearedEvent(WS, Tier.PRO.defaultQuotas(), "ticket 4712"));
    }

    @Test
    void clearingWithoutAnOverrideChangesNothing() {
        f.fixture.given(created(Tier.PRO, WorkspaceStatus.ACTIVE))
                .when(new ClearQuotaOverrideCommand(WS, "ticket 4712"))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void anEnterpriseRetentionSetAtProvisioningIsKeptAcrossTierChangesUntilCleared() {
        TierQuotas provisioned = new TierQuotas(null, null, 180);
        WorkspaceCreatedEvent enterprise = new WorkspaceCreatedEvent(WS, NAME, "acme", Region.US_EAST_1,
                Tier.ENTERPRISE, provisioned, CreationPath.OPERATOR, WorkspaceStatus.ACTIVE, null);
        TierQuotas business = Tier.BUSINESS.defaultQuotas();
        TierQuotas businessWithRetention = new TierQuotas(business.maxAgents(), business.maxPolicies(), 180);
        f.fixture.given(enterprise)
                .when(new ChangeTierCommand(WS, Tier.BUSINESS, true))
                .expectEvents(new WorkspaceTierChangedEvent(WS, Tier.ENTERPRISE, Tier.BUSINESS, businessWithRetention));
        f.fixture.given(enterprise, new WorkspaceTierChangedEvent(WS, Tier.ENTERPRISE, Tier.BUSINESS, businessWithRetention))
                .when(new ClearQuotaOverrideCommand(WS, "contract ended"))
                .expectEvents(new WorkspaceQuotaOverrideClearedEvent(WS, business, "contract ended"));
    }

    @Test
    void anOverrideResetByATierChangeRecordedBeforeOverridesWereKeptStaysGone() {
        f.fixture.given(created(Tier.PRO, WorkspaceStatus.ACTIVE),
                        new WorkspaceQuotasOverriddenEvent(WS, new TierQuotas(25, 40, 60), "ticket 4711"),
                        new WorkspaceTierChangedEvent(WS, Tier.PRO, Tier.BUSINESS, Tier.BUSINESS.defaultQuotas()))
                .when(new ChangeTierCommand(WS, Tier.PRO, false))
                .expectEvents(new WorkspaceTierChangedEvent(WS, Tier.BUSINESS, Tier.PRO, Tier.PRO.defaultQuotas()));
    }

    @Test
    void aKeptOverrideDecidesWhetherADowngradeFitsTheUsage() {
        TierQuotas override = new TierQuotas(10, 10, 30);
        List<Object> given = new ArrayList<>(List.of(created(Tier.BUSINESS, WorkspaceStatus.ACTIVE),
                new WorkspaceQuotasOverriddenEvent(WS, override, "pilot")));
        for (int i = 1; i <= 4; i++) {
            given.add(new AgentAdmittedEvent(WS, "org", "agt-" + i, i));
        }
        f.fixture.given(given)
                .when(new ChangeTierCommand(WS, Tier.FREE, false))
                .expectEvents(new WorkspaceTierChangedEvent(WS, Tier.BUSINESS, Tier.FREE, override));
    }

    @Test
    void rejectsAQuotaOverrideWithoutAReason() {
        f.fixture.given(created(Tier.PRO, WorkspaceStatus.ACTIVE))
                .when(new OverrideQuotasCommand(WS, new TierQuotas(25, 40, 60), " "))
                .expectException(rejectedWith(ErrorCode.VALIDATION_FAILED, "reason"));
    }

    @Test
    void rejectsBillingOnTheFreeTier() {
        f.fixture.given(created(Tier.FREE, WorkspaceStatus.ACTIVE))
                .when(new UpdateBillingCommand(WS, "pm_card_visa", null, false, false))
                .expectException(rejectedWith(ErrorCode.BILLING_NOT_APPLICABLE));
    }

    @Test
    void recordsACardReferenceOnPro() {
        f.fixture.given(created(Tier.PRO, WorkspaceStatus.ACTIVE))
                .when(new UpdateBillingCommand(WS, "pm_card_visa", null, false, false))
                .expectEvents(new BillingDetailsChangedEvent(WS, BillingMode.CARD, "pm_card_visa", null, false, false));
    }

    @Test
    void ignoresBillingDetailsThatAreAlreadyOnRecord() {
        f.fixture.given(created(Tier.BUSINESS, WorkspaceStatus.ACTIVE),
                        new BillingDetailsChangedEvent(WS, BillingMode.CARD, "pm_card_visa", null, false, false))
                .when(new UpdateBillingCommand(WS, "pm_card_visa", null, false, false))
                .expectNoEvents();
    }

    @ParameterizedTest
    @ValueSource(strings = {"card_visa", "pm_abc", "pm_has-dash", "pm_has space"})
    void rejectsAMalformedPaymentMethodReference(String ref) {
        f.fixture.given(created(Tier.BUSINESS, WorkspaceStatus.ACTIVE))
                .when(new UpdateBillingCommand(WS, ref, null, false, false))
                .expectException(rejectedWith(ErrorCode.VALIDATION_FAILED, "paymentMethodRef"));
    }

    @Test
    void rejectsAMissingPaymentMethodReferenceOnCardTiers() {
        f.fixture.given(created(Tier.PRO, WorkspaceStatus.ACTIVE))
                .when(new UpdateBillingCommand(WS, null, null, false, false))
                .expectException(rejectedWith(ErrorCode.VALIDATION_FAILED, "paymentMethodRef"));
    }

    @Test
    void rejectsAPurchaseOrderOnCardTiers() {
        f.fixture.given(created(Tier.PRO, WorkspaceStatus.ACTIVE))
                .when(new UpdateBillingCommand(WS, "pm_card_visa", "PO-1", false, false))
                .expectException(rejectedWith(ErrorCode.BILLING_NOT_APPLICABLE, "purchaseOrder"));
    }

    @Test
    void rejectsBaaAndDpaOnCardTiers() {
        f.fixture.given(created(Tier.BUSINESS, WorkspaceStatus.ACTIVE))
                .when(new UpdateBillingCommand(WS, "pm_card_visa", null, true, false))
                .expectException(rejectedWith(ErrorCode.BILLING_NOT_APPLICABLE, "baaSigned"));
        f.fixture.given(created(Tier.BUSINESS, WorkspaceStatus.ACTIVE))
                .when(new UpdateBillingCommand(WS, "pm_card_visa", null, false, true))
                .expectException(rejectedWith(ErrorCode.BILLING_NOT_APPLICABLE, "dpaSigned"));
    }

    @Test
    void recordsInvoiceBillingWithAgreementsOnEnterprise() {
        f.fixture.given(created(Tier.ENTERPRISE, WorkspaceStatus.ACTIVE))
                .when(new UpdateBillingCommand(WS, null, "PO-2025-07", true, true))
                .expectEvents(new BillingDetailsChangedEvent(WS, BillingMode.INVOICE, null, "PO-2025-07", true, true));
    }

    @Test
    void rejectsACardReferenceOnEnterprise() {
        f.fixture.given(created(Tier.ENTERPRISE, WorkspaceStatus.ACTIVE))
                .when(new UpdateBillingCommand(WS, "pm_card_visa", "PO-1", false, false))
                .expectException(rejectedWith(ErrorCode.BILLING_NOT_APPLICABLE, "paymentMethodRef"));
    }

    @Test
    void rejectsEnterpriseBillingWithoutAPurchaseOrder() {
        f.fixture.given(created(Tier.ENTERPRISE, WorkspaceStatus.ACTIVE))
                .when(new UpdateBillingCommand(WS, null, null, true, true))
                .expectException(rejectedWith(ErrorCode.VALIDATION_FAILED, "purchaseOrder"));
        f.fixture.given(created(Tier.ENTERPRISE, WorkspaceStatus.ACTIVE))
                .when(new UpdateBillingCommand(WS, null, "P".repeat(65), true, true))
                .expectException(rejectedWith(ErrorCode.VALIDATION_FAILED, "purchaseOrder"));
    }
}
