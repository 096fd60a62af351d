package io.agentassembly.gateway.agent;

import io.agentassembly.command.api.agent.AgentIdentity;
import org.jooq.DSLContext;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Repository;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;

import static io.agentassembly.schema.jooq.Tables.REGISTRATION_CHALLENGE;

/**
 * Proof-of-possession challenges, kept in PostgreSQL so that any app node can consume a nonce another issued.
 * A nonce is 32 random bytes, bound to an agent triple and a public key, valid for {@code ttl}, single use.
 */
@Repository
public class RegistrationChallenges {

    public static final int NONCE_LENGTH = 32;

    /** A consumed challenge: what it was bound to, and whether it had expired. */
    public record Challenge(AgentIdentity identity, String publicKeyHex, boolean expired) {

        public boolean boundTo(AgentIdentity claimed, String claimedPublicKeyHex) {
            return identity.equals(claimed) && publicKeyHex.equalsIgnoreCase(claimedPublicKeyHex);
        }
    }

    public record Issued(byte[] nonce, Instant expiresAt) {
    }

    private final DSLContext db;
    private final Duration ttl;
    private final Clock clock = Clock.systemUTC();
    private final SecureRandom random = new SecureRandom();

    public RegistrationChallenges(DSLContext db, @Value("${aasm.gateway.challenge-ttl:30s}") Duration ttl) {
        this.db = db;
        this.ttl = ttl;
    }

    /** Issues a nonce for {@code identity} and {@code publicKeyHex}; purges expired challenges on the way. */
    public Issued issue(AgentIdentity identity, String publicKeyHex) {
        OffsetDateTime now = OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC);
        db.deleteFrom(REGISTRATION_CHALLENGE).where(REGISTRATION_CHALLENGE.EXPIRES_AT.lt(now)).execute();
        byte[] nonce = new byte[NONCE_LENGTH];
        random.nextBytes(nonce);
        OffsetDateTime expiresAt = now.plus(ttl);
        db.insertInto(REGISTRATION_CHALLENGE)
                .set(REGISTRATION_CHALLENGE.NONCE_HEX, HexFormat.of().formatHex(nonce))
                .set(REGISTRATION_CHALLENGE.ORG_ID, identity.orgId())
                .set(REGISTRATION_CHALLENGE.TEAM_ID, identity.teamId())
                .set(REGISTRATION_CHALLENGE.AGENT_ID, identity.agentId())
                .set(REGISTRATION_CHALLENGE.PUBLIC_KEY_HEX, publicKeyHex.toLowerCase(Locale.ROOT))
                .set(REGISTRATION_CHALLENGE.EXPIRES_AT, expiresAt)
                .execute();
        return new Issued(nonce, expiresAt.toInstant());
    }

    /**
     * Takes the challenge of {@code nonce} out of the store, atomically: of concurrent consumers at most one
     * gets it, and it can never be consumed again, whatever the caller then decides.
     */
    public Optional<Challenge> consume(byte[] nonce) {
        if (nonce == null || nonce.length != NONCE_LENGTH) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        return db.deleteFrom(REGISTRATION_CHALLENGE)
                .where(REGISTRATION_CHALLENGE.NONCE_HEX.eq(HexFormat.of().formatHex(nonce)))
                .returning(REGISTRATION_CHALLENGE.ORG_ID, REGISTRATION_CHALLENGE.TEAM_ID, REGISTRATION_CHALLENGE.AGENT_ID,
                        REGISTRATION_CHALLENGE.PUBLIC_KEY_HEX, REGISTRATION_CHALLENGE.EXPIRES_AT)
                .fetchOptional()
                .map(r -> new Challenge(new AgentIdentity(r.getOrgId(), r.getTeamId(), r.getAgentId()),
                        r.getPublicKeyHex(), !r.getExpiresAt().toInstant().isAfter(now)));
    }
}
