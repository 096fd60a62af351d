package io.agentassembly.app;

import com.fasterxml.jackson.databind.JsonNode;
import io.agentassembly.app.support.Api;
import io.agentassembly.app.support.GatewayClient;
import io.agentassembly.app.support.GatewayClient.RegisteredAgent;
import io.agentassembly.app.support.GatewayIntegrationTest;
import io.agentassembly.command.api.approval.ApprovalCommands.RequestApprovalCommand;
import io.agentassembly.command.api.approval.ApprovalIds;
import io.agentassembly.gateway.proto.common.v1.Decision;
import io.agentassembly.gateway.proto.policy.v1.CheckActionRequest;
import io.agentassembly.gateway.proto.policy.v1.CheckActionResponse;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;

import static io.agentassembly.app.support.Api.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** PENDING actions wait for a human: approve over REST → allowed once; reject → denied; timeout → expired. */
class ApprovalFlowTest extends GatewayIntegrationTest {

    private static final String BIG_TRANSFER = "{\"amount\":5000,\"iban\":\"DE89370400440532013000\",\"token\":\"s3cr3t\"}";

    @Autowired
    CommandGateway commandBus;

    private RegisteredAgent agent;

    @BeforeEach
    void payments() {
        agent = gateway.register(apiKey, "org-pay", "treasury", "payer");
        applyPolicies(policy("payments", """
                  scope: global
                  tools:
                    wire_transfer:
                      requires_approval_if: "args.amount > 1000"
                    "*":
                      allow: true
                """));
    }

    private CheckActionResponse transfer(String args) {
        return gateway.policy().checkAction(GatewayClient.toolCall(agent, "wire_transfer", args, null));
    }

    private Api.Response approval(String id) {
        return api.get("/api/v1/approvals/" + id, owner.accessToken());
    }

    @Test
    void aPendingActionIsAllowedOnceAfterApprovalOverRest() {
        assertThat(transfer("{\"amount\":10}").getDecision()).as("below the threshold").isEqualTo(Decision.ALLOW);
        Instant asked = Instant.now();
        CheckActionResponse pending = transfer(BIG_TRANSFER);

        assertThat(pending.getDecision()).isEqualTo(Decision.PENDING);
        assertThat(pending.getApprovalId()).startsWith("apr-");
        assertThat(pending.getPolicyRule()).isEqualTo("payments/tools.wire_transfer.requires_approval_if");
        CheckActionResponse again = transfer(BIG_TRANSFER);
        assertThat(again.getDecision()).isEqualTo(Decision.PENDING);
        assertThat(again.getApprovalId()).as("re-checking reuses the open approval").isEqualTo(pending.getApprovalId());

        JsonNode view = approval(pending.getApprovalId()).body();
        assertThat(view.path("status").asText()).isEqualTo("PENDING");
        assertThat(view.path("tool").asText()).isEqualTo("wire_transfer");
        assertThat(view.path("agent_id").asText()).isEqualTo("payer");
        assertThat(view.path("args_digest").asText()).isEqualTo(sha256(BIG_TRANSFER));
        assertThat(view.toString()).doesNotContain("s3cr3t").doesNotContain("DE89370400440532013000");
        assertThat(Instant.parse(view.path("expires_at").asText()))
                .isBetween(asked.plus(Duration.ofMinutes(15)).minusSeconds(5), Instant.now().plus(Duration.ofMinutes(15)));
        assertThat(api.get("/api/v1/approvals?status=pending", owner.accessToken()).body().path("entries")).hasSize(1);

        Api.Response approved = api.post("/api/v1/approvals/" + pending.getApprovalId() + "/approve",
                owner.accessToken(), json("reason", "invoice 7781 checked"));
        assertThat(approved.status()).as(approved.body().toString()).isEqualTo(200);
        assertThat(approved.text("status")).isEqualTo("APPROVED");
        assertThat(approved.text("decided_by")).isEqualTo("USER:" + owner.userId());

        CheckActionRequest once = GatewayClient.toolCall(agent, "wire_transfer", BIG_TRANSFER, null);
        CheckActionResponse allowed = gateway.policy().checkAction(once);
        assertThat(allowed.getDecision()).isEqualTo(Decision.ALLOW);
        assertThat(allowed.getApprovalId()).isEmpty();
        assertThat(approval(pending.getApprovalId()).text("status")).isEqualTo("CONSUMED");
        assertThat(decisionAudit(owner, once.getTraceId()).path("payload").path("approval_id").asText())
                .isEqualTo(pending.getApprovalId());

        CheckActionResponse next = transfer(BIG_TRANSFER);
        assertThat(next.getDecision()).as("an approval allows once").isEqualTo(Decision.PENDING);
        assertThat(next.getApprovalId()).isNotEqualTo(pending.getApprovalId());

        Api.Response twice = api.post("/api/v1/approvals/" + pending.getApprovalId() + "/approve", owner.accessToken(), null);
        assertThat(twice.status()).isEqualTo(409);
        assertThat(twice.text("code")).isEqualTo("APPROVAL_NOT_PENDING");
        assertThat(twice.text("detail")).contains("already approved and used");
        assertAudited("ApprovalRequested", "ApprovalGranted", "ApprovalConsumed");
    }

    @Test
    void aRejectedActionIsDenied() {
        CheckActionResponse pending = transfer(BIG_TRANSFER);

        Api.Response rejected = api.post("/api/v1/approvals/" + pending.getApprovalId() + "/reject",
                owner.accessToken(), json("reason", "unknown beneficiary"));
        assertThat(rejected.status()).as(rejected.body().toString()).isEqualTo(200);
        assertThat(rejected.text("status")).isEqualTo("REJECTED");
        assertThat(rejected.text("decision_reason")).isEqualTo("unknown beneficiary");

        CheckActionResponse denied = transfer(BIG_TRANSFER);
        assertThat(denied.getDecision()).isEqualTo(Decision.DENY);
        assertThat(denied.getReason()).isEqualTo("approval rejected");
        assertThat(denied.getPolicyRule()).isEqualTo("payments/tools.wire_transfer.requires_approval_if");
        assertThat(transfer("{\"amount\":2000}").getDecision()).as("other arguments, another approval")
                .isEqualTo(Decision.PENDING);

        Api.Response late = api.post("/api/v1/approvals/" + pending.getApprovalId() + "/approve", owner.accessToken(), null);
        assertThat(late.status()).isEqualTo(409);
        assertThat(late.text("detail")).contains("already rejected");
        assertAudited("ApprovalRejected");
    }

    @Test
    void anApprovalNobodyDecidesInTimeExpiresAndTheNextCheckAsksAgain() throws Exception {
        // The gateway gives approvals 15 minutes; this one is opened for the same action with 1 second, as the
        // gateway would with a short timeout, so that the sweeper's expiry can be watched.
        String shortLived = ApprovalIds.newId();
        String agentKey = api.get("/api/v1/agents?org_id=org-pay", owner.accessToken()).body().get(0).path("agent_key").asText();
        commandBus.sendAndWait(new RequestApprovalCommand(shortLived, owner.workspaceId(), "org-pay", "treasury",
                "payer", agentKey, "TOOL_CALL", "wire_transfer", sha256(BIG_TRANSFER),
                "payments/tools.wire_transfer.requires_approval_if", null, null, Instant.now().plusSeconds(1)));
        assertThat(transfer(BIG_TRANSFER).getApprovalId()).isEqualTo(shortLived);

        await().atMost(Duration.ofSeconds(15)).untilAsserted(() ->
                assertThat(approval(shortLived).text("status")).isEqualTo("EXPIRED"));
        Api.Response tooLate = api.post("/api/v1/approvals/" + shortLived + "/approve", owner.accessToken(), null);
        assertThat(tooLate.status()).isEqualTo(409);
        assertThat(tooLate.text("detail")).contains("expired");

        CheckActionResponse fresh = transfer(BIG_TRANSFER);
        assertThat(fresh.getDecision()).isEqualTo(Decision.PENDING);
        assertThat(fresh.getApprovalId()).isNotEqualTo(shortLived).startsWith("apr-");
        assertAudited("ApprovalExpired");
    }

    @Test
    void viewersReadApprovalsButOnlyOwnersAndAdminsDecide() {
        String id = transfer(BIG_TRANSFER).getApprovalId();
        var viewer = tenants.invite(owner, "VIEWER");

        assertThat(api.get("/api/v1/approvals/" + id, viewer.accessToken()).status()).isEqualTo(200);
        Api.Response refused = api.post("/api/v1/approvals/" + id + "/approve", viewer.accessToken(), null);
        assertThat(refused.status()).isEqualTo(403);
        assertThat(approval(id).text("status")).isEqualTo("PENDING");
        assertThat(api.get("/api/v1/approvals?status=bogus", owner.accessToken()).text("field")).isEqualTo("status");
    }

    @Test
    void approvalsArePagedWithTheAuditLogsCursor() {
        Set<String> opened = new HashSet<>();
        for (int amount = 2001; amount <= 2005; amount++) {
            opened.add(transfer("{\"amount\":" + amount + "}").getApprovalId());
        }

        List<String> seen = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            Api.Response page = api.get("/api/v1/approvals?status=pending&per_page=2"
                    + (cursor == null ? "" : "&cursor=" + cursor), owner.accessToken());
            assertThat(page.status()).as(page.body().toString()).isEqualTo(200);
            assertThat(page.body().path("entries").size()).isBetween(1, 2);
            page.body().path("entries").forEach(entry -> seen.add(entry.path("approval_id").asText()));
            cursor = page.text("next_cursor");
            pages++;
        } while (cursor != null && pages < 10);

        assertThat(pages).isEqualTo(3);
        assertThat(seen).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(opened);
        Api.Response all = api.get("/api/v1/approvals", owner.accessToken());
        List<Instant> requested = new ArrayList<>();
        all.body().path("entries").forEach(entry -> requested.add(Instant.parse(entry.path("requested_at").asText())));
        assertThat(requested).as("newest first").isSortedAccordingTo(Comparator.reverseOrder());

        Api.Response badCursor = api.get("/api/v1/approvals?cursor=not-ours", owner.accessToken());
        assertThat(badCursor.status()).isEqualTo(400);
        assertThat(badCursor.text("field")).isEqualTo("cursor");
        Api.Response logCursor = api.get("/api/v1/approvals?cursor="
                + api.get("/api/v1/logs?per_page=1", owner.accessToken()).text("next_cursor"), owner.accessToken());
        assertThat(logCursor.text("field")).as("an audit log cursor is not an approvals cursor").isEqualTo("cursor");
        for (String perPage : new String[]{"0", "501"}) {
            Api.Response bad = api.get("/api/v1/approvals?per_page=" + perPage, owner.accessToken());
            assertThat(bad.status()).isEqualTo(400);
            assertThat(bad.text("field")).isEqualTo("per_page");
        }
    }

    private void assertAudited(String... types) {
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
            for (String type : types) {
                Api.Response logs = api.get("/api/v1/logs?event_type=" + type + "&org_id=org-pay", owner.accessToken());
                assertThat(logs.body().path("entries")).as(type).isNotEmpty();
                assertThat(logs.body().toString()).doesNotContain("s3cr3t");
            }
        });
    }

    private static String sha256(String text) throws RuntimeException {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
