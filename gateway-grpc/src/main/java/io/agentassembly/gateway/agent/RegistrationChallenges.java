package io.agentassembly.gateway.agent;

import io.agentassembly.command.api.agent.AgentIdentity;
import io.agentassembly.gateway.limit.GatewayLimitProperties;
import io.agentassembly.identity.limit.LimitExceededException;
import io.agentassembly.identity.limit.LimitOutcome;
import io.agentassembly.identity.limit.Limiter;
import io.agentassembly.identity.limit.Limits;
import org.jooq.DSLContext;
import org.jooq.Record2;
import org.jooq.impl.DSL;
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
 * Anyone may ask for one, so requests are limited per client address (shared by every node), and so are the
 * nonces outstanding, per client address and in total.
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
    private final Limiter requests;
    private final int maxOutstandingPerAddress;
    private final int maxOutstanding;
    private final Clock clock = Clock.systemUTC();
    private final SecureRandom random = new SecureRandom();

    public RegistrationChallenges(DSLContext db, @Value("${aasm.gateway.challenge-ttl:30s}") Duration ttl,
                                  Limits limits, GatewayLimitProperties properties) {
        this.db = db;
        this.ttl = ttl;
        this.requests = limits.shared("challenge", properties.challenge());
        this.maxOutstandingPerAddress = properties.challengeOutstandingPerAddress();
        this.maxOutstanding = properties.challengeOutstanding();
    }

    /**
     * Issues a nonce for {@code identity} and {@code publicKeyHex} to {@code clientAddress}; purges expired
     * challenges on the way. Refused (RATE_LIMITED) past the client address's request limit or when it, or
     * everyone, has too many nonces outstanding. Concurrent requests may pass the outstanding caps by at most
     * the number of requests in flight.
     */
    public Issued issue(AgentIdentity identity, String publicKeyHex, String clientAddress) {
        LimitOutcome limit = requests.acquire(clientAddress);
        if (limit.refused()) {
            throw new LimitExceededException("too many registration challenges requested from your network address",
                    limit.retryAfterSeconds(requests.now()));
        }
        OffsetDateTime now = OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC);
        db.deleteFrom(REGISTRATION_CHALLENGE).where(REGISTRATION_CHALLENGE.EXPIRES_AT.lt(now)).execute();
        Record2<Integer, Integer> outstanding = db.select(DSL.count(),
                        DSL.count().filterWhere(REGISTRATION_CHALLENGE.CLIENT_ADDRESS.eq(clientAddress)))
                .from(REGISTRATION_CHALLENGE).fetchSingle();
        if (outstanding.value2() >= maxOutstandingPerAddress || outstanding.value1() >= maxOutstanding) {
            throw new LimitExceededException(outstanding.value2() >= maxOutstandingPerAddress
                    ? "your network address has " + maxOutstandingPerAddress + " registration challenges outstanding"
                    : "too many registration challenges are outstanding", ttl.toSeconds());
        }
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
                .set(REGISTRATION_CHALLENGE.CLIENT_ADDRESS, clientAddress)
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
