package io.agentassembly.projection;

/**
 * The {@value #PROCESSING_GROUP} processing group: the read models security decisions and the REST edge read
 * (workspaces, users, invitations, sessions, API keys, SCIM tokens, agents), one projection class each. Subscribing, in the
 * command's transaction, so they read committed state at once (docs/adr/0003, 0019).
 */
public final class Directory {

    public static final String PROCESSING_GROUP = "directory";

    private Directory() {
    }
}
