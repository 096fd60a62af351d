package io.agentassembly.command.domain.workspace;

import io.agentassembly.command.api.common.DomainException;
import io.agentassembly.command.api.common.ErrorCode;
import io.agentassembly.command.api.common.Tier;
import io.agentassembly.command.api.workspace.WorkspaceCommands.UpdateBillingCommand;
import io.agentassembly.command.api.workspace.WorkspaceEvents.BillingMode;
import io.agentassembly.command.domain.common.Require;

import java.util.regex.Pattern;

/** Which billing record a tier takes: card reference for Pro/Business, purchase order for Enterprise. */
final class BillingRules {

    private static final Pattern PAYMENT_METHOD_REF = Pattern.compile("^pm_[A-Za-z0-9_]{4,64}$");

    private BillingRules() {
    }

    record Billing(BillingMode mode, String paymentMethodRef, String purchaseOrder, boolean baaSigned,
                   boolean dpaSigned) {
    }

    static Billing decide(Tier tier, UpdateBillingCommand command) {
        return switch (tier) {
            case FREE -> throw notApplicable("tier",
                    "the free tier has no billing record; upgrade to pro or business first");
            case PRO, BUSINESS -> card(command);
            case ENTERPRISE -> invoice(command);
        };
    }

    private static Billing card(UpdateBillingCommand command) {
        if (command.purchaseOrder() != null) {
            throw notApplicable("purchaseOrder",
                    "purchase orders are for Enterprise invoicing; card-billed tiers take a paymentMethodRef only");
        }
        if (command.baaSigned() || command.dpaSigned()) {
            throw notApplicable(command.baaSigned() ? "baaSigned" : "dpaSigned",
                    "BAA and DPA are Enterprise agreements; leave them unset on card-billed tiers");
        }
        String ref = Require.matching(command.paymentMethodRef(), PAYMENT_METHOD_REF, "paymentMethodRef",
                "a payment-method reference such as 'pm_1AbC' ('pm_' followed by 4 to 64 letters, digits or _)");
        return new Billing(BillingMode.CARD, ref, null, false, false);
    }

    private static Billing invoice(UpdateBillingCommand command) {
        if (command.paymentMethodRef() != null) {
            throw notApplicable("paymentMethodRef",
                    "Enterprise workspaces are invoiced; send a purchaseOrder instead of a paymentMethodRef");
        }
        String purchaseOrder = WorkspaceRules.purchaseOrder(command.purchaseOrder());
        return new Billing(BillingMode.INVOICE, null, purchaseOrder, command.baaSigned(), command.dpaSigned());
    }

    private static DomainException notApplicable(String field, String message) {
        return new DomainException(ErrorCode.BILLING_NOT_APPLICABLE, field, message);
    }
}
