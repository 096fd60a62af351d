package io.agentassembly.projection;

import io.agentassembly.command.api.common.ActorType;
import io.agentassembly.command.api.common.AuditMetadata;
import io.agentassembly.command.api.policy.PolicyEvents.PolicyActivatedEvent;
import io.agentassembly.command.api.policy.PolicyEvents.PolicyDeactivatedEvent;
import io.agentassembly.command.api.policy.PolicyEvents.PolicyDeletedEvent;
import io.agentassembly.command.api.policy.PolicyEvents.PolicyVersionCreatedEvent;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.Timestamp;
import org.axonframework.messaging.annotation.MetaDataValue;
import org.jooq.DSLContext;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Objects;

import static io.agentassembly.projection.Timestamps.utc;
import static io.agentassembly.schema.jooq.Tables.POLICY_VERSION_VIEW;
import static io.agentassembly.schema.jooq.Tables.POLICY_VIEW;

/**
 * The {@code policy_view} and {@code policy_version_view} read models. Runs in the subscribing processing group
 * {@value #PROCESSING_GROUP}, in the command's transaction with errors propagated: the console and the gateway
 * read a policy as committed with the command that changed it, and a failed write refuses the command.
 */
@Component
@ProcessingGroup(PolicyProjection.PROCESSING_GROUP)
public class PolicyProjection {

    public static final String PROCESSING_GROUP = "policies";

    private final DSLContext db;

    public PolicyProjection(DSLContext db) {
        this.db = db;
    }

    /** A new version is the policy's current one; it also revives a deleted policy (only an apply does that). */
    @EventHandler
    public void on(PolicyVersionCreatedEvent event, @Timestamp Instant at,
                   @MetaDataValue(AuditMetadata.ACTOR_TYPE) String actorType,
                   @MetaDataValue(AuditMetadata.ACTOR_ID) String actorId) {
        OffsetDateTime ts = utc(at);
        db.insertInto(POLICY_VERSION_VIEW)
                .set(POLICY_VERSION_VIEW.POLICY_ID, event.policyId())
                .set(POLICY_VERSION_VIEW.VERSION, event.version())
                .set(POLICY_VERSION_VIEW.WORKSPACE_ID, event.workspaceId())
                .set(POLICY_VERSION_VIEW.DIGEST, event.digest())
                .set(POLICY_VERSION_VIEW.SCOPE, event.scope())
                .set(POLICY_VERSION_VIEW.ORG_ID, event.orgId())
                .set(POLICY_VERSION_VIEW.ENFORCEMENT_MODE, event.enforcementMode())
                .set(POLICY_VERSION_VIEW.SOURCE, event.source())
                .set(POLICY_VERSION_VIEW.ROLLED_BACK_FROM, event.rolledBackFrom())
                .set(POLICY_VERSION_VIEW.CREATED_AT, ts)
                .set(POLICY_VERSION_VIEW.CREATED_BY_TYPE, Objects.requireNonNullElse(actorType, ActorType.SYSTEM.name()))
                .set(POLICY_VERSION_VIEW.CREATED_BY, actorId)
                .onConflict(POLICY_VERSION_VIEW.POLICY_ID, POLICY_VERSION_VIEW.VERSION).doNothing()
                .execute();
        db.insertInto(POLICY_VIEW)
                .set(POLICY_VIEW.POLICY_ID, event.policyId())
                .set(POLICY_VIEW.WORKSPACE_ID, event.workspaceId())
                .set(POLICY_VIEW.NAME, event.name())
                .set(POLICY_VIEW.SCOPE, event.scope())
                .set(POLICY_VIEW.ORG_ID, event.orgId())
                .set(POLICY_VIEW.ENFORCEMENT_MODE, event.enforcementMode())
                .set(POLICY_VIEW.ACTIVE, false)
                .set(POLICY_VIEW.DELETED, false)
                .set(POLICY_VIEW.CURRENT_VERSION, event.version())
                .set(POLICY_VIEW.DIGEST, event.digest())
                .set(POLICY_VIEW.CREATED_AT, ts)
                .set(POLICY_VIEW.UPDATED_AT, ts)
                .onConflict(POLICY_VIEW.POLICY_ID).doUpdate()
                .set(POLICY_VIEW.SCOPE, event.scope())
                .set(POLICY_VIEW.ORG_ID, event.orgId())
                .set(POLICY_VIEW.ENFORCEMENT_MODE, event.enforcementMode())
                .set(POLICY_VIEW.DELETED, false)
                .set(POLICY_VIEW.CURRENT_VERSION, event.version())
                .set(POLICY_VIEW.DIGEST, event.digest())
                .set(POLICY_VIEW.UPDATED_AT, ts)
                .execute();
    }

    @EventHandler
    public void on(PolicyActivatedEvent event, @Timestamp Instant at) {
        state(event.policyId(), true, false, at);
    }

    @EventHandler
    public void on(PolicyDeactivatedEvent event, @Timestamp Instant at) {
        state(event.policyId(), false, false, at);
    }

    @EventHandler
    public void on(PolicyDeletedEvent event, @Timestamp Instant at) {
        state(event.policyId(), false, true, at);
    }

    @ResetHandler
    public void reset() {
        db.truncate(POLICY_VIEW, POLICY_VERSION_VIEW).execute();
    }

    private void state(String policyId, boolean active, boolean deleted, Instant at) {
        db.update(POLICY_VIEW)
                .set(POLICY_VIEW.ACTIVE, active)
                .set(POLICY_VIEW.DELETED, deleted)
                .set(POLICY_VIEW.UPDATED_AT, utc(at))
                .where(POLICY_VIEW.POLICY_ID.eq(policyId))
                .execute();
    }
}
