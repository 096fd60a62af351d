package io.agentassembly.app.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.agentassembly.cli.AasmCli;
import io.agentassembly.cli.Settings;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** One run of the {@code aasm} command-line client, in-process, with its exit code and what it printed. */
public record CliRun(int exitCode, String out, String err) {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Runs {@code aasm args} with this environment (e.g. AASM_API_URL, AASM_API_KEY) and home directory. */
    public static CliRun aasm(Map<String, String> environment, Path home, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exitCode = AasmCli.execute(args, new PrintWriter(out), new PrintWriter(err), new Settings(environment, home));
        return new CliRun(exitCode, out.toString(), err.toString());
    }

    public JsonNode json() throws IOException {
        return JSON.readTree(out);
    }

    public List<String> lines() {
        return out.lines().toList();
    }

    @Override
    public String toString() {
        return "exit " + exitCode + "\n--- out\n" + out + "--- err\n" + err;
    }
}
