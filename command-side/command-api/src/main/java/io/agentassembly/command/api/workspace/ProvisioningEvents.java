package io.agentassembly.command.api.workspace;

import io.agentassembly.command.api.common.Role;
import io.agentassembly.command.api.common.WorkspaceEvent;
import org.axonframework.serialization.Revision;

import java.util.List;
import java.util.Map;

/** Events of users and groups managed by an identity provider (ADR 0029). No secrets. */
public final class ProvisioningEvents {
    private ProvisioningEvents() {
    }

    /** Who may change a user's or group's identity attributes: the console, or the identity provider only. */
    public enum ManagedBy { CONSOLE, IDENTITY_PROVIDER }

    /**
     * The identity attributes of a user as its identity provider set them; from now on the provider manages them.
     * {@code email} is the sign-in address ({@code userName}, normalised); {@code attributes} the other SCIM
     * attributes.
     */
    @Revision("1")
    public record UserProfileChangedEvent(String workspaceId, String userId, String userName, String email,
                                          String displayName, String externalId, Map<String, Object> attributes,
                                          ManagedBy managedBy) implements WorkspaceEvent {
    }

    @Revision("1")
    public record GroupCreatedEvent(String workspaceId, String groupId, String displayName, String externalId,
                                    ManagedBy managedBy) implements WorkspaceEvent {
    }

    @Revision("1")
    public record GroupRenamedEvent(String workspaceId, String groupId, String displayName,
                                    String externalId) implements WorkspaceEvent {
    }

    /** Only the users who were not members yet. */
    @Revision("1")
    public record GroupMembersAddedEvent(String workspaceId, String groupId,
                                         List<String> userIds) implements WorkspaceEvent {
    }

    /** Only the users who were members. */
    @Revision("1")
    public record GroupMembersRemovedEvent(String workspaceId, String groupId,
                                           List<String> userIds) implements WorkspaceEvent {
    }

    /** The group's memberships went with it (without a {@link GroupMembersRemovedEvent}). */
    @Revision("1")
    public record GroupDeletedEvent(String workspaceId, String groupId, String displayName)
            implements WorkspaceEvent {
    }

    /** Group display names lower-cased. */
    @Revision("1")
    public record GroupRoleMappingChangedEvent(String workspaceId, Map<String, Role> roleByGroupName,
                                               Role defaultRole) implements WorkspaceEvent {
    }
}
