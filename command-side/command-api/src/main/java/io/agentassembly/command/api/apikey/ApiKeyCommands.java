package io.agentassembly.command.api.apikey;

import io.agentassembly.command.api.common.SecretDigest;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Commands of the ApiKey aggregate: a personal bearer key that acts as its owner. */
public final class ApiKeyCommands {
    private ApiKeyCommands() {
    }

    public record CreateApiKeyCommand(@TargetAggregateIdentifier String keyId, String workspaceId,
                                      String ownerUserId, String name, SecretDigest secret) {
    }

    /** Refused with API_KEY_NOT_FOUND when the key belongs to another workspace. */
    public record RevokeApiKeyCommand(@TargetAggregateIdentifier String keyId, String workspaceId) {
    }
}
