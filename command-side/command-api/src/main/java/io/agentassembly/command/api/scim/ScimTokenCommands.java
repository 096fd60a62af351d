package io.agentassembly.command.api.scim;

import io.agentassembly.command.api.common.SecretDigest;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Commands of the ScimToken aggregate: the bearer token an identity provider provisions a workspace with. */
public final class ScimTokenCommands {
    private ScimTokenCommands() {
    }

    public record CreateScimTokenCommand(@TargetAggregateIdentifier String tokenId, String workspaceId, String name,
                                         SecretDigest secret) {
    }

    /** A new secret for the same token; the previous one stops working at once. */
    public record RotateScimTokenCommand(@TargetAggregateIdentifier String tokenId, String workspaceId,
                                         SecretDigest secret) {
    }

    /** Refused with NOT_FOUND when the token belongs to another workspace. */
    public record RevokeScimTokenCommand(@TargetAggregateIdentifier String tokenId, String workspaceId) {
    }
}
