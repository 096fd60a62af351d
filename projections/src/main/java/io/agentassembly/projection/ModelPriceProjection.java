package io.agentassembly.projection;

import io.agentassembly.command.api.budget.ModelPrice;
import io.agentassembly.command.api.budget.PriceEvents.ModelPricesChangedEvent;
import io.agentassembly.command.api.budget.PriceEvents.ModelPricesResetEvent;
import io.agentassembly.command.api.common.AuditMetadata;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.Timestamp;
import org.axonframework.messaging.annotation.MetaDataValue;
import org.jooq.DSLContext;
import org.springframework.stereotype.Component;

import java.time.Instant;

import static io.agentassembly.projection.Timestamps.utc;
import static io.agentassembly.schema.jooq.Tables.MODEL_PRICE;
import static io.agentassembly.schema.jooq.Tables.MODEL_PRICE_TABLE;

/**
 * The {@code model_price_table} and {@code model_price} read model: each workspace's own model price table, if it
 * has one. Subscribing (group {@value #PROCESSING_GROUP}), in the command's transaction, so {@code GET
 * /model-prices} and the gateway's price book read the table the answer of the change reported.
 */
@Component
@ProcessingGroup(ModelPriceProjection.PROCESSING_GROUP)
public class ModelPriceProjection {

    public static final String PROCESSING_GROUP = "model-prices";

    private final DSLContext db;

    public ModelPriceProjection(DSLContext db) {
        this.db = db;
    }

    @EventHandler
    public void on(ModelPricesChangedEvent event, @Timestamp Instant at,
                   @MetaDataValue(AuditMetadata.ACTOR_TYPE) String actorType,
                   @MetaDataValue(AuditMetadata.ACTOR_ID) String actorId) {
        table(event.workspaceId(), event.version(), true, at, actorType, actorId);
        db.deleteFrom(MODEL_PRICE).where(MODEL_PRICE.WORKSPACE_ID.eq(event.workspaceId())).execute();
        var insert = db.insertInto(MODEL_PRICE, MODEL_PRICE.WORKSPACE_ID, MODEL_PRICE.MODEL,
                MODEL_PRICE.INPUT_USD_PER_MILLION, MODEL_PRICE.OUTPUT_USD_PER_MILLION);
        for (ModelPrice entry : event.entries()) {
            insert = insert.values(event.workspaceId(), entry.model(), entry.inputUsdPerMillion(),
                    entry.outputUsdPerMillion());
        }
        insert.execute();
    }

    @EventHandler
    public void on(ModelPricesResetEvent event, @Timestamp Instant at,
                   @MetaDataValue(AuditMetadata.ACTOR_TYPE) String actorType,
                   @MetaDataValue(AuditMetadata.ACTOR_ID) String actorId) {
        table(event.workspaceId(), event.version(), false, at, actorType, actorId);
        db.deleteFrom(MODEL_PRICE).where(MODEL_PRICE.WORKSPACE_ID.eq(event.workspaceId())).execute();
    }

    @ResetHandler
    public void reset() {
        db.truncate(MODEL_PRICE).execute();
        db.truncate(MODEL_PRICE_TABLE).execute();
    }

    private void table(String workspaceId, int version, boolean overridden, Instant at, String actorType,
                       String actorId) {
        String by = actorType == null ? null : actorId == null ? actorType : actorType + ":" + actorId;
        db.insertInto(MODEL_PRICE_TABLE)
                .set(MODEL_PRICE_TABLE.WORKSPACE_ID, workspaceId)
                .set(MODEL_PRICE_TABLE.VERSION, version)
                .set(MODEL_PRICE_TABLE.OVERRIDDEN, overridden)
                .set(MODEL_PRICE_TABLE.CHANGED_AT, utc(at))
                .set(MODEL_PRICE_TABLE.CHANGED_BY, by)
                .onConflict(MODEL_PRICE_TABLE.WORKSPACE_ID).doUpdate()
                .set(MODEL_PRICE_TABLE.VERSION, version)
                .set(MODEL_PRICE_TABLE.OVERRIDDEN, overridden)
                .set(MODEL_PRICE_TABLE.CHANGED_AT, utc(at))
                .set(MODEL_PRICE_TABLE.CHANGED_BY, by)
                .execute();
    }
}
