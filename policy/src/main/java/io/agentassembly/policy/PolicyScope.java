package io.agentassembly.policy;

/**
 * Where a document applies: {@code global}, {@code org:<org>}, {@code team:<team>} or {@code team:<org>/<team>},
 * {@code agent:<agent>} or {@code agent:<org>/<team>/<agent>}. Unqualified team and agent ids match that id in
 * any org of the workspace; the qualified forms pin the org (and team). Ids: {@code [A-Za-z0-9._-]{1,128}}.
 */
public record PolicyScope(Level level, String orgId, String teamId, String agentId) {

    public enum Level { GLOBAL, ORG, TEAM, AGENT }

    public static final PolicyScope GLOBAL = new PolicyScope(Level.GLOBAL, null, null, null);

    /** Parses the {@code spec.scope} text; throws {@link IllegalArgumentException} saying what is wrong. */
    public static PolicyScope parse(String text) {
        throw new UnsupportedOperationException("implemented with the policy module");
    }

    /** The canonical text form, as {@link #parse} accepts it. */
    public String text() {
        throw new UnsupportedOperationException("implemented with the policy module");
    }
}
