package io.agentassembly.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Map;

/** Runs the client in-process with its own environment and home directory, capturing both streams. */
public record CliRun(int exitCode, String out, String err) {

    public static CliRun run(Map<String, String> env, Path home, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exitCode = AasmCli.execute(args, new PrintWriter(out), new PrintWriter(err), new Settings(env, home));
        return new CliRun(exitCode, out.toString(), err.toString());
    }

    @Override
    public String toString() {
        return "exit " + exitCode + "\n--- out\n" + out + "--- err\n" + err;
    }
}
