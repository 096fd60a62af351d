package io.agentassembly.command.api.budget;

import java.util.UUID;
import java.util.regex.Pattern;

/** Budget ids: {@code bud-<uuid4>}. */
public final class BudgetIds {

    private static final Pattern ID = Pattern.compile("bud-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

    private BudgetIds() {
    }

    public static String newId() {
        return "bud-" + UUID.randomUUID();
    }

    public static boolean isBudgetId(String value) {
        return value != null && ID.matcher(value).matches();
    }
}
