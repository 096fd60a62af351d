package io.agentassembly.command.api.apikey;

import io.agentassembly.command.api.common.WorkspaceEvent;
import org.axonframework.serialization.Revision;

public final class ApiKeyEvents {
    private ApiKeyEvents() {
    }

    @Revision("1")
    public record ApiKeyCreatedEvent(String workspaceId, String keyId, String ownerUserId,
                                     String name) implements WorkspaceEvent {
    }

    @Revision("1")
    public record ApiKeyRevokedEvent(String workspaceId, String keyId, String ownerUserId) implements WorkspaceEvent {
    }
}
