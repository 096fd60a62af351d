package io.agentassembly.command.domain.store;

import io.agentassembly.command.api.common.SecretDigest;
import org.jooq.DSLContext;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Repository;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

import static io.agentassembly.schema.jooq.Tables.RETIRED_REFRESH_TOKEN;

/** {@link RetiredRefreshTokens} on the {@code retired_refresh_token} table. */
@Repository
public class RetiredRefreshTokenStore implements RetiredRefreshTokens {

    private final DSLContext dsl;

    public RetiredRefreshTokenStore(DSLContext dsl) {
        this.dsl = dsl;
    }

    @Override
    public void retire(String sessionId, SecretDigest digest, Instant keepUntil) {
        dsl.insertInto(RETIRED_REFRESH_TOKEN)
                .set(RETIRED_REFRESH_TOKEN.SESSION_ID, sessionId)
                .set(RETIRED_REFRESH_TOKEN.DIGEST, digest.value())
                .set(RETIRED_REFRESH_TOKEN.RETIRED_AT, OffsetDateTime.now(ZoneOffset.UTC))
                .set(RETIRED_REFRESH_TOKEN.KEEP_UNTIL, keepUntil.atOffset(ZoneOffset.UTC))
                .onConflictDoNothing()
                .execute();
    }

    @Override
    public boolean wasRetired(String sessionId, SecretDigest presented) {
        boolean found = false;
        for (String retired : dsl.select(RETIRED_REFRESH_TOKEN.DIGEST)
                .from(RETIRED_REFRESH_TOKEN)
                .where(RETIRED_REFRESH_TOKEN.SESSION_ID.eq(sessionId))
                .fetch(RETIRED_REFRESH_TOKEN.DIGEST)) {
            found |= presented.matches(retired);
        }
        return found;
    }

    @Override
    public void forget(String sessionId) {
        dsl.deleteFrom(RETIRED_REFRESH_TOKEN).where(RETIRED_REFRESH_TOKEN.SESSION_ID.eq(sessionId)).execute();
    }

    /** Drops the digests of sessions past their absolute lifetime, which nobody ended explicitly. */
    @Scheduled(fixedDelayString = "${aasm.security.retired-refresh-token-purge-interval:1h}")
    public void purgeExpired() {
        dsl.deleteFrom(RETIRED_REFRESH_TOKEN)
                .where(RETIRED_REFRESH_TOKEN.KEEP_UNTIL.lt(OffsetDateTime.now(ZoneOffset.UTC)))
                .execute();
    }
}
