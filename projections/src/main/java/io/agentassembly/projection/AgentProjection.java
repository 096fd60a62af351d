package io.agentassembly.projection;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.agentassembly.command.api.agent.AgentEvents.AgentCredentialRevokedEvent;
import io.agentassembly.command.api.agent.AgentEvents.AgentCredentialRotatedEvent;
import io.agentassembly.command.api.agent.AgentEvents.AgentDeregisteredEvent;
import io.agentassembly.command.api.agent.AgentEvents.AgentRegisteredEvent;
import io.agentassembly.command.api.agent.AgentEvents.AgentResumedEvent;
import io.agentassembly.command.api.agent.AgentEvents.AgentSuspendedEvent;
import io.agentassembly.command.api.agent.AgentDelegation;
import io.agentassembly.command.api.agent.AgentStatus;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.Timestamp;
import org.jooq.DSLContext;
import org.jooq.JSON;
import org.jooq.Record;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import static io.agentassembly.projection.Timestamps.utc;
import static io.agentassembly.schema.jooq.Tables.AGENT_VIEW;

/**
 * The {@code agent_view} read model: registered agents with their status, deregistered ones kept. Part of
 * the subscribing {@value Directory#PROCESSING_GROUP} group, so the console and the gateway read
 * an agent's status as committed with the command that changed it. Tool names and metadata are JSON.
 */
@Component
@ProcessingGroup(Directory.PROCESSING_GROUP)
public class AgentProjection {

    private final DSLContext db;
    private final ObjectMapper objectMapper;

    public AgentProjection(DSLContext db, ObjectMapper objectMapper) {
        this.db = db;
        this.objectMapper = objectMapper;
    }

    @EventHandler
    public void on(AgentRegisteredEvent event, @Timestamp Instant at) {
        OffsetDateTime ts = utc(at);
        AgentDelegation delegation = delegationOf(event);
        Record row = db.newRecord(AGENT_VIEW)
                .with(AGENT_VIEW.AGENT_KEY, event.agentKey())
                .with(AGENT_VIEW.WORKSPACE_ID, event.workspaceId())
                .with(AGENT_VIEW.ORG_ID, event.orgId())
                .with(AGENT_VIEW.TEAM_ID, event.teamId())
                .with(AGENT_VIEW.AGENT_ID, event.agentId())
                .with(AGENT_VIEW.NAME, event.name())
                .with(AGENT_VIEW.FRAMEWORK, event.framework())
                .with(AGENT_VIEW.VERSION, event.version())
                .with(AGENT_VIEW.RISK_TIER, event.riskTier())
                .with(AGENT_VIEW.TOOL_NAMES, json(Objects.requireNonNullElse(event.toolNames(), List.of())))
                .with(AGENT_VIEW.METADATA, json(Objects.requireNonNullElse(event.metadata(), Map.of())))
                .with(AGENT_VIEW.STATUS, AgentStatus.ACTIVE.name())
                .with(AGENT_VIEW.ASSURANCE, event.assurance().name())
                .with(AGENT_VIEW.PARENT_AGENT_KEY, event.parentAgentKey())
                .with(AGENT_VIEW.ROOT_AGENT_KEY, delegation.rootAgentKey())
                .with(AGENT_VIEW.DEPTH, delegation.depth())
                .with(AGENT_VIEW.DELEGATION_REASON, delegation.reason())
                .with(AGENT_VIEW.SPAWNED_BY_TOOL, delegation.spawnedByTool())
                .with(AGENT_VIEW.MAX_CHILD_DEPTH, delegation.maxChildDepth())
                .with(AGENT_VIEW.ENFORCEMENT_MODE, delegation.enforcementMode())
                .with(AGENT_VIEW.PUBLIC_KEY_HEX, event.publicKeyHex())
                .with(AGENT_VIEW.STATUS_REASON, null)
                .with(AGENT_VIEW.CREDENTIAL_ISSUED_AT, ts)
                .with(AGENT_VIEW.CREATED_AT, ts)
                .with(AGENT_VIEW.UPDATED_AT, ts);
        db.insertInto(AGENT_VIEW).set(row).onConflict(AGENT_VIEW.AGENT_KEY).doUpdate().set(row).execute();
    }

    /** Revision-1 registrations carry no delegation: a root, or one level below the parent's row. */
    private AgentDelegation delegationOf(AgentRegisteredEvent event) {
        if (event.delegation() != null) {
            return event.delegation();
        }
        if (event.parentAgentKey() == null) {
            return AgentDelegation.root(event.agentKey());
        }
        Record parent = db.select(AGENT_VIEW.ROOT_AGENT_KEY, AGENT_VIEW.DEPTH).from(AGENT_VIEW)
                .where(AGENT_VIEW.AGENT_KEY.eq(event.parentAgentKey())).fetchOne();
        if (parent == null || parent.get(AGENT_VIEW.ROOT_AGENT_KEY) == null) {
            return new AgentDelegation(event.parentAgentKey(), 1, null, null, null, null);
        }
        return new AgentDelegation(parent.get(AGENT_VIEW.ROOT_AGENT_KEY), parent.get(AGENT_VIEW.DEPTH) + 1, null, null,
                null, null);
    }

    @EventHandler
    public void on(AgentCredentialRotatedEvent event, @Timestamp Instant at) {
        db.update(AGENT_VIEW)
                .set(AGENT_VIEW.CREDENTIAL_ISSUED_AT, utc(at))
                .set(AGENT_VIEW.UPDATED_AT, utc(at))
                .where(AGENT_VIEW.AGENT_KEY.eq(event.agentKey()))
                .execute();
    }

    @EventHandler
    public void on(AgentCredentialRevokedEvent event, @Timestamp Instant at) {
        db.update(AGENT_VIEW)
                .set(AGENT_VIEW.STATUS, AgentStatus.REVOKED.name())
                .set(AGENT_VIEW.CREDENTIAL_ISSUED_AT, (OffsetDateTime) null)
                .set(AGENT_VIEW.UPDATED_AT, utc(at))
                .where(AGENT_VIEW.AGENT_KEY.eq(event.agentKey()))
                .execute();
    }

    @EventHandler
    public void on(AgentSuspendedEvent event, @Timestamp Instant at) {
        status(event.agentKey(), AgentStatus.SUSPENDED, event.reason(), at);
    }

    @EventHandler
    public void on(AgentResumedEvent event, @Timestamp Instant at) {
        status(event.agentKey(), AgentStatus.ACTIVE, null, at);
    }

    @EventHandler
    public void on(AgentDeregisteredEvent event, @Timestamp Instant at) {
        db.update(AGENT_VIEW)
                .set(AGENT_VIEW.STATUS, AgentStatus.DEREGISTERED.name())
                .set(AGENT_VIEW.STATUS_REASON, event.reason())
                .set(AGENT_VIEW.CREDENTIAL_ISSUED_AT, (OffsetDateTime) null)
                .set(AGENT_VIEW.UPDATED_AT, utc(at))
                .where(AGENT_VIEW.AGENT_KEY.eq(event.agentKey()))
                .execute();
    }

    @ResetHandler
    public void reset() {
        db.truncate(AGENT_VIEW).execute();
    }

    private void status(String agentKey, AgentStatus status, String reason, Instant at) {
        db.update(AGENT_VIEW)
                .set(AGENT_VIEW.STATUS, status.name())
                .set(AGENT_VIEW.STATUS_REASON, reason)
                .set(AGENT_VIEW.UPDATED_AT, utc(at))
                .where(AGENT_VIEW.AGENT_KEY.eq(agentKey))
                .execute();
    }

    private JSON json(Object value) {
        try {
            return JSON.valueOf(objectMapper.writeValueAsString(value));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write agent_view JSON", e);
        }
    }
}
