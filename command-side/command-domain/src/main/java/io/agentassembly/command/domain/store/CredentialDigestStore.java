package io.agentassembly.command.domain.store;

import io.agentassembly.command.api.common.SecretDigest;
import org.jooq.DSLContext;
import org.springframework.stereotype.Repository;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;

import static io.agentassembly.schema.jooq.Tables.CREDENTIAL_DIGEST;

/** {@link CredentialDigests} on the {@code credential_digest} table. */
@Repository
public class CredentialDigestStore implements CredentialDigests {

    private final DSLContext dsl;

    public CredentialDigestStore(DSLContext dsl) {
        this.dsl = dsl;
    }

    @Override
    public void save(String credentialId, String kind, SecretDigest digest) {
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        dsl.insertInto(CREDENTIAL_DIGEST)
                .set(CREDENTIAL_DIGEST.CREDENTIAL_ID, credentialId)
                .set(CREDENTIAL_DIGEST.KIND, kind)
                .set(CREDENTIAL_DIGEST.DIGEST, digest.value())
                .set(CREDENTIAL_DIGEST.CREATED_AT, now)
                .onConflict(CREDENTIAL_DIGEST.CREDENTIAL_ID)
                .doUpdate()
                .set(CREDENTIAL_DIGEST.KIND, kind)
                .set(CREDENTIAL_DIGEST.DIGEST, digest.value())
                .set(CREDENTIAL_DIGEST.CREATED_AT, now)
                .execute();
    }

    @Override
    public boolean matches(String credentialId, SecretDigest presented) {
        if (presented == null) {
            return false;
        }
        return presented.matches(dsl.select(CREDENTIAL_DIGEST.DIGEST)
                .from(CREDENTIAL_DIGEST)
                .where(CREDENTIAL_DIGEST.CREDENTIAL_ID.eq(credentialId))
                .fetchOne(CREDENTIAL_DIGEST.DIGEST));
    }

    @Override
    public void delete(String credentialId) {
        dsl.deleteFrom(CREDENTIAL_DIGEST).where(CREDENTIAL_DIGEST.CREDENTIAL_ID.eq(credentialId)).execute();
    }
}
