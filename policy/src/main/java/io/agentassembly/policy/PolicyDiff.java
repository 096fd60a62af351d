package io.agentassembly.policy;

import java.util.List;

/** Field-level differences between two versions of a document, computed on their canonical JSON. */
public final class PolicyDiff {

    /** One changed leaf or subtree: {@code path} like {@code spec.tools.shell.allow}; {@code from}/{@code to} null when absent. */
    public record Change(String path, Object from, Object to) {
    }

    private PolicyDiff() {
    }

    /** Changes in path order; empty when the documents mean the same. */
    public static List<Change> between(ParsedPolicy from, ParsedPolicy to) {
        throw new UnsupportedOperationException("implemented with the policy module");
    }
}
