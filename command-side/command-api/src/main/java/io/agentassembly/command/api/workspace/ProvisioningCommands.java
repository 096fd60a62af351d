package io.agentassembly.command.api.workspace;

import io.agentassembly.command.api.common.Role;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.util.List;
import java.util.Map;

/**
 * Commands an identity provider sends over SCIM (ADR 0029): users and groups stay in the Workspace aggregate, so
 * the last-Owner rule, one address per workspace and group → role mapping are decided under one lock. An
 * {@code expectedVersion} (the resource's ETag) refuses the change when the resource changed since; null skips
 * the check.
 */
public final class ProvisioningCommands {
    private ProvisioningCommands() {
    }

    /**
     * The attributes an identity provider manages for a user. {@code userName} is the user's sign-in e-mail
     * address; {@code attributes} are the other SCIM attributes (core and enterprise), as served.
     */
    public record UserProfile(String userName, String displayName, String externalId,
                              Map<String, Object> attributes) {
    }

    /** A user joins by SCIM, as the workspace's default role until a mapped group says otherwise. */
    public record ProvisionUserCommand(@TargetAggregateIdentifier String workspaceId, String userId,
                                       UserProfile profile, boolean active) {
    }

    /** Replaces what the identity provider manages of a user (SCIM PUT, and PATCH once applied). */
    public record ReplaceUserProfileCommand(@TargetAggregateIdentifier String workspaceId, String userId,
                                            UserProfile profile, boolean active, Long expectedVersion) {
    }

    public record CreateGroupCommand(@TargetAggregateIdentifier String workspaceId, String groupId,
                                     String displayName, String externalId, List<String> memberIds) {
    }

    /**
     * SCIM PUT and PATCH of a group, folded into one change: a new name and external id (null keeps them), then
     * every member dropped when {@code removeAllMembers}, then {@code removeMemberIds} dropped and
     * {@code addMemberIds} added. Only the members named are read or written, whatever the group's size.
     */
    public record ChangeGroupCommand(@TargetAggregateIdentifier String workspaceId, String groupId,
                                     String displayName, String externalId, boolean removeAllMembers,
                                     List<String> addMemberIds, List<String> removeMemberIds,
                                     Long expectedVersion) {
    }

    public record DeleteGroupCommand(@TargetAggregateIdentifier String workspaceId, String groupId,
                                     Long expectedVersion) {
    }

    /**
     * Which role the members of a group get, by group display name (case-insensitive): a user in several mapped
     * groups gets the highest role; one who leaves the last mapped group falls back to {@code defaultRole}, which
     * is also the role of a user provisioned outside every mapped group.
     */
    public record SetGroupRoleMappingCommand(@TargetAggregateIdentifier String workspaceId,
                                             Map<String, Role> roleByGroupName, Role defaultRole) {
    }
}
