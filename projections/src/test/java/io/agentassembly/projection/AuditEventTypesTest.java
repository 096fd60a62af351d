package io.agentassembly.projection;

import io.agentassembly.command.api.session.SessionEvents.UserSignedInEvent;
import io.agentassembly.command.api.workspace.WorkspaceEvents.WorkspaceCreatedEvent;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AuditEventTypesTest {

    @Test
    void namesAnEventTypeByItsClassWithoutTheEventSuffix() {
        assertThat(AuditEventTypes.eventTypeOf(UserSignedInEvent.class)).isEqualTo("UserSignedIn");
        assertThat(AuditEventTypes.eventTypeOf(WorkspaceCreatedEvent.class)).isEqualTo("WorkspaceCreated");
    }

    @Test
    void keepsNamesWithoutTheSuffixAsTheyAre() {
        record Event() {
        }
        record Odd() {
        }
        assertThat(AuditEventTypes.eventTypeOf(Event.class)).isEqualTo("Event");
        assertThat(AuditEventTypes.eventTypeOf(Odd.class)).isEqualTo("Odd");
    }

    @Test
    void knowsEveryEventOfTheWorkspaceSessionAndApiKeyAggregatesButNoEnums() {
        assertThat(AuditEventTypes.known())
                .contains("WorkspaceCreated", "EmailVerificationRequested", "UserInvited", "UserReactivated",
                        "UserSignedIn", "UserSessionRefreshed", "UserSessionEnded", "ApiKeyCreated", "ApiKeyRevoked",
                        "UserSignInFailed")
                .doesNotContain("WorkspaceStatus", "CreationPath", "BillingMode", "JoinedVia", "SignInFailureReason");
        assertThat(AuditEventTypes.isKnown("UserSignedIn")).isTrue();
        assertThat(AuditEventTypes.isKnown("UserSignedInEvent")).isFalse();
        assertThat(AuditEventTypes.isKnown(null)).isFalse();
    }

    @Test
    void knowsEveryAgentEventButNotTheAgentValueTypes() {
        assertThat(AuditEventTypes.known())
                .contains("AgentAdmitted", "AgentReleased", "AgentRegistered", "AgentCredentialRotated",
                        "AgentCredentialRevoked", "AgentSuspended", "AgentResumed", "AgentDeregistered")
                .doesNotContain("AgentStatus", "IdentityAssurance", "AgentIdentity");
    }

    @Test
    void knowsEveryApprovalEventButNotTheApprovalStatus() {
        assertThat(AuditEventTypes.known())
                .contains("ApprovalRequested", "ApprovalGranted", "ApprovalRejected", "ApprovalConsumed",
                        "ApprovalExpired")
                .doesNotContain("ApprovalStatus");
    }

    @Test
    void knowsEveryPolicyEventAndThePolicySlotEventsOfTheWorkspace() {
        assertThat(AuditEventTypes.known())
                .contains("PolicyVersionCreated", "PolicyActivated", "PolicyDeactivated", "PolicyDeleted",
                        "PolicySlotTaken", "PolicySlotReleased");
    }

    @Test
    void knowsEveryBudgetEventButNotTheBudgetValueTypes() {
        assertThat(AuditEventTypes.known())
                .contains("BudgetCreated", "BudgetChanged", "BudgetDeleted", "BudgetWindowReset")
                .doesNotContain("BudgetScope", "BudgetWindow", "BudgetAction");
    }

    @Test
    void exposesTheKnownTypesReadOnly() {
        assertThatThrownBy(() -> AuditEventTypes.known().add("Forged"))
                .isInstanceOf(UnsupportedOperationException.class);
    }
}
