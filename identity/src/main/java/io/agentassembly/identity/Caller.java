package io.agentassembly.identity;

import io.agentassembly.command.api.common.ActorType;
import io.agentassembly.command.api.common.DomainException;
import io.agentassembly.command.api.common.ErrorCode;
import io.agentassembly.command.api.common.Role;

/**
 * The authenticated principal of a request. A workspace caller (user by session or API key) has a
 * workspace, user and role; an operator has none of those; a SCIM token's caller ({@link #scim}) has its workspace
 * only (actor {@code SCIM:<token id>}, no user, no role: it holds no {@link Permission}).
 */
public record Caller(ActorType actorType, String actorId, String workspaceId, String userId, Role role,
                     String sessionId) {

    public static Caller operator(String operatorId) {
        return new Caller(ActorType.OPERATOR, operatorId, null, null, null, null);
    }

    /** The identity provider calling {@code /scim/v2} with the SCIM token {@code tokenId} of the workspace. */
    public static Caller scim(String tokenId, String workspaceId) {
        return new Caller(ActorType.SCIM, tokenId, workspaceId, null, null, null);
    }

    public boolean isScim() {
        return actorType == ActorType.SCIM;
    }

    public Actor actor() {
        return new Actor(actorType, actorId);
    }

    public boolean isOperator() {
        return actorType == ActorType.OPERATOR;
    }

    public boolean has(Permission permission) {
        return role != null && RolePermissions.grants(role, permission);
    }

    /** Refuses with 403 unless the caller's role grants the permission. */
    public Caller require(Permission permission) {
        if (!has(permission)) {
            throw new DomainException(ErrorCode.PERMISSION_DENIED,
                    "your role does not allow this (needs " + permission + ")");
        }
        return this;
    }
}
