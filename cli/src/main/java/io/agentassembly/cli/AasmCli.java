package io.agentassembly.cli;

import io.agentassembly.cli.command.AgentsCommand;
import io.agentassembly.cli.command.AuditCommand;
import io.agentassembly.cli.command.BudgetCommand;
import io.agentassembly.cli.command.PolicyCommand;
import io.agentassembly.cli.command.TopologyCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Properties;
import java.util.concurrent.Callable;

/**
 * {@code aasm}: the command-line client of the control plane's REST API. One class per command group
 * ({@code io.agentassembly.cli.command}); the options here are accepted before or after any subcommand.
 * Adding a group: a {@code @Command} class extending {@link io.agentassembly.cli.command.GroupCommand} with
 * leaf commands extending {@link io.agentassembly.cli.command.ApiCommand}, listed in {@code subcommands} below.
 */
@Command(name = "aasm", mixinStandardHelpOptions = true,
        versionProvider = AasmCli.Version.class, sortOptions = false, usageHelpAutoWidth = true,
        description = "Command-line client of the Agent Assembly control plane's REST API.",
        subcommands = {AgentsCommand.class, PolicyCommand.class, AuditCommand.class, BudgetCommand.class,
                TopologyCommand.class,
                CommandLine.HelpCommand.class},
        footerHeading = "%nConfiguration:%n",
        footer = {"  Each setting comes from its option, else the environment (AASM_API_URL,",
                "  AASM_API_KEY, AASM_OUTPUT), else the configuration file (--config, else",
                "  $AASM_CONFIG, else ~/.config/aasm/config.properties: api_url, api_key,",
                "  output), else http://localhost:8080 and table output. The API key is a",
                "  workspace API key (aask_...). 'aasm help COMMAND' describes a command."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:ok", "1:API refused the request, server error, or API unreachable",
                "2:usage or configuration error", "3:no usable API key (401) or permission denied (403)",
                "4:not found (404)", "5:audit chain or export verification failed",
                "6:policy simulate --fail-on-deny: the decision is DENY"})
public final class AasmCli implements Callable<Integer> {

    @Option(names = "--api-url", paramLabel = "URL", scope = ScopeType.INHERIT,
            description = "Control plane URL (else $AASM_API_URL, api_url, http://localhost:8080)")
    private String apiUrl;

    @Option(names = "--api-key", paramLabel = "KEY", scope = ScopeType.INHERIT,
            description = "Workspace API key (else $AASM_API_KEY, api_key); prefer those: an option is "
                    + "visible to other local users")
    private String apiKey;

    @Option(names = {"-o", "--output"}, paramLabel = "table|json", scope = ScopeType.INHERIT,
            description = "Output format (else $AASM_OUTPUT, output, table)")
    private OutputFormat output;

    @Option(names = "--config", paramLabel = "FILE", scope = ScopeType.INHERIT,
            description = "Configuration file (else $AASM_CONFIG, ~/.config/aasm/config.properties)")
    private Path config;

    @Spec
    private CommandSpec spec;

    private final Settings settings;
    private Settings.Resolved resolved;
    private ApiClient api;

    public AasmCli(Settings settings) {
        this.settings = settings;
    }

    public static void main(String[] args) {
        PrintWriter out = new PrintWriter(System.out, true, StandardCharsets.UTF_8);
        PrintWriter err = new PrintWriter(System.err, true, StandardCharsets.UTF_8);
        System.exit(execute(args, out, err, Settings.ofProcess()));
    }

    /** Runs one command line, printing to {@code out} and {@code err}, and returns the exit code. */
    public static int execute(String[] args, PrintWriter out, PrintWriter err, Settings settings) {
        CommandLine commandLine = new CommandLine(new AasmCli(settings))
                .setCaseInsensitiveEnumValuesAllowed(true)
                .setOut(out)
                .setErr(err)
                .setExecutionExceptionHandler((exception, failed, parseResult) -> {
                    if (exception instanceof CliException cli) {
                        err.println("aasm: " + cli.getMessage());
                        err.flush();
                        return cli.exitCode();
                    }
                    err.println("aasm: unexpected failure: " + exception);
                    err.flush();
                    return ExitCodes.API_ERROR;
                });
        int exitCode = commandLine.execute(args);
        out.flush();
        err.flush();
        return exitCode;
    }

    /** {@code aasm} alone: the usage, as a usage error. */
    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return ExitCodes.USAGE;
    }

    /** The settings of this command line (resolved once). */
    public Settings.Resolved settings() {
        if (resolved == null) {
            resolved = settings.resolve(apiUrl, apiKey, output, config);
            if (resolved.warning() != null) {
                spec.commandLine().getErr().println("aasm: " + resolved.warning());
            }
        }
        return resolved;
    }

    public ApiClient api() {
        if (api == null) {
            Settings.Resolved current = settings();
            api = new ApiClient(current.apiUrl(), current.apiKey(), "aasm-cli/" + version());
        }
        return api;
    }

    static String version() {
        Properties properties = new Properties();
        try (InputStream in = AasmCli.class.getResourceAsStream("/aasm-cli.properties")) {
            if (in != null) {
                properties.load(in);
            }
        } catch (IOException e) {
            // the version is informational
        }
        return properties.getProperty("version", "dev");
    }

    public static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[]{"aasm " + version()};
        }
    }
}
