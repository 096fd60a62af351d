package io.agentassembly.command.api.common;

/** Metadata keys the edges put on every command; Axon copies them onto the events the command causes. */
public final class AuditMetadata {
    public static final String ACTOR_TYPE = "actorType";
    public static final String ACTOR_ID = "actorId";
    public static final String REQUEST_ID = "requestId";
    /**
     * Set (true) on events whose audit entries were written in the transaction that appended them (the gateway's
     * decision journal); the audit-log processor then only writes them during a replay.
     */
    public static final String INDEXED_ON_APPEND = "indexedOnAppend";

    private AuditMetadata() {
    }
}
