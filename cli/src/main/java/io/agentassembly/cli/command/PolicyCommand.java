package io.agentassembly.cli.command;

import com.fasterxml.jackson.databind.JsonNode;
import io.agentassembly.cli.ApiClient;
import io.agentassembly.cli.CliException;
import io.agentassembly.cli.OutputFormat;
import io.agentassembly.cli.Table;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;

/**
 * {@code aasm policy apply}: policy files ({@code POST /api/v1/policies}); {@code aasm policy simulate}: a dry run
 * ({@link PolicySimulateCommand}).
 */
@Command(name = "policy", description = "Policy files.",
        subcommands = {PolicyCommand.Apply.class, PolicySimulateCommand.class})
public final class PolicyCommand extends GroupCommand {

    /** The API's limit on a policy file. */
    static final int MAX_FILE_BYTES = 256 * 1024;

    @Command(name = "apply", description = "Apply a policy file (YAML with ---separated documents, or JSON when the "
            + "name ends in .json): all documents or none. Unchanged documents stay as they are.")
    public static final class Apply extends ApiCommand {

        @Option(names = {"-f", "--file"}, required = true, paramLabel = "FILE",
                description = "The policy file; '-' reads standard input (YAML)")
        String file;

        @Override
        protected void run(ApiClient api, OutputFormat output) {
            byte[] content = readPolicyFile(file);
            String contentType = file.toLowerCase(Locale.ROOT).endsWith(".json") ? "application/json"
                    : "application/yaml";
            JsonNode applied = api.post("/api/v1/policies", contentType, content);
            if (output == OutputFormat.json) {
                printJson(applied);
                return;
            }
            Table table = new Table("NAME", "VERSION", "STATUS", "ACTIVE", "DIGEST");
            for (JsonNode policy : applied.path("policies")) {
                table.row(text(policy, "name"), text(policy, "version"), text(policy, "status"),
                        text(policy, "active"), text(policy, "digest"));
            }
            table.print(out());
        }
    }

    /** A policy file as the API takes it: at most 256 KiB, not empty; '-' is standard input. */
    static byte[] readPolicyFile(String file) {
        byte[] content;
        try {
            content = file.equals("-") ? System.in.readNBytes(MAX_FILE_BYTES + 1) : Files.readAllBytes(Path.of(file));
        } catch (NoSuchFileException e) {
            throw CliException.usage("no such file: " + file);
        } catch (IOException | RuntimeException e) {
            throw CliException.usage("cannot read " + file + ": " + e.getMessage());
        }
        if (content.length == 0) {
            throw CliException.usage(file + " is empty");
        }
        if (content.length > MAX_FILE_BYTES) {
            throw CliException.usage(file + " is larger than 256 KiB, the API's limit for a policy file");
        }
        return content;
    }
}
