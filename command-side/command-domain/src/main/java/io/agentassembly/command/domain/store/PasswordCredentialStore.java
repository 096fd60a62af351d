package io.agentassembly.command.domain.store;

import io.agentassembly.command.api.common.PasswordHash;
import org.jooq.DSLContext;
import org.springframework.stereotype.Repository;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;

import static io.agentassembly.schema.jooq.Tables.PASSWORD_CREDENTIAL;

/** {@link PasswordCredentials} on the {@code password_credential} table. */
@Repository
public class PasswordCredentialStore implements PasswordCredentials {

    private final DSLContext dsl;

    public PasswordCredentialStore(DSLContext dsl) {
        this.dsl = dsl;
    }

    @Override
    public void save(String userId, PasswordHash hash) {
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        dsl.insertInto(PASSWORD_CREDENTIAL)
                .set(PASSWORD_CREDENTIAL.USER_ID, userId)
                .set(PASSWORD_CREDENTIAL.PASSWORD_HASH, hash.value())
                .set(PASSWORD_CREDENTIAL.UPDATED_AT, now)
                .onConflict(PASSWORD_CREDENTIAL.USER_ID)
                .doUpdate()
                .set(PASSWORD_CREDENTIAL.PASSWORD_HASH, hash.value())
                .set(PASSWORD_CREDENTIAL.UPDATED_AT, now)
                .execute();
    }

    @Override
    public void delete(String userId) {
        dsl.deleteFrom(PASSWORD_CREDENTIAL).where(PASSWORD_CREDENTIAL.USER_ID.eq(userId)).execute();
    }
}
