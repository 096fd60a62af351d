package io.agentassembly.command.domain.store;

import io.agentassembly.command.api.common.SealedSecret;
import org.jooq.DSLContext;
import org.springframework.stereotype.Repository;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;

import static io.agentassembly.schema.jooq.Tables.ALERT_DESTINATION_SECRET;

/** {@link AlertDestinationSecrets} on the {@code alert_destination_secret} table. */
@Repository
public class AlertDestinationSecretStore implements AlertDestinationSecrets {

    private final DSLContext dsl;

    public AlertDestinationSecretStore(DSLContext dsl) {
        this.dsl = dsl;
    }

    @Override
    public void save(String destinationId, String workspaceId, SealedSecret url, SealedSecret signingSecret) {
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        String signing = signingSecret == null ? null : signingSecret.value();
        dsl.insertInto(ALERT_DESTINATION_SECRET)
                .set(ALERT_DESTINATION_SECRET.DESTINATION_ID, destinationId)
                .set(ALERT_DESTINATION_SECRET.WORKSPACE_ID, workspaceId)
                .set(ALERT_DESTINATION_SECRET.URL_SEALED, url.value())
                .set(ALERT_DESTINATION_SECRET.SIGNING_SECRET_SEALED, signing)
                .set(ALERT_DESTINATION_SECRET.UPDATED_AT, now)
                .onConflict(ALERT_DESTINATION_SECRET.DESTINATION_ID)
                .doUpdate()
                .set(ALERT_DESTINATION_SECRET.URL_SEALED, url.value())
                .set(ALERT_DESTINATION_SECRET.SIGNING_SECRET_SEALED, signing)
                .set(ALERT_DESTINATION_SECRET.UPDATED_AT, now)
                .execute();
    }

    @Override
    public void replaceUrl(String destinationId, SealedSecret url) {
        dsl.update(ALERT_DESTINATION_SECRET)
                .set(ALERT_DESTINATION_SECRET.URL_SEALED, url.value())
                .set(ALERT_DESTINATION_SECRET.UPDATED_AT, OffsetDateTime.now(ZoneOffset.UTC))
                .where(ALERT_DESTINATION_SECRET.DESTINATION_ID.eq(destinationId))
                .execute();
    }

    @Override
    public void replaceSigningSecret(String destinationId, SealedSecret signingSecret) {
        dsl.update(ALERT_DESTINATION_SECRET)
                .set(ALERT_DESTINATION_SECRET.SIGNING_SECRET_SEALED, signingSecret.value())
                .set(ALERT_DESTINATION_SECRET.UPDATED_AT, OffsetDateTime.now(ZoneOffset.UTC))
                .where(ALERT_DESTINATION_SECRET.DESTINATION_ID.eq(destinationId))
                .execute();
    }

    @Override
    public void delete(String destinationId) {
        dsl.deleteFrom(ALERT_DESTINATION_SECRET).where(ALERT_DESTINATION_SECRET.DESTINATION_ID.eq(destinationId)).execute();
    }
}
