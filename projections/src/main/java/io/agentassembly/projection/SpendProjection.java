package io.agentassembly.projection;

import io.agentassembly.command.api.budget.CostSource;
import io.agentassembly.command.api.gateway.AgentAuditEvents.AgentUsageRecordedEvent;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.jooq.DSLContext;
import org.springframework.stereotype.Component;

import java.math.BigDecimal;
import java.time.temporal.ChronoUnit;

import static io.agentassembly.projection.Timestamps.utc;
import static io.agentassembly.schema.jooq.Tables.SPEND_EVENT;
import static io.agentassembly.schema.jooq.Tables.SPEND_HOURLY;

/**
 * The spend read model ({@code spend_hourly}): tokens and USD of every recorded LLM call, per agent and UTC hour of
 * its {@code occurred_at}. A tracking processor (group {@value #PROCESSING_GROUP}), replayable: a reset empties the
 * tables and the replay adds every usage event again. Each event is claimed in {@code spend_event} by the statement
 * that adds it to its hour, so handling an event twice counts it once. The cost is the event's own, fixed when the
 * usage arrived (revision-1 events carry none: they count as unpriced calls costing 0).
 */
@Component
@ProcessingGroup(SpendProjection.PROCESSING_GROUP)
public class SpendProjection {

    public static final String PROCESSING_GROUP = "spend";

    private static final String ADD = """
            with claimed as (
                insert into spend_event (agent_key, event_id, workspace_id, hour_start) values (?, ?, ?, cast(? as timestamptz))
                on conflict do nothing returning hour_start)
            insert into spend_hourly (workspace_id, org_id, team_id, agent_key, agent_id, hour_start, prompt_tokens,
                                      completion_tokens, cost_usd, calls, unpriced_calls)
            select ?, ?, ?, ?, ?, hour_start, cast(? as bigint), cast(? as bigint), cast(? as numeric), 1,
                   cast(? as bigint) from claimed
            on conflict (workspace_id, org_id, team_id, agent_key, hour_start) do update set
                prompt_tokens = spend_hourly.prompt_tokens + excluded.prompt_tokens,
                completion_tokens = spend_hourly.completion_tokens + excluded.completion_tokens,
                cost_usd = spend_hourly.cost_usd + excluded.cost_usd,
                calls = spend_hourly.calls + 1,
                unpriced_calls = spend_hourly.unpriced_calls + excluded.unpriced_calls
            """;

    private final DSLContext db;

    public SpendProjection(DSLContext db) {
        this.db = db;
    }

    @EventHandler
    public void on(AgentUsageRecordedEvent event) {
        var hour = utc(event.occurredAt().truncatedTo(ChronoUnit.HOURS));
        BigDecimal cost = event.costUsd() == null ? BigDecimal.ZERO : event.costUsd();
        boolean unpriced = event.costUsd() == null || CostSource.UNPRICED.name().equals(event.costSource());
        db.execute(ADD, event.agentKey(), event.eventId(), event.workspaceId(), hour,
                event.workspaceId(), event.orgId(), event.teamId(), event.agentKey(), event.agentId(),
                event.promptTokens(), event.completionTokens(), cost, unpriced ? 1L : 0L);
    }

    @ResetHandler
    public void reset() {
        db.truncate(SPEND_EVENT).execute();
        db.truncate(SPEND_HOURLY).execute();
    }
}
