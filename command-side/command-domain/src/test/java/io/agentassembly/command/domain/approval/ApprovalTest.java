package io.agentassembly.command.domain.approval;

import io.agentassembly.command.api.approval.ApprovalCommands.ConsumeApprovalCommand;
import io.agentassembly.command.api.approval.ApprovalCommands.ExpireApprovalCommand;
import io.agentassembly.command.api.approval.ApprovalCommands.GrantApprovalCommand;
import io.agentassembly.command.api.approval.ApprovalCommands.RejectApprovalCommand;
import io.agentassembly.command.api.approval.ApprovalCommands.RequestApprovalCommand;
import io.agentassembly.command.api.approval.ApprovalEvents.ApprovalConsumedEvent;
import io.agentassembly.command.api.approval.ApprovalEvents.ApprovalExpiredEvent;
import io.agentassembly.command.api.approval.ApprovalEvents.ApprovalGrantedEvent;
import io.agentassembly.command.api.approval.ApprovalEvents.ApprovalRejectedEvent;
import io.agentassembly.command.api.approval.ApprovalEvents.ApprovalRequestedEvent;
import io.agentassembly.command.api.common.ErrorCode;
import io.agentassembly.command.domain.fakes.InMemoryApprovalClaims;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static io.agentassembly.command.domain.fakes.DomainErrors.rejectedWith;
import static org.assertj.core.api.Assertions.assertThat;

class ApprovalTest {

    static final String WS = "ws-0b0e5a4c-9d1e-4f2a-8b3c-1d2e3f4a5b6c";
    static final String ID = "apr-5e1c2b7a-8d9e-4f10-a1b2-c3d4e5f60718";
    static final String OTHER_ID = "apr-6f2d3c8b-9e0f-4a21-b2c3-d4e5f6071829";
    static final String AGENT_KEY = "agt-3f1c2b7a-8d9e-4f10-a1b2-c3d4e5f60718";
    static final String ORG = "org-acme";
    static final String ARGS = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";
    static final Instant NOW = Instant.parse("2026-03-02T10:00:00Z");
    static final Instant EXPIRES = NOW.plus(Duration.ofMinutes(15));

    private final InMemoryApprovalClaims claims = new InMemoryApprovalClaims();
    private final FixtureConfiguration<Approval> fixture = new AggregateTestFixture<>(Approval.class);

    ApprovalTest() {
        fixture.registerInjectableResource(claims);
    }

    static RequestApprovalCommand request(String id) {
        return new RequestApprovalCommand(id, WS, ORG, "team-pay", "payer", AGENT_KEY, "TOOL_CALL", "wire_transfer",
                ARGS, "payments/tools.wire_transfer.requires_approval_if", "sha256:" + "c".repeat(64),
                "args.amount > 1000", EXPIRES);
    }

    static ApprovalRequestedEvent requested() {
        return new ApprovalRequestedEvent(WS, ORG, ID, AGENT_KEY, "team-pay", "payer", "TOOL_CALL", "wire_transfer",
                ARGS, "payments/tools.wire_transfer.requires_approval_if", "sha256:" + "c".repeat(64),
                "args.amount > 1000", EXPIRES);
    }

    private void claimed() {
        claims.claim(WS, AGENT_KEY, "wire_transfer", ARGS, ID);
    }

    @Test
    void aRequestOpensAPendingApprovalThatHoldsItsAction() {
        fixture.givenCurrentTime(NOW)
                .when(request(ID))
                .expectEvents(requested());

        assertThat(claims.holderOf(WS, AGENT_KEY, "wire_transfer", ARGS)).isEqualTo(ID);
    }

    @Test
    void aSecondRequestForTheSameOpenActionIsRefused() {
        claimed();
        fixture.givenCurrentTime(NOW)
                .when(request(OTHER_ID))
                .expectException(rejectedWith(ErrorCode.APPROVAL_ALREADY_OPEN, "approvalId"))
                .expectNoEvents();
    }

    @Test
    void rejectsARequestWithoutAnArgumentDigestOrWithAPastExpiry() {
        RequestApprovalCommand noDigest = new RequestApprovalCommand(ID, WS, ORG, "t", "a", AGENT_KEY, "TOOL_CALL",
                "wire_transfer", "{\"amount\":5}", "r", null, null, EXPIRES);
        fixture.givenCurrentTime(NOW).when(noDigest)
                .expectException(rejectedWith(ErrorCode.VALIDATION_FAILED, "argsDigest"));
        RequestApprovalCommand past = new RequestApprovalCommand(ID, WS, ORG, "t", "a", AGENT_KEY, "TOOL_CALL",
                "wire_transfer", ARGS, "r", null, null, NOW.minusSeconds(1));
        fixture.givenCurrentTime(NOW).when(past)
                .expectException(rejectedWith(ErrorCode.VALIDATION_FAILED, "expiresAt"));
        assertThat(claims.holderOf(WS, AGENT_KEY, "wire_transfer", ARGS)).isNull();
    }

    @Test
    void approvingKeepsTheActionClaimedUntilTheGatewayUsesIt() {
        claimed();
        fixture.given(requested()).andGivenCurrentTime(NOW.plusSeconds(60))
                .when(new GrantApprovalCommand(ID, WS, "looks fine"))
                .expectEvents(new ApprovalGrantedEvent(WS, ORG, ID, AGENT_KEY, "looks fine"));
        assertThat(claims.holderOf(WS, AGENT_KEY, "wire_transfer", ARGS)).isEqualTo(ID);
    }

    @Test
    void usingAnApprovedApprovalConsumesItAndFreesTheAction() {
        claimed();
        fixture.given(requested(), new ApprovalGrantedEvent(WS, ORG, ID, AGENT_KEY, null))
                .when(new ConsumeApprovalCommand(ID, WS, AGENT_KEY))
                .expectEvents(new ApprovalConsumedEvent(WS, ORG, ID, AGENT_KEY));
        assertThat(claims.holderOf(WS, AGENT_KEY, "wire_transfer", ARGS)).isNull();
    }

    @Test
    void anApprovalIsUsedOnceAndOnlyWhenApproved() {
        fixture.given(requested(), new ApprovalGrantedEvent(WS, ORG, ID, AGENT_KEY, null),
                        new ApprovalConsumedEvent(WS, ORG, ID, AGENT_KEY))
                .when(new ConsumeApprovalCommand(ID, WS, AGENT_KEY))
                .expectException(rejectedWith(ErrorCode.APPROVAL_NOT_APPROVED, "approvalId"))
                .expectNoEvents();
        fixture.given(requested())
                .when(new ConsumeApprovalCommand(ID, WS, AGENT_KEY))
                .expectException(rejectedWith(ErrorCode.APPROVAL_NOT_APPROVED, "approvalId"));
        fixture.given(requested(), new ApprovalGrantedEvent(WS, ORG, ID, AGENT_KEY, null))
                .when(new ConsumeApprovalCommand(ID, WS, "agt-00000000-0000-4000-8000-000000000000"))
                .expectException(rejectedWith(ErrorCode.APPROVAL_NOT_APPROVED, "approvalId"));
    }

    @Test
    void rejectingFreesTheAction() {
        claimed();
        fixture.given(requested()).andGivenCurrentTime(NOW)
                .when(new RejectApprovalCommand(ID, WS, "not this vendor"))
                .expectEvents(new ApprovalRejectedEvent(WS, ORG, ID, AGENT_KEY, "not this vendor"));
        assertThat(claims.holderOf(WS, AGENT_KEY, "wire_transfer", ARGS)).isNull();
    }

    @Test
    void aDecidedApprovalCannotBeDecidedAgain() {
        fixture.given(requested(), new ApprovalGrantedEvent(WS, ORG, ID, AGENT_KEY, null)).andGivenCurrentTime(NOW)
                .when(new RejectApprovalCommand(ID, WS, null))
                .expectException(rejectedWith(ErrorCode.APPROVAL_NOT_PENDING, "approvalId"))
                .expectExceptionMessage(org.hamcrest.Matchers.containsString("already approved"));
        fixture.given(requested(), new ApprovalRejectedEvent(WS, ORG, ID, AGENT_KEY, null)).andGivenCurrentTime(NOW)
                .when(new GrantApprovalCommand(ID, WS, null))
                .expectException(rejectedWith(ErrorCode.APPROVAL_NOT_PENDING, "approvalId"))
                .expectExceptionMessage(org.hamcrest.Matchers.containsString("already rejected"));
    }

    @Test
    void anApprovalPastItsExpiryCannotBeDecidedEvenBeforeTheSweeperRecordsIt() {
        fixture.given(requested()).andGivenCurrentTime(EXPIRES.plusSeconds(1))
                .when(new GrantApprovalCommand(ID, WS, null))
                .expectException(rejectedWith(ErrorCode.APPROVAL_NOT_PENDING, "approvalId"))
                .expectExceptionMessage(org.hamcrest.Matchers.containsString("expired"));
        fixture.given(requested(), new ApprovalExpiredEvent(WS, ORG, ID, AGENT_KEY, EXPIRES))
                .when(new RejectApprovalCommand(ID, WS, null))
                .expectException(rejectedWith(ErrorCode.APPROVAL_NOT_PENDING, "approvalId"))
                .expectExceptionMessage(org.hamcrest.Matchers.containsString("expired"));
    }

    @Test
    void theSweeperExpiresOnlyDuePendingApprovals() {
        claimed();
        fixture.given(requested()).andGivenCurrentTime(EXPIRES.minusSeconds(1))
                .when(new ExpireApprovalCommand(ID, WS))
                .expectNoEvents()
                .expectResultMessagePayload(false);
        fixture.given(requested()).andGivenCurrentTime(EXPIRES)
                .when(new ExpireApprovalCommand(ID, WS))
                .expectEvents(new ApprovalExpiredEvent(WS, ORG, ID, AGENT_KEY, EXPIRES))
                .expectResultMessagePayload(true);
        assertThat(claims.holderOf(WS, AGENT_KEY, "wire_transfer", ARGS)).isNull();
        fixture.given(requested(), new ApprovalGrantedEvent(WS, ORG, ID, AGENT_KEY, null))
                .andGivenCurrentTime(EXPIRES.plusSeconds(600))
                .when(new ExpireApprovalCommand(ID, WS))
                .expectNoEvents();
    }

    @Test
    void anotherWorkspaceCannotSeeOrDecideTheApproval() {
        fixture.given(requested()).andGivenCurrentTime(NOW)
                .when(new GrantApprovalCommand(ID, "ws-00000000-0000-4000-8000-000000000000", null))
                .expectException(rejectedWith(ErrorCode.APPROVAL_NOT_FOUND, "approvalId"))
                .expectNoEvents();
    }
}
