package io.agentassembly.policy;

import java.util.regex.Pattern;

/**
 * Field paths as violations, diffs and rule names spell them: {@code spec.tools.shell.limit_per_hour}; a key that
 * is not a plain word (a tool named {@code github.create_issue}) is quoted: {@code spec.tools["github.create_issue"]}
 * (control characters in it escaped).
 */
public final class FieldPaths {

    private static final Pattern PLAIN_KEY = Pattern.compile("[A-Za-z0-9_*?-]+");

    private FieldPaths() {
    }

    public static String child(String parent, String key) {
        if (PLAIN_KEY.matcher(key).matches()) {
            return parent.isEmpty() ? key : parent + "." + key;
        }
        return parent + "[\"" + ControlCharacters.escaped(key.replace("\\", "\\\\").replace("\"", "\\\"")) + "\"]";
    }
}
