package io.agentassembly.identity.auth;

import io.agentassembly.command.api.common.ActorType;
import io.agentassembly.command.api.common.Role;
import io.agentassembly.identity.Caller;
import io.agentassembly.identity.token.BearerSecret;
import io.agentassembly.identity.token.SecretTokens;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;
import org.springframework.stereotype.Repository;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

import static io.agentassembly.schema.jooq.Tables.API_KEY_VIEW;
import static io.agentassembly.schema.jooq.Tables.CREDENTIAL_DIGEST;
import static io.agentassembly.schema.jooq.Tables.PASSWORD_CREDENTIAL;
import static io.agentassembly.schema.jooq.Tables.SCIM_TOKEN_VIEW;
import static io.agentassembly.schema.jooq.Tables.USER_ACCOUNT;
import static io.agentassembly.schema.jooq.Tables.USER_SESSION;
import static io.agentassembly.schema.jooq.Tables.WORKSPACE_VIEW;

/**
 * Reads what authentication needs, committed in the same transaction as the events that changed it:
 * a user counts only while the user and the workspace are active, a session only until it ends, expires or
 * reaches its maximum lifetime, a key or SCIM token only until revoked (or, for a SCIM token's secret, rotated away).
 */
@Repository
public class CredentialLookup {

    static final String ACTIVE = "ACTIVE";
    /** {@code CredentialDigests.SCIM_TOKEN} (command-domain), the kind SCIM token digests are stored under. */
    static final String SCIM_TOKEN_KIND = "SCIM_TOKEN";

    /** A user the address names in one workspace (an address may name users of several, ADR 0016). */
    public record LoginCandidate(String userId, String workspaceId, String workspaceSlug, String workspaceName,
                                 String passwordHash, boolean usable) {
    }

    public record SessionOwner(String sessionId, String workspaceId, String userId) {
    }

    private final DSLContext db;

    public CredentialLookup(DSLContext db) {
        this.db = db;
    }

    /**
     * The users with a password whom the address names, in the workspace with this slug only when one is given,
     * oldest workspace first.
     */
    public List<LoginCandidate> loginCandidates(String email, String workspaceSlug) {
        return db.select(USER_ACCOUNT.USER_ID, USER_ACCOUNT.WORKSPACE_ID, WORKSPACE_VIEW.SLUG, WORKSPACE_VIEW.NAME,
                        PASSWORD_CREDENTIAL.PASSWORD_HASH, USER_ACCOUNT.STATUS, WORKSPACE_VIEW.STATUS)
                .from(USER_ACCOUNT)
                .join(PASSWORD_CREDENTIAL).on(PASSWORD_CREDENTIAL.USER_ID.eq(USER_ACCOUNT.USER_ID))
                .join(WORKSPACE_VIEW).on(WORKSPACE_VIEW.WORKSPACE_ID.eq(USER_ACCOUNT.WORKSPACE_ID))
                .where(USER_ACCOUNT.EMAIL.eq(email))
                .and(workspaceSlug == null ? DSL.noCondition() : WORKSPACE_VIEW.SLUG.eq(workspaceSlug))
                .orderBy(WORKSPACE_VIEW.CREATED_AT, WORKSPACE_VIEW.WORKSPACE_ID)
                .fetch(r -> new LoginCandidate(r.value1(), r.value2(), r.value3(), r.value4(), r.value5(),
                        ACTIVE.equals(r.value6()) && ACTIVE.equals(r.value7())));
    }

    /**
     * The caller behind an access token, if its session is live (not ended, not expired, signed in after
     * {@code signedInAfter}) and its user and workspace active.
     */
    public Optional<Caller> sessionCaller(String sessionId, String userId, String workspaceId, Instant signedInAfter) {
        return db.select(USER_ACCOUNT.ROLE)
                .from(USER_SESSION)
                .join(USER_ACCOUNT).on(USER_ACCOUNT.USER_ID.eq(USER_SESSION.USER_ID))
                .join(WORKSPACE_VIEW).on(WORKSPACE_VIEW.WORKSPACE_ID.eq(USER_SESSION.WORKSPACE_ID))
                .where(USER_SESSION.SESSION_ID.eq(sessionId)
                        .and(USER_SESSION.USER_ID.eq(userId))
                        .and(USER_SESSION.WORKSPACE_ID.eq(workspaceId))
                        .and(USER_SESSION.ENDED_AT.isNull())
                        .and(USER_SESSION.EXPIRES_AT.gt(OffsetDateTime.now()))
                        .and(USER_SESSION.CREATED_AT.gt(signedInAfter.atOffset(ZoneOffset.UTC)))
                        .and(USER_ACCOUNT.STATUS.eq(ACTIVE))
                        .and(WORKSPACE_VIEW.STATUS.eq(ACTIVE)))
                .fetchOptional(r -> new Caller(ActorType.USER, userId, workspaceId, userId,
                        Role.valueOf(r.value1()), sessionId));
    }

    /** The caller behind an API key: it acts as its owner, with the owner's current role. */
    public Optional<Caller> apiKeyCaller(BearerSecret presented) {
        return db.select(API_KEY_VIEW.WORKSPACE_ID, API_KEY_VIEW.OWNER_USER_ID, USER_ACCOUNT.ROLE, CREDENTIAL_DIGEST.DIGEST)
                .from(API_KEY_VIEW)
                .join(CREDENTIAL_DIGEST).on(CREDENTIAL_DIGEST.CREDENTIAL_ID.eq(API_KEY_VIEW.KEY_ID))
                .join(USER_ACCOUNT).on(USER_ACCOUNT.USER_ID.eq(API_KEY_VIEW.OWNER_USER_ID))
                .join(WORKSPACE_VIEW).on(WORKSPACE_VIEW.WORKSPACE_ID.eq(API_KEY_VIEW.WORKSPACE_ID))
                .where(API_KEY_VIEW.KEY_ID.eq(presented.credentialId())
                        .and(API_KEY_VIEW.REVOKED_AT.isNull())
                        .and(USER_ACCOUNT.STATUS.eq(ACTIVE))
                        .and(WORKSPACE_VIEW.STATUS.eq(ACTIVE)))
                .fetchOptional()
                .filter(r -> SecretTokens.constantTimeEquals(r.value4(), presented.digest()))
                .map(r -> new Caller(ActorType.API_KEY, presented.credentialId(), r.value1(), r.value2(),
                        Role.valueOf(r.value3()), null));
    }

    /**
     * The caller behind a SCIM token of an active workspace: {@link Caller#scim}. Rotation replaces and revocation
     * deletes the digest in the command's transaction, so a rotated-away or revoked secret fails at once.
     */
    public Optional<Caller> scimTokenCaller(BearerSecret presented) {
        if (!BearerSecret.SCIM_TOKEN.equals(presented.prefix())) {
            return Optional.empty();
        }
        return db.select(SCIM_TOKEN_VIEW.WORKSPACE_ID, CREDENTIAL_DIGEST.DIGEST)
                .from(SCIM_TOKEN_VIEW)
                .join(CREDENTIAL_DIGEST).on(CREDENTIAL_DIGEST.CREDENTIAL_ID.eq(SCIM_TOKEN_VIEW.TOKEN_ID))
                .join(WORKSPACE_VIEW).on(WORKSPACE_VIEW.WORKSPACE_ID.eq(SCIM_TOKEN_VIEW.WORKSPACE_ID))
                .where(SCIM_TOKEN_VIEW.TOKEN_ID.eq(presented.credentialId())
                        .and(SCIM_TOKEN_VIEW.REVOKED_AT.isNull())
                        .and(CREDENTIAL_DIGEST.KIND.eq(SCIM_TOKEN_KIND))
                        .and(WORKSPACE_VIEW.STATUS.eq(ACTIVE)))
                .fetchOptional()
                .filter(r -> SecretTokens.constantTimeEquals(r.value2(), presented.digest()))
                .map(r -> Caller.scim(presented.credentialId(), r.value1()));
    }

    /** A session that has not ended, of an active user in an active workspace (its expiry is the aggregate's to decide). */
    public Optional<SessionOwner> liveSession(String sessionId) {
        return db.select(USER_SESSION.WORKSPACE_ID, USER_SESSION.USER_ID)
                .from(USER_SESSION)
                .join(USER_ACCOUNT).on(USER_ACCOUNT.USER_ID.eq(USER_SESSION.USER_ID))
                .join(WORKSPACE_VIEW).on(WORKSPACE_VIEW.WORKSPACE_ID.eq(USER_SESSION.WORKSPACE_ID))
                .where(USER_SESSION.SESSION_ID.eq(sessionId)
                        .and(USER_SESSION.ENDED_AT.isNull())
                        .and(USER_ACCOUNT.STATUS.eq(ACTIVE))
                        .and(WORKSPACE_VIEW.STATUS.eq(ACTIVE)))
                .fetchOptional(r -> new SessionOwner(sessionId, r.value1(), r.value2()));
    }

    /** The user's sessions that have neither ended nor expired. */
    public List<String> liveSessionIds(String workspaceId, String userId) {
        return db.select(USER_SESSION.SESSION_ID)
                .from(USER_SESSION)
                .where(USER_SESSION.USER_ID.eq(userId)
                        .and(USER_SESSION.WORKSPACE_ID.eq(workspaceId))
                        .and(USER_SESSION.ENDED_AT.isNull())
                        .and(USER_SESSION.EXPIRES_AT.gt(OffsetDateTime.now())))
                .fetch(USER_SESSION.SESSION_ID);
    }
}
