package io.agentassembly.cli.command;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.agentassembly.cli.AasmCli;
import io.agentassembly.cli.ApiClient;
import io.agentassembly.cli.CliException;
import io.agentassembly.cli.ExitCodes;
import io.agentassembly.cli.OutputFormat;
import io.agentassembly.cli.audit.ExportFilter;
import io.agentassembly.cli.audit.ExportVerifier;
import io.agentassembly.cli.audit.ExportWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.BufferedOutputStream;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.concurrent.Callable;
import java.util.function.Consumer;

/**
 * {@code aasm audit compliance-export}, {@code aasm audit verify-chain} and {@code aasm audit public-key}
 * (docs/audit.md, docs/cli.md).
 */
public final class AuditChainCommands {

    private AuditChainCommands() {
    }

    /** Works offline when given a file; reaches for the API (and its key) only when it needs it. */
    @Command(mixinStandardHelpOptions = true, sortOptions = false, usageHelpAutoWidth = true)
    abstract static class FileCommand implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        AasmCli root() {
            return (AasmCli) spec.root().userObject();
        }

        PrintWriter out() {
            return spec.commandLine().getOut();
        }

        PrintWriter err() {
            return spec.commandLine().getErr();
        }

        /** Progress on stderr when a person watches a terminal; nothing in scripts. */
        Consumer<Long> progress(String what) {
            if (System.console() == null) {
                return null;
            }
            return count -> {
                err().print("\r" + what + " " + count + " entries");
                err().flush();
            };
        }

        void endProgress() {
            if (System.console() != null) {
                err().println();
            }
        }
    }

    @Command(name = "compliance-export", description = "Writes the workspace's signed compliance export to a file "
            + "(GET /api/v1/audit/export), or re-filters an existing export (--input): entries that do not match "
            + "are kept as their hash only, so the result still verifies with verify-chain.")
    public static final class ComplianceExport extends FileCommand {

        @Option(names = "--output-file", paramLabel = "FILE", required = true, description = "Where to write the export")
        Path outputFile;

        @Option(names = "--format", paramLabel = "jsonl|csv", defaultValue = "jsonl",
                description = "JSON Lines or CSV (default ${DEFAULT-VALUE})")
        String format;

        @Option(names = "--org-id", paramLabel = "ORG_ID", description = "Only entries of this org")
        String orgId;

        @Option(names = "--agent-key", paramLabel = "AGENT_KEY", description = "Only entries about this agent")
        String agentKey;

        @Option(names = "--from", paramLabel = "INSTANT", description = "From this ISO-8601 instant (inclusive)")
        String from;

        @Option(names = "--to", paramLabel = "INSTANT", description = "Before this ISO-8601 instant")
        String to;

        @Option(names = "--event-type", paramLabel = "TYPE", description = "Only entries of this event type")
        String eventType;

        @Option(names = "--input", paramLabel = "FILE", description = "Re-filter this export instead of asking the API")
        Path input;

        @Override
        public Integer call() {
            if (!format.equals("jsonl") && !format.equals("csv")) {
                throw CliException.usage("--format must be jsonl or csv, not " + format);
            }
            Instant fromTime = instant("--from", from);
            Instant toTime = instant("--to", to);
            if (input != null) {
                return refilter(fromTime, toTime);
            }
            ApiClient api = root().api();
            long[] entries = {0};
            Consumer<Long> progress = progress("exported");
            try (OutputStream file = new BufferedOutputStream(Files.newOutputStream(outputFile), 1 << 16)) {
                api.download("/api/v1/audit/export", ApiClient.query("format", format, "org_id", orgId,
                        "agent_key", agentKey, "from", from, "to", to, "event_type", eventType),
                        new FilterOutputStream(file) {
                            @Override
                            public void write(int b) throws IOException {
                                out.write(b);
                                if (b == '\n' && ++entries[0] % 10_000 == 0 && progress != null) {
                                    progress.accept(entries[0]);
                                }
                            }

                            @Override
                            public void write(byte[] b, int off, int len) throws IOException {
                                out.write(b, off, len);
                                for (int i = off; i < off + len; i++) {
                                    if (b[i] == '\n' && ++entries[0] % 10_000 == 0 && progress != null) {
                                        progress.accept(entries[0]);
                                    }
                                }
                            }
                        });
            } catch (IOException e) {
                throw new CliException(ExitCodes.USAGE, "cannot write " + outputFile + ": " + e.getMessage());
            }
            endProgress();
            long lines = Math.max(0, entries[0] - (format.equals("csv") ? 2 : 1));
            out().println("wrote " + lines + " entries and the signed manifest to " + outputFile);
            out().flush();
            return ExitCodes.OK;
        }

        private int refilter(Instant fromTime, Instant toTime) {
            long[] counts;
            try (BufferedReader in = Files.newBufferedReader(input, StandardCharsets.UTF_8);
                 BufferedWriter writer = Files.newBufferedWriter(outputFile, StandardCharsets.UTF_8)) {
                counts = ExportFilter.refilter(in, new ExportWriter(writer, format.equals("csv")),
                        new ExportFilter.Filters(orgId, agentKey, fromTime, toTime, eventType), progress("read"));
            } catch (IOException | RuntimeException e) {
                throw new CliException(ExitCodes.USAGE, "cannot re-filter " + input + ": " + e.getMessage());
            }
            endProgress();
            out().println("kept " + counts[0] + " entries, elided " + counts[1] + " (hash only), with the original "
                    + "signed manifest, in " + outputFile);
            out().flush();
            return ExitCodes.OK;
        }

        private static Instant instant(String option, String value) {
            try {
                return value == null || value.isBlank() ? null : Instant.parse(value.strip());
            } catch (DateTimeParseException e) {
                throw CliException.usage(option + " must be an ISO-8601 instant such as 2026-11-25T10:00:00Z");
            }
        }
    }

    @Command(name = "verify-chain", description = "Verifies the workspace's audit chain on the server "
            + "(GET /api/v1/audit/verify), or an export file offline with only the workspace's public key. "
            + "Exit 5 when broken, naming where.")
    public static final class VerifyChain extends FileCommand {

        @Option(names = "--input", paramLabel = "FILE", description = "An export to verify offline")
        Path input;

        @Option(names = "--public-key", paramLabel = "KEY|@FILE",
                description = "The workspace's public key (base64, as GET /api/v1/audit/public-key gives it), or "
                        + "@FILE holding it; without it the key is fetched from the API")
        String publicKey;

        @Override
        public Integer call() {
            OutputFormat output = root().settings().output();
            if (input == null) {
                JsonNode result = root().api().get("/api/v1/audit/verify", ApiClient.query());
                boolean ok = result.path("ok").asBoolean();
                if (output == OutputFormat.json) {
                    print(result);
                } else if (ok) {
                    out().println("ok: " + result.path("entries_checked").asLong() + " entries through sequence "
                            + result.path("chained_through").asLong() + ", " + result.path("checkpoints_checked")
                            .asLong() + " signed checkpoints; " + result.path("pending_entries").asLong()
                            + " not linked yet");
                } else {
                    JsonNode broken = result.path("first_broken");
                    out().println("BROKEN at sequence " + broken.path("sequence").asLong() + ": "
                            + broken.path("problem").asText() + " (expected " + broken.path("expected").asText()
                            + ", found " + broken.path("found").asText() + ")");
                }
                out().flush();
                return ok ? ExitCodes.OK : ExitCodes.VERIFICATION_FAILED;
            }
            String key = key();
            ExportVerifier.Result result;
            try (InputStream in = Files.newInputStream(input)) {
                result = ExportVerifier.verify(in, key, progress("verified"));
            } catch (IOException | RuntimeException e) {
                throw new CliException(ExitCodes.VERIFICATION_FAILED, "cannot verify " + input + ": " + e.getMessage());
            }
            endProgress();
            if (output == OutputFormat.json) {
                ObjectNode json = ApiClient.JSON.createObjectNode();
                json.put("ok", result.ok());
                json.put("entries", result.entries());
                if (result.problem() != null) {
                    ObjectNode problem = json.putObject("problem");
                    problem.put("line", result.problem().line());
                    problem.put("sequence", result.problem().sequence());
                    problem.put("problem", result.problem().problem());
                    problem.put("detail", result.problem().detail());
                }
                print(json);
            } else if (result.ok()) {
                out().println("ok: " + result.entries() + " entries and the signed manifest verify");
            } else {
                out().println("BROKEN at line " + result.problem().line()
                        + (result.problem().sequence() == null ? "" : " (sequence " + result.problem().sequence() + ")")
                        + ": " + result.problem().problem() + " — " + result.problem().detail());
            }
            out().flush();
            return result.ok() ? ExitCodes.OK : ExitCodes.VERIFICATION_FAILED;
        }

        private String key() {
            if (publicKey == null || publicKey.isBlank()) {
                return root().api().get("/api/v1/audit/public-key", ApiClient.query()).path("public_key").asText();
            }
            if (publicKey.startsWith("@")) {
                try {
                    return Files.readString(Path.of(publicKey.substring(1))).strip();
                } catch (IOException e) {
                    throw CliException.usage("cannot read the public key from " + publicKey.substring(1));
                }
            }
            return publicKey.strip();
        }

        private void print(JsonNode json) {
            try {
                out().println(ApiClient.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(json));
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    @Command(name = "public-key", description = "The workspace's audit signing public key (base64, "
            + "GET /api/v1/audit/public-key): what verify-chain --input needs to verify an export offline.")
    public static final class PublicKey extends FileCommand {

        @Option(names = "--output-file", paramLabel = "FILE", description = "Write the key to FILE instead of "
                + "standard output (then verify-chain --public-key @FILE)")
        Path outputFile;

        @Override
        public Integer call() {
            JsonNode key = root().api().get("/api/v1/audit/public-key", ApiClient.query());
            if (outputFile != null) {
                try {
                    Files.writeString(outputFile, key.path("public_key").asText() + "\n");
                } catch (IOException e) {
                    throw CliException.usage("cannot write " + outputFile + ": " + e.getMessage());
                }
                return ExitCodes.OK;
            }
            if (root().settings().output() == OutputFormat.json) {
                try {
                    out().println(ApiClient.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(key));
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            } else {
                out().println(key.path("public_key").asText());
            }
            out().flush();
            return ExitCodes.OK;
        }
    }
}
