package io.agentassembly.gateway.decision;

import io.agentassembly.gateway.decision.Verdict.ApprovalSubject;
import io.agentassembly.gateway.decision.Verdict.Shadow;
import io.agentassembly.gateway.proto.common.v1.AgentIdentityAssurance;
import io.agentassembly.gateway.proto.common.v1.Decision;
import io.agentassembly.gateway.proto.policy.v1.CheckActionResponse;
import io.agentassembly.policy.engine.Redaction;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The wire invariants of the CheckAction answer (docs/grpc.md), as the answer is built from a verdict. */
class ActionGateResponseTest {

    private static final AgentIdentityAssurance ASSERTED = AgentIdentityAssurance.AGENT_IDENTITY_ASSURANCE_ASSERTED;
    private static final ApprovalSubject WIRE = new ApprovalSubject("TOOL_CALL", "wire", "a".repeat(64));
    private static final List<Redaction> API_KEY = List.of(new Redaction("$.args.api_key", "[REDACTED]"));

    private static Verdict pending(List<Redaction> redactions) {
        return new Verdict(Decision.PENDING, "args.amount > 1000", "pay/tools.wire.requires_approval_if",
                "sha256:p", redactions, null, null, WIRE);
    }

    @Test
    void aPendingAnswerCarriesItsApprovalId() {
        CheckActionResponse response = ActionGate.response(pending(List.of()).awaiting("apr-1"), ASSERTED).build();

        assertThat(response.getDecision()).isEqualTo(Decision.PENDING);
        assertThat(response.getApprovalId()).isEqualTo("apr-1");
        assertThat(response.hasRedact()).isFalse();
    }

    @Test
    void anAllowAfterAnApprovalCarriesNeitherApprovalIdNorRedactions() {
        Verdict approved = pending(List.of()).approvedBy("apr-1");
        CheckActionResponse response = ActionGate.response(approved, ASSERTED).build();

        assertThat(response.getDecision()).isEqualTo(Decision.ALLOW);
        assertThat(response.getApprovalId()).isEmpty();
        assertThat(response.hasRedact()).isFalse();
        assertThat(approved.approvalId()).as("recorded in the audit event").isEqualTo("apr-1");
    }

    @Test
    void anApprovedActionThatRedactsIsStillRedacted() {
        CheckActionResponse response = ActionGate.response(pending(API_KEY).approvedBy("apr-1"), ASSERTED).build();

        assertThat(response.getDecision()).isEqualTo(Decision.REDACT);
        assertThat(response.getApprovalId()).isEmpty();
        assertThat(response.getRedact().getRulesList()).singleElement()
                .satisfies(rule -> assertThat(rule.getFieldPath()).isEqualTo("$.args.api_key"));
    }

    @Test
    void aRejectedApprovalDeniesWithReasonAndRule() {
        CheckActionResponse response = ActionGate.response(pending(List.of()).rejectedBy("apr-1"), ASSERTED).build();

        assertThat(response.getDecision()).isEqualTo(Decision.DENY);
        assertThat(response.getReason()).isEqualTo("approval rejected");
        assertThat(response.getPolicyRule()).isEqualTo("pay/tools.wire.requires_approval_if");
        assertThat(response.getApprovalId()).isEmpty();
    }

    @Test
    void aRedactAnswerListsEveryRule() {
        Verdict redact = new Verdict(Decision.REDACT, "credentials", "data/data.credential_action", "sha256:d",
                List.of(new Redaction("$.args.api_key", "[REDACTED]"), new Redaction("$.args.token", "***")),
                null, new Shadow(Decision.DENY, "r", "strict/x", "sha256:s"), null);

        CheckActionResponse response = ActionGate.response(redact, ASSERTED).build();

        assertThat(response.getRedact().getRulesList()).extracting(r -> r.getFieldPath() + "=" + r.getReplacement())
                .containsExactly("$.args.api_key=[REDACTED]", "$.args.token=***");
    }

    @Test
    void verdictsThatWouldBreakAnInvariantCannotBeMade() {
        assertThatThrownBy(() -> new Verdict(Decision.REDACT, "r", "x", null, List.of(), null, null, null))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Verdict(Decision.ALLOW, "r", "x", null, API_KEY, null, null, null))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Verdict(Decision.DENY, "", "x", null, List.of(), null, null, null))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Verdict(Decision.PENDING, "r", "x", null, List.of(), null, null, null))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Verdict(Decision.DECISION_UNSPECIFIED, "r", "x", null, List.of(), null, null, null))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theMostRestrictiveVerdictRanksHighest() {
        assertThat(Verdict.deny("r", "x").restrictiveness()).isGreaterThan(pending(List.of()).restrictiveness());
        assertThat(pending(List.of()).restrictiveness()).isGreaterThan(pending(API_KEY).approvedBy("a").restrictiveness());
        assertThat(pending(API_KEY).approvedBy("a").restrictiveness())
                .isGreaterThan(pending(List.of()).approvedBy("a").restrictiveness());
    }
}
