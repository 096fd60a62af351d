package io.agentassembly.cli.command;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.agentassembly.cli.AasmCli;
import io.agentassembly.cli.ApiClient;
import io.agentassembly.cli.ExitCodes;
import io.agentassembly.cli.OutputFormat;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.math.BigDecimal;
import java.util.concurrent.Callable;

/** A command that calls the API and prints the answer as a table or as JSON. */
@Command(mixinStandardHelpOptions = true, sortOptions = false, usageHelpAutoWidth = true)
public abstract class ApiCommand implements Callable<Integer> {

    @Spec
    protected CommandSpec spec;

    @Override
    public final Integer call() {
        run(root().api(), root().settings().output());
        out().flush();
        return ExitCodes.OK;
    }

    protected abstract void run(ApiClient api, OutputFormat output);

    protected AasmCli root() {
        return (AasmCli) spec.root().userObject();
    }

    protected PrintWriter out() {
        return spec.commandLine().getOut();
    }

    protected void printJson(JsonNode json) {
        try {
            out().println(ApiClient.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(json));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A field as text; null when absent or null. */
    protected static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull() || value.isMissingNode()) {
            return null;
        }
        if (value.isBigDecimal() || value.isDouble() || value.isFloat()) {
            return value.decimalValue().toPlainString();
        }
        return value.isValueNode() ? value.asText() : value.toString();
    }

    /** A decimal written as a JSON string or number, exactly as sent; null when absent. */
    protected static BigDecimal decimal(JsonNode node, String field) {
        String value = text(node, field);
        try {
            return value == null ? null : new BigDecimal(value);
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
