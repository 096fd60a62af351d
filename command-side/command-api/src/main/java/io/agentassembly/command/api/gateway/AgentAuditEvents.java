package io.agentassembly.command.api.gateway;

import io.agentassembly.command.api.common.OrgScopedEvent;
import org.axonframework.serialization.Revision;

import java.time.Instant;
import java.util.Map;

/**
 * Events agents report about their own actions through {@code AuditService} (ReportEvents / StreamEvents).
 * Like {@link GatewayEvents} they belong to no aggregate. The identity fields are those of the registered
 * agent the credential belongs to, never the claimed ones. Nothing secret is recorded: tool-call argument
 * bytes are reduced to their size, process arguments to their count, and labels whose key looks like a
 * secret are dropped before the event is built.
 */
public final class AgentAuditEvents {
    private AgentAuditEvents() {
    }

    /**
     * One event reported by an agent. {@code eventId} is the agent's idempotency key (a UUID, v7 expected);
     * {@code detailType} names the reported detail ({@code llm_call}, {@code tool_call}, {@code file_op},
     * {@code network}, {@code process}, {@code violation}, {@code approval}, or null) and {@code detail} holds its
     * non-secret fields with snake_case keys.
     */
    @Revision("1")
    public record AgentEventReportedEvent(String workspaceId, String orgId, String teamId, String agentId,
                                          String agentKey, String eventId, Instant occurredAt, String actionType,
                                          String decision, String traceId, String spanId, String parentSpanId,
                                          String detailType, Map<String, Object> detail, Map<String, String> labels,
                                          String sessionId, boolean dryRun, String shadowDecision,
                                          String matchedRuleId)
            implements OrgScopedEvent {
    }

    /**
     * Token usage of one LLM call an agent reported (recorded alongside its {@link AgentEventReportedEvent},
     * same {@code eventId}); the history budgets are computed from. {@code costUsd} is fixed on arrival and never
     * changes: the cost the agent reported ({@code costSource} REPORTED) or the tokens priced with the workspace's
     * model price table of that moment (PRICED, {@code priceVersion} names the table's version); UNPRICED (cost
     * zero) when the table has no price for the model. Events of revision 1 carry no cost (null).
     */
    @Revision("2")
    public record AgentUsageRecordedEvent(String workspaceId, String orgId, String teamId, String agentId,
                                          String agentKey, String eventId, Instant occurredAt, String model,
                                          String provider, long promptTokens, long completionTokens,
                                          long totalTokens, java.math.BigDecimal costUsd, String costSource,
                                          String priceVersion)
            implements OrgScopedEvent {
    }
}
