package io.agentassembly.command.api.common;

/**
 * Stable error codes of the domain. The edges map each to a transport status (HTTP, gRPC) in one place;
 * clients rely on the code, never on the message text.
 */
public enum ErrorCode {
    VALIDATION_FAILED(Kind.INVALID),
    REGION_IMMUTABLE(Kind.UNPROCESSABLE),
    BILLING_NOT_APPLICABLE(Kind.UNPROCESSABLE),
    TIER_CHANGE_NOT_ALLOWED(Kind.UNPROCESSABLE),
    TIER_DOWNGRADE_BELOW_USAGE(Kind.CONFLICT),
    WORKSPACE_NOT_FOUND(Kind.NOT_FOUND),
    WORKSPACE_NOT_ACTIVE(Kind.CONFLICT),
    WORKSPACE_ALREADY_VERIFIED(Kind.CONFLICT),
    WORKSPACE_CHOICE_REQUIRED(Kind.CONFLICT),
    SLUG_TAKEN(Kind.CONFLICT),
    EMAIL_TAKEN(Kind.CONFLICT),
    TOKEN_INVALID(Kind.INVALID),
    TOKEN_EXPIRED(Kind.GONE),
    INVITATION_NOT_FOUND(Kind.NOT_FOUND),
    INVITATION_NOT_PENDING(Kind.CONFLICT),
    INVITATION_PENDING(Kind.CONFLICT),
    USER_NOT_FOUND(Kind.NOT_FOUND),
    USER_NOT_ACTIVE(Kind.CONFLICT),
    LAST_OWNER(Kind.CONFLICT),
    /** A console change to what the user's or group's identity provider manages (SCIM); change it there. */
    MANAGED_BY_IDENTITY_PROVIDER(Kind.CONFLICT),
    GROUP_NOT_FOUND(Kind.NOT_FOUND),
    GROUP_NAME_TAKEN(Kind.CONFLICT),
    /** The resource changed since the version the caller named (an ETag's If-Match). */
    VERSION_MISMATCH(Kind.PRECONDITION_FAILED),
    SESSION_NOT_FOUND(Kind.NOT_FOUND),
    SESSION_ENDED(Kind.UNAUTHENTICATED),
    API_KEY_NOT_FOUND(Kind.NOT_FOUND),
    SCIM_TOKEN_NOT_FOUND(Kind.NOT_FOUND),
    /** A revoked SCIM token cannot be rotated; create a new one. */
    SCIM_TOKEN_REVOKED(Kind.CONFLICT),
    QUOTA_EXCEEDED(Kind.CONFLICT),
    AGENT_NOT_FOUND(Kind.NOT_FOUND),
    AGENT_ALREADY_REGISTERED(Kind.CONFLICT),
    AGENT_NOT_ACTIVE(Kind.CONFLICT),
    /** A registration below a parent deeper than an ancestor's {@code max_child_depth} allows. */
    DELEGATION_DEPTH_EXCEEDED(Kind.UNPROCESSABLE),
    APPROVAL_NOT_FOUND(Kind.NOT_FOUND),
    APPROVAL_NOT_PENDING(Kind.CONFLICT),
    APPROVAL_NOT_APPROVED(Kind.CONFLICT),
    APPROVAL_ALREADY_OPEN(Kind.CONFLICT),
    POLICY_NOT_FOUND(Kind.NOT_FOUND),
    POLICY_VERSION_NOT_FOUND(Kind.NOT_FOUND),
    BUDGET_NOT_FOUND(Kind.NOT_FOUND),
    ALERT_DESTINATION_NOT_FOUND(Kind.NOT_FOUND),
    AUTHENTICATION_FAILED(Kind.UNAUTHENTICATED),
    /** A valid access token whose lifetime is over: refresh it ({@code POST /api/v1/auth/refresh}). */
    ACCESS_TOKEN_EXPIRED(Kind.UNAUTHENTICATED),
    PERMISSION_DENIED(Kind.FORBIDDEN),
    RATE_LIMITED(Kind.RATE_LIMITED),
    NOT_FOUND(Kind.NOT_FOUND),
    CONFLICT(Kind.CONFLICT),
    INTERNAL(Kind.INTERNAL);

    /** Transport-neutral category; edges translate it to HTTP or gRPC status. */
    public enum Kind {
        INVALID, UNAUTHENTICATED, FORBIDDEN, NOT_FOUND, CONFLICT, GONE, UNPROCESSABLE, PRECONDITION_FAILED, RATE_LIMITED,
        INTERNAL
    }

    private final Kind kind;

    ErrorCode(Kind kind) {
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
