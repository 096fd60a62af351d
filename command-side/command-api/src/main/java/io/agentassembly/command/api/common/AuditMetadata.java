package io.agentassembly.command.api.common;

/** Metadata keys the edges put on every command; Axon copies them onto the events the command causes. */
public final class AuditMetadata {
    public static final String ACTOR_TYPE = "actorType";
    public static final String ACTOR_ID = "actorId";
    public static final String REQUEST_ID = "requestId";

    private AuditMetadata() {
    }
}
