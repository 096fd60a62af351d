package io.agentassembly.command.api.scim;

import io.agentassembly.command.api.common.WorkspaceEvent;
import org.axonframework.serialization.Revision;

/** Events of the ScimToken aggregate. The secret's digest is kept out of them (ADR 0002). */
public final class ScimTokenEvents {
    private ScimTokenEvents() {
    }

    @Revision("1")
    public record ScimTokenCreatedEvent(String workspaceId, String tokenId, String name) implements WorkspaceEvent {
    }

    @Revision("1")
    public record ScimTokenRotatedEvent(String workspaceId, String tokenId) implements WorkspaceEvent {
    }

    @Revision("1")
    public record ScimTokenRevokedEvent(String workspaceId, String tokenId) implements WorkspaceEvent {
    }
}
