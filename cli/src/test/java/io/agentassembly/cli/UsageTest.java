package io.agentassembly.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** What the client says, and exits with, before or without reaching an API. */
class UsageTest {

    @TempDir
    Path home;

    private CliRun aasm(Map<String, String> env, String... args) {
        return CliRun.run(env, home, args);
    }

    private CliRun aasm(String... args) {
        return aasm(Map.of("AASM_API_KEY", "aask_x", "AASM_API_URL", "http://127.0.0.1:9"), args);
    }

    @Test
    void helpAndVersionSucceed() {
        CliRun help = aasm("--help");
        assertThat(help.exitCode()).isZero();
        assertThat(help.out()).contains("agents", "policy", "audit", "budget", "Exit codes:", "AASM_API_KEY");
        CliRun commandHelp = aasm("audit", "list", "--help");
        assertThat(commandHelp.exitCode()).isZero();
        assertThat(commandHelp.out()).contains("--event-type", "--org-id", "--limit");
        assertThat(aasm("--version").out()).startsWith("aasm ");
    }

    @Test
    void wrongCommandLinesExitWithTwo() throws Exception {
        assertThat(aasm().exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(aasm("agents").err()).contains("missing subcommand: one of list, get");
        assertThat(aasm("agents").exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(aasm("frobnicate").exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(aasm("agents", "list", "--colour").exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(aasm("agents", "list", "--status", "sleeping").err()).contains("ACTIVE, SUSPENDED, REVOKED, DEREGISTERED");
        assertThat(aasm("audit", "list", "--limit", "0").err()).contains("--limit must be between 1 and 10000");
        assertThat(aasm("audit", "list", "--limit", "0").exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(aasm("policy", "apply").exitCode()).isEqualTo(ExitCodes.USAGE);
        CliRun missingFile = aasm("policy", "apply", "-f", home.resolve("nope.yaml").toString());
        assertThat(missingFile.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(missingFile.err()).contains("no such file");
        Path empty = Files.createFile(home.resolve("empty.yaml"));
        assertThat(aasm("policy", "apply", "-f", empty.toString()).err()).contains("is empty");
        assertThat(aasm("agents", "list", "--api-url", "localhost:8080").exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(aasm("agents", "list", "-o", "yaml").exitCode()).isEqualTo(ExitCodes.USAGE);
    }

    @Test
    void withoutAKeyNothingIsSentAndTheExitCodeIsThree() {
        CliRun run = aasm(Map.of(), "agents", "list");

        assertThat(run.exitCode()).isEqualTo(ExitCodes.AUTHENTICATION);
        assertThat(run.err()).contains("no API key").contains("AASM_API_KEY");
    }

    @Test
    void anUnreachableApiExitsWithOne() {
        CliRun run = aasm("agents", "list");

        assertThat(run.exitCode()).isEqualTo(ExitCodes.API_ERROR);
        assertThat(run.err()).contains("cannot reach the API at http://127.0.0.1:9");
    }

    @Test
    void optionsAreAcceptedBeforeOrAfterTheSubcommand() throws Exception {
        try (StubApi stub = new StubApi()) {
            stub.answer(200, "application/json", "[]");
            CliRun before = aasm(Map.of(), "--api-url", stub.url(), "--api-key", "aask_a", "-o", "json", "agents", "list");
            CliRun after = aasm(Map.of(), "agents", "list", "--api-url", stub.url(), "--api-key", "aask_b", "--output=json");

            assertThat(before.exitCode()).as(before.toString()).isZero();
            assertThat(after.exitCode()).as(after.toString()).isZero();
            assertThat(before.out().strip()).isEqualTo("[ ]");
            assertThat(stub.requests()).extracting(StubApi.Request::authorization)
                    .containsExactly("Bearer aask_a", "Bearer aask_b");
        }
    }
}
