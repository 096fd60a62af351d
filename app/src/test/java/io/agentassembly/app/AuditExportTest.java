package io.agentassembly.app;

import com.fasterxml.jackson.databind.JsonNode;
import io.agentassembly.app.audit.AuditChainer;
import io.agentassembly.app.audit.AuditErasure;
import io.agentassembly.app.support.Api;
import io.agentassembly.app.support.GatewayClient;
import io.agentassembly.app.support.GatewayClient.RegisteredAgent;
import io.agentassembly.app.support.GatewayIntegrationTest;
import io.agentassembly.app.support.Tenants.Member;
import io.agentassembly.cli.audit.ChainFormat;
import io.agentassembly.cli.audit.ExportVerifier;
import io.agentassembly.cli.audit.ExportVerifier.Result;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static io.agentassembly.app.support.Api.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The compliance export (docs/audit.md, "Export"): replayed from the event store with each entry's chain links and
 * a signed manifest, verified offline with only the public key (the CLI's verifier); every tampering with the file
 * is detected at its line; filters; no secret in it; isolation and roles.
 */
class AuditExportTest extends GatewayIntegrationTest {

    @Autowired
    AuditChainer chainer;

    @Autowired
    AuditErasure erasure;

    private String publicKey;
    private String apiKeySecret;

    @BeforeEach
    void history() {
        apiKeySecret = api.post("/api/v1/api-keys", owner.accessToken(), json("name", "exported")).text("token");
        tenants.invite(owner, "ADMIN");
        RegisteredAgent a = gateway.register(apiKey, "org-a", "team-1", "exporter-a");
        RegisteredAgent b = gateway.register(apiKey, "org-b", "team-2", "exporter-b");
        for (int i = 0; i < 3; i++) {
            gateway.policy().checkAction(GatewayClient.toolCall(a, a.id(), "search"));
            gateway.policy().checkAction(GatewayClient.toolCall(b, b.id(), "search"));
        }
        awaitChained(owner.workspaceId());
        publicKey = api.get("/api/v1/audit/public-key", owner.accessToken()).text("public_key");
    }

    @Test
    void aWholeExportVerifiesOfflineAndEndsAtTheSignedChainHead() throws IOException {
        for (String format : new String[]{"jsonl", "csv"}) {
            String export = export(owner, "format=" + format);
            Result result = verify(export);
            assertThat(result.ok()).as(format + ": " + result.problem()).isTrue();
            long entries = db.fetchCount(db.selectFrom("audit_entry").where("workspace_id = ?", owner.workspaceId()));
            assertThat(result.entries()).isEqualTo(entries);
            assertThat(result.manifest().path("chain_head").path("hash").asText()).isEqualTo(
                    api.get("/api/v1/audit/verify", owner.accessToken()).text("head_hash"));
        }
    }

    @Test
    void anOrgFilteredExportHoldsOnlyThatOrgsEntriesAndStillVerifies() throws IOException {
        String export = export(owner, "format=jsonl&org_id=org-a");
        Result result = verify(export);
        assertThat(result.ok()).as(String.valueOf(result.problem())).isTrue();
        List<JsonNode> entries = entries(export);
        assertThat(entries).isNotEmpty().allSatisfy(entry -> assertThat(entry.path("org_id").asText()).isEqualTo("org-a"));
        assertThat(entries).extracting(entry -> entry.path("event_type").asText()).contains("AgentActionDecided");
        assertThat(result.manifest().path("filters").path("org_id").asText()).isEqualTo("org-a");
        assertThat(entries(export(owner, "format=jsonl&org_id=org-none"))).isEmpty();

        List<JsonNode> decided = entries(export(owner, "event_type=AgentActionDecided&org_id=org-b"));
        assertThat(decided).hasSize(3);
    }

    @Test
    void anEditedLineIsDetectedAtThatLine() throws IOException {
        List<String> lines = new ArrayList<>(Arrays.asList(export(owner, "format=jsonl").split("\n")));
        int edited = lines.size() / 2;
        lines.set(edited, lines.get(edited).replace("\"event_type\":\"", "\"event_type\":\"X"));
        Result result = verify(String.join("\n", lines));
        assertThat(result.ok()).isFalse();
        assertThat(result.problem().line()).isEqualTo(edited + 1);
        assertThat(result.problem().problem()).isEqualTo("hash_mismatch");

        List<String> csv = new ArrayList<>(Arrays.asList(export(owner, "format=csv").split("\r\n")));
        int row = 3;
        csv.set(row, csv.get(row).replace("SYSTEM", "USER").replace("USER,", "OPERATOR,"));
        Result csvResult = verify(String.join("\r\n", csv));
        assertThat(csvResult.problem().line()).isEqualTo(row + 1);
    }

    @Test
    void aRemovedLineIsDetectedByTheSignedManifest() throws IOException {
        List<String> lines = new ArrayList<>(Arrays.asList(export(owner, "format=jsonl&org_id=org-a").split("\n")));
        lines.remove(1);
        Result result = verify(String.join("\n", lines));
        assertThat(result.ok()).isFalse();
        assertThat(result.problem().problem()).isIn("count_mismatch", "entries_digest_mismatch");

        List<String> whole = new ArrayList<>(Arrays.asList(export(owner, "format=jsonl").split("\n")));
        whole.remove(2);
        Result gap = verify(String.join("\n", whole));
        assertThat(gap.ok()).isFalse();
        assertThat(gap.problem().problem()).isIn("count_mismatch", "entries_digest_mismatch");
    }

    @Test
    void anEditedManifestOrAnotherKeyIsDetected() throws IOException {
        List<String> lines = new ArrayList<>(Arrays.asList(export(owner, "format=jsonl").split("\n")));
        String manifest = lines.removeLast();
        lines.add(manifest.replace("\"count\":", "\"count\":1"));
        Result edited = verify(String.join("\n", lines));
        assertThat(edited.problem().problem()).isEqualTo("manifest_signature_invalid");
        assertThat(edited.problem().line()).isEqualTo(lines.size());

        String otherKey = api.get("/api/v1/audit/public-key", tenants.signUp("pro").accessToken()).text("public_key");
        Result foreign = ExportVerifier.verify(new BufferedReader(new StringReader(export(owner, "format=jsonl"))),
                otherKey, null);
        assertThat(foreign.problem().problem()).isEqualTo("manifest_signature_invalid");

        lines.removeLast();
        assertThat(verify(String.join("\n", lines)).problem().problem()).as("cut short").isEqualTo("manifest_missing");
    }

    @Test
    void noSecretIsInAnExport() {
        String export = export(owner, "format=jsonl");
        assertThat(export).doesNotContain(apiKeySecret).doesNotContain(apiKey)
                .doesNotContain("password").doesNotContain(owner.accessToken()).doesNotContain(owner.refreshToken());
        assertThat(export(owner, "format=csv")).doesNotContain(apiKeySecret).doesNotContain(apiKey);
    }

    @Test
    void exportIsForOwnersAndAdminsOfTheirOwnWorkspace() {
        Member developer = tenants.invite(owner, "DEVELOPER");
        assertThat(api.get("/api/v1/audit/export", developer.accessToken()).status()).isEqualTo(403);
        Member admin = tenants.invite(owner, "ADMIN");
        assertThat(api.get("/api/v1/audit/export", admin.accessToken()).status()).isEqualTo(200);
        Member stranger = tenants.signUp("pro");
        String theirs = export(stranger, "format=jsonl");
        assertThat(theirs).doesNotContain(owner.workspaceId()).contains(stranger.workspaceId());
        Api.Response invalid = api.deliberatelyInvalid().get("/api/v1/audit/export?format=xml", owner.accessToken());
        assertThat(invalid.status()).isEqualTo(400);
        assertThat(invalid.text("field")).isEqualTo("format");
        Api.Response badTime = api.deliberatelyInvalid().get("/api/v1/audit/export?from=yesterday", owner.accessToken());
        assertThat(badTime.text("field")).isEqualTo("from");
    }

    /**
     * Erasing a data subject's personal values (docs/adr/0027) leaves the chain verifiable, on the server and in an
     * export, and the value appears in neither the log nor an export any more.
     */
    @Test
    void anErasedSubjectLeavesTheChainVerifiableAndIsInNoLogOrExport() throws IOException {
        Member invited = tenants.invite(owner, "VIEWER");
        awaitChained(owner.workspaceId());
        assertThat(api.get("/api/v1/logs?per_page=500", owner.accessToken()).body().toString()).contains(invited.email());

        assertThat(erasure.erase(owner.workspaceId(), invited.email())).isPositive();

        JsonNode verification = api.get("/api/v1/audit/verify", owner.accessToken()).body();
        assertThat(verification.path("ok").asBoolean()).as(verification.toString()).isTrue();
        assertThat(verification.path("erased_entries").asLong()).isPositive();
        assertThat(api.get("/api/v1/logs?per_page=500", owner.accessToken()).body().toString())
                .doesNotContain(invited.email()).contains("[erased]");
        for (String format : new String[]{"jsonl", "csv"}) {
            String export = export(owner, "format=" + format);
            assertThat(export).doesNotContain(invited.email());
            Result result = verify(export);
            assertThat(result.ok()).as(format + ": " + result.problem()).isTrue();
        }
    }

    private Result verify(String export) throws IOException {
        return ExportVerifier.verify(new BufferedReader(new StringReader(export)), publicKey, null);
    }

    private static List<JsonNode> entries(String export) throws IOException {
        List<JsonNode> entries = new ArrayList<>();
        for (String line : export.split("\n")) {
            JsonNode node = ChainFormat.JSON.readTree(line);
            if (!node.has("manifest")) {
                entries.add(node);
            }
        }
        return entries;
    }

    private String export(Member member, String query) {
        Api.Response response = api.get("/api/v1/audit/export?" + query, member.accessToken());
        assertThat(response.status()).as(response.body().toString()).isEqualTo(200);
        return response.body().asText();
    }

    private void awaitChained(String workspace) {
        long last = ((Number) db.fetchValue("select max(globalindex) from domainevententry")).longValue();
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            if (chainer.horizon().orElse(-1) < last) {
                return false;
            }
            chainer.chainAll();
            return db.fetchCount(db.selectFrom("audit_entry").where("workspace_id = ? and hash is null", workspace)) == 0;
        });
    }
}
