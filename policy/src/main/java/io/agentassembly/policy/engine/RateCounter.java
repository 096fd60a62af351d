package io.agentassembly.policy.engine;

import java.time.Instant;

/**
 * Counts an agent's calls of one tool in a sliding hour, within one workspace; the gateway keeps the counts, a
 * dry run counts nothing.
 */
public interface RateCounter {

    /** What {@link #tryAcquire} did with the call. */
    enum Admission {
        /** Within the limit, and counted. */
        COUNTED,
        /** Over the limit; not counted. */
        OVER_LIMIT,
        /** The call needs a new count window and the workspace holds as many as it may: not counted, denied. */
        WORKSPACE_FULL,
        /** The call needs a new count window and the node holds as many as it may: not counted, denied. */
        NODE_FULL
    }

    /** Records one call when it is within {@code limitPerHour}; a call that is not {@code COUNTED} is not counted. */
    Admission tryAcquire(String agentKey, String toolName, int limitPerHour, Instant now);

    /** For dry runs: never refuses, never counts. */
    RateCounter NONE = (agentKey, toolName, limitPerHour, now) -> Admission.COUNTED;
}
