package io.agentassembly.app;

import io.agentassembly.app.audit.AuditChainer;
import io.agentassembly.app.support.CliRun;
import io.agentassembly.app.support.GatewayClient;
import io.agentassembly.app.support.GatewayClient.RegisteredAgent;
import io.agentassembly.app.support.GatewayIntegrationTest;
import io.agentassembly.cli.ExitCodes;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code aasm audit compliance-export} and {@code aasm audit verify-chain}, run in-process against the running
 * product: an export verifies offline with only the public key, a tampered file or database exits 5 naming where,
 * and a re-filtered export still verifies.
 */
class AuditChainCliTest extends GatewayIntegrationTest {

    @Autowired
    AuditChainer chainer;

    @TempDir
    Path home;

    private String publicKey;

    @BeforeEach
    void history() {
        RegisteredAgent a = gateway.register(apiKey, "org-a", "team-1", "cli-a");
        RegisteredAgent b = gateway.register(apiKey, "org-b", "team-2", "cli-b");
        for (int i = 0; i < 2; i++) {
            gateway.policy().checkAction(GatewayClient.toolCall(a, a.id(), "search"));
            gateway.policy().checkAction(GatewayClient.toolCall(b, b.id(), "search"));
        }
        long last = ((Number) db.fetchValue("select max(globalindex) from domainevententry")).longValue();
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            if (chainer.horizon().orElse(-1) < last) {
                return false;
            }
            chainer.chainAll();
            return db.fetchCount(db.selectFrom("audit_entry").where("workspace_id = ? and hash is null",
                    owner.workspaceId())) == 0;
        });
        publicKey = api.get("/api/v1/audit/public-key", owner.accessToken()).text("public_key");
    }

    @Test
    void anExportWrittenByTheCliVerifiesOfflineAndATamperedOneExitsFiveAtItsLine() throws IOException {
        for (String format : new String[]{"jsonl", "csv"}) {
            Path file = home.resolve("export." + format);
            CliRun export = aasm("audit", "compliance-export", "--format", format, "--output-file", file.toString());
            assertThat(export.exitCode()).as(export.toString()).isZero();
            assertThat(export.out()).contains("signed manifest");

            Path key = home.resolve("key.pub");
            CliRun fetched = aasm("audit", "public-key", "--output-file", key.toString());
            assertThat(fetched.exitCode()).as(fetched.toString()).isZero();
            assertThat(Files.readString(key).strip()).isEqualTo(publicKey);
            assertThat(aasm("audit", "public-key").out().strip()).isEqualTo(publicKey);
            CliRun verified = offline("audit", "verify-chain", "--input", file.toString(), "--public-key", "@" + key);
            assertThat(verified.exitCode()).as(verified.toString()).isZero();
            assertThat(verified.out()).startsWith("ok: ");

            List<String> lines = new ArrayList<>(Files.readAllLines(file));
            int edited = 3;
            lines.set(edited - 1, lines.get(edited - 1).replace(owner.workspaceId(), owner.workspaceId() + "x"));
            Path tampered = home.resolve("tampered." + format);
            Files.write(tampered, lines);
            CliRun broken = offline("audit", "verify-chain", "--input", tampered.toString(), "--public-key", publicKey);
            assertThat(broken.exitCode()).as(broken.toString()).isEqualTo(ExitCodes.VERIFICATION_FAILED);
            assertThat(broken.out()).startsWith("BROKEN at line " + edited + " ");
        }
    }

    @Test
    void aReFilteredExportKeepsOnlyTheOrgsEntriesAndStillVerifies() throws IOException {
        Path whole = home.resolve("whole.jsonl");
        assertThat(aasm("audit", "compliance-export", "--output-file", whole.toString()).exitCode()).isZero();
        Path orgA = home.resolve("org-a.csv");
        CliRun refiltered = offline("audit", "compliance-export", "--input", whole.toString(), "--org-id", "org-a",
                "--format", "csv", "--output-file", orgA.toString());
        assertThat(refiltered.exitCode()).as(refiltered.toString()).isZero();
        String csv = Files.readString(orgA);
        assertThat(csv).contains("org-a").doesNotContain("cli-b");
        CliRun verified = offline("audit", "verify-chain", "--input", orgA.toString(), "--public-key", publicKey);
        assertThat(verified.exitCode()).as(verified.toString()).isZero();

        Path apiFiltered = home.resolve("api-org-a.jsonl");
        assertThat(aasm("audit", "compliance-export", "--org-id", "org-a", "--output-file", apiFiltered.toString())
                .exitCode()).isZero();
        assertThat(Files.readString(apiFiltered)).contains("org-a").doesNotContain("\"org-b\"");
        assertThat(offline("audit", "verify-chain", "--input", apiFiltered.toString(), "--public-key", publicKey)
                .exitCode()).isZero();
    }

    @Test
    void verifyChainAgainstTheServerExitsFiveWhenARowWasDeleted() {
        CliRun clean = aasm("audit", "verify-chain");
        assertThat(clean.exitCode()).as(clean.toString()).isZero();
        assertThat(clean.out()).startsWith("ok: ");
        // A deleted entry that a checkpoint names is reported as missing at its own sequence; any other shows as
        // the next entry no longer following the one before it.
        List<Long> sequences = db.fetch("select global_sequence from audit_entry a where workspace_id = ? and not "
                + "exists (select 1 from audit_checkpoint c where c.workspace_id = a.workspace_id and c.sequence = "
                + "a.global_sequence) order by global_sequence", owner.workspaceId()).getValues(0, Long.class);
        long deleted = sequences.get(2);
        long next = (Long) db.fetchValue("select min(global_sequence) from audit_entry where workspace_id = ? and "
                + "global_sequence > ?", owner.workspaceId(), deleted);
        db.execute("delete from audit_entry where global_sequence = ?", deleted);
        CliRun broken = aasm("audit", "verify-chain");
        assertThat(broken.exitCode()).as(broken.toString()).isEqualTo(ExitCodes.VERIFICATION_FAILED);
        assertThat(broken.out()).startsWith("BROKEN at sequence " + next + ": prev_hash_mismatch");
    }

    private CliRun aasm(String... args) {
        return run(Map.of("AASM_API_URL", "http://127.0.0.1:" + port, "AASM_API_KEY", apiKey), args);
    }

    /** No API URL or key at all: offline. */
    private CliRun offline(String... args) {
        return run(Map.of("AASM_API_URL", "http://127.0.0.1:9"), args);
    }

    private CliRun run(Map<String, String> environment, String... args) {
        return CliRun.aasm(environment, home, args);
    }
}
