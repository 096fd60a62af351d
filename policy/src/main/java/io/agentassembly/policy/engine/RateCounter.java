package io.agentassembly.policy.engine;

import java.time.Instant;

/** Counts an agent's calls of one tool in a sliding hour; the gateway keeps the counts, a dry run counts nothing. */
public interface RateCounter {

    /** Records one call and answers whether it is within {@code limitPerHour}; a refused call is not counted. */
    boolean tryAcquire(String agentKey, String toolName, int limitPerHour, Instant now);

    /** For dry runs: never refuses, never counts. */
    RateCounter NONE = (agentKey, toolName, limitPerHour, now) -> true;
}
