package io.agentassembly.query.api;

import java.time.Instant;

/** The SCIM tokens of a workspace (never their secrets); every query is scoped by its workspace id. */
public final class ScimTokenQueries {
    private ScimTokenQueries() {
    }

    /** Answers {@code List<ScimTokenView>}, revoked tokens included, oldest first. */
    public record ListScimTokensQuery(String workspaceId) {
    }

    /** Answers {@code Optional<ScimTokenView>}; empty for another workspace's token. */
    public record FindScimTokenQuery(String workspaceId, String tokenId) {
    }

    public record ScimTokenView(String tokenId, String workspaceId, String name, Instant createdAt, Instant rotatedAt,
                                Instant revokedAt) {
    }
}
