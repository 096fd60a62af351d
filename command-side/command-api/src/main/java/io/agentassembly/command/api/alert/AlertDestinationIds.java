package io.agentassembly.command.api.alert;

import java.util.UUID;
import java.util.regex.Pattern;

/** Alert destination ids: {@code dst-<uuid4>}. */
public final class AlertDestinationIds {

    private static final Pattern ID = Pattern.compile("dst-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

    private AlertDestinationIds() {
    }

    public static String newId() {
        return "dst-" + UUID.randomUUID();
    }

    public static boolean isDestinationId(String value) {
        return value != null && ID.matcher(value).matches();
    }
}
