package io.agentassembly.command.api.approval;

import java.util.UUID;
import java.util.regex.Pattern;

/** Approval ids: {@code apr-<uuid4>}. */
public final class ApprovalIds {

    private static final Pattern ID = Pattern.compile("apr-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

    private ApprovalIds() {
    }

    public static String newId() {
        return "apr-" + UUID.randomUUID();
    }

    public static boolean isApprovalId(String value) {
        return value != null && ID.matcher(value).matches();
    }
}
