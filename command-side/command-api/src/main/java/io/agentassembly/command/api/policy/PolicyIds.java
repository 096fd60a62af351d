package io.agentassembly.command.api.policy;

import java.nio.charset.StandardCharsets;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * A policy is identified by its workspace and its document name ({@code metadata.name}): the aggregate id is
 * {@code pol-<name-based UUID of "workspace\nname">}, so applying a document with a known name reaches the same
 * aggregate without a lookup table, and the same name in another workspace is another policy.
 */
public final class PolicyIds {

    public static final String PREFIX = "pol-";

    /** Document names, as the policy language defines them ({@code metadata.name}). */
    public static final Pattern NAME = Pattern.compile("^[a-z0-9][a-z0-9._-]{0,62}$");

    private PolicyIds() {
    }

    public static String of(String workspaceId, String name) {
        return PREFIX + UUID.nameUUIDFromBytes((workspaceId + "\n" + name).getBytes(StandardCharsets.UTF_8));
    }

    public static boolean isName(String value) {
        return value != null && NAME.matcher(value).matches();
    }
}
