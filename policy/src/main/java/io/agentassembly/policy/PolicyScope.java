package io.agentassembly.policy;

import java.util.regex.Pattern;

/**
 * Where a document applies: {@code global}, {@code org:<org>}, {@code team:<team>} or {@code team:<org>/<team>},
 * {@code agent:<agent>} or {@code agent:<org>/<team>/<agent>}. Unqualified team and agent ids match that id in
 * any org of the workspace; the qualified forms pin the org (and team). Ids: {@code [A-Za-z0-9._-]{1,128}}.
 */
public record PolicyScope(Level level, String orgId, String teamId, String agentId) {

    public enum Level { GLOBAL, ORG, TEAM, AGENT }

    public static final PolicyScope GLOBAL = new PolicyScope(Level.GLOBAL, null, null, null);

    private static final Pattern ID = Pattern.compile("[A-Za-z0-9._-]{1,128}");
    private static final String FORMS =
            "global, org:<org>, team:<team>, team:<org>/<team>, agent:<agent> or agent:<org>/<team>/<agent>";

    /** Parses the {@code spec.scope} text; throws {@link IllegalArgumentException} saying what is wrong. */
    public static PolicyScope parse(String text) {
        if (text == null || text.isEmpty()) {
            throw new IllegalArgumentException("scope is empty; use " + FORMS);
        }
        if (text.equals("global")) {
            return GLOBAL;
        }
        int colon = text.indexOf(':');
        if (colon < 0) {
            throw new IllegalArgumentException("scope '" + text + "' is not one of " + FORMS);
        }
        String kind = text.substring(0, colon);
        String[] ids = text.substring(colon + 1).split("/", -1);
        Level level = switch (kind) {
            case "org" -> Level.ORG;
            case "team" -> Level.TEAM;
            case "agent" -> Level.AGENT;
            default -> throw new IllegalArgumentException(
                    "scope '" + text + "' starts with '" + kind + ":'; use " + FORMS);
        };
        int maxParts = switch (level) {
            case ORG -> 1;
            case TEAM -> 2;
            default -> 3;
        };
        if (ids.length != 1 && ids.length != maxParts) {
            throw new IllegalArgumentException("scope '" + text + "' has " + ids.length + " ids; use " + FORMS);
        }
        for (String id : ids) {
            if (!ID.matcher(id).matches()) {
                throw new IllegalArgumentException("scope '" + text + "' has the id '" + id
                        + "'; ids are 1 to 128 characters of A-Z a-z 0-9 . _ -");
            }
        }
        return switch (level) {
            case ORG -> new PolicyScope(Level.ORG, ids[0], null, null);
            case TEAM -> ids.length == 1
                    ? new PolicyScope(Level.TEAM, null, ids[0], null)
                    : new PolicyScope(Level.TEAM, ids[0], ids[1], null);
            default -> ids.length == 1
                    ? new PolicyScope(Level.AGENT, null, null, ids[0])
                    : new PolicyScope(Level.AGENT, ids[0], ids[1], ids[2]);
        };
    }

    /** The canonical text form, as {@link #parse} accepts it. */
    public String text() {
        return switch (level) {
            case GLOBAL -> "global";
            case ORG -> "org:" + orgId;
            case TEAM -> orgId == null ? "team:" + teamId : "team:" + orgId + "/" + teamId;
            case AGENT -> orgId == null ? "agent:" + agentId : "agent:" + orgId + "/" + teamId + "/" + agentId;
        };
    }
}
