package io.agentassembly.gateway.audit;

import io.agentassembly.command.api.common.ActorType;
import io.agentassembly.command.api.common.AuditMetadata;
import io.agentassembly.command.api.gateway.AgentAuditEvents.AgentEventReportedEvent;
import io.agentassembly.command.api.gateway.AgentAuditEvents.AgentUsageRecordedEvent;
import io.agentassembly.gateway.GrpcStatuses;
import io.agentassembly.gateway.budget.ModelPrices;
import io.agentassembly.gateway.budget.Priced;
import io.agentassembly.gateway.decision.AgentPrincipal;
import io.agentassembly.gateway.proto.audit.v1.AuditEvent;
import io.agentassembly.gateway.proto.audit.v1.LLMCallDetail;
import io.agentassembly.gateway.proto.common.v1.AgentId;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.messaging.MetaData;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Validates one reported {@link AuditEvent} against the credential's agent and turns it into the events to
 * record. What is never recorded: {@code ToolCallDetail.args_json} (only its size), process arguments (only
 * their count), and labels whose key looks like a secret ({@link #secretLooking}) or whose value is one of our
 * credentials ({@code aasa_…}, {@code aask_…}). Lengths and characters were checked at the edge
 * ({@code InboundValidator}, {@code WireLimits}): oversize input is refused there, never cut here.
 */
final class ReportedEvents {

    private static final Pattern UUID_SHAPE =
            Pattern.compile("^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$");
    /** The label an agent reports an LLM call's own cost with: a plain decimal number of US dollars. */
    static final String COST_LABEL = "cost_usd";
    private static final Pattern COST = Pattern.compile("\\d{1,12}(\\.\\d{1,12})?");
    private static final List<String> SECRET_KEY_PARTS =
            List.of("token", "secret", "password", "passwd", "key", "credential", "auth", "cookie", "signature");

    private ReportedEvents() {
    }

    /**
     * The events of one reported event; {@code index} names it in errors. Throws PERMISSION_DENIED if it
     * claims another agent, INVALID_ARGUMENT if malformed. An LLM call's usage is priced on arrival with
     * {@code prices} unless the agent reported its cost ({@value #COST_LABEL} label).
     */
    static ReportedEventJournal.Report toReport(AgentPrincipal agent, AuditEvent event, int index, Instant received,
                                                ModelPrices prices) {
        AgentId claimed = event.getAgentId();
        boolean claims = !(claimed.getOrgId().isEmpty() && claimed.getTeamId().isEmpty() && claimed.getAgentId().isEmpty());
        if (claims && !agent.sameIdentity(claimed.getOrgId(), claimed.getTeamId(), claimed.getAgentId())) {
            throw GrpcStatuses.permissionDenied("events[" + index + "].agent_id", "events[" + index + "].agent_id: the "
                    + "credential token belongs to a different agent; an agent may report only its own events");
        }
        if (!UUID_SHAPE.matcher(event.getEventId()).matches()) {
            throw invalid(index, "event_id", "is required and must be a UUID (v7 expected), e.g. "
                    + "0190a8b4-7c3e-7f00-8a5e-3b9d2c1e4f60");
        }
        String eventId = event.getEventId().toLowerCase(Locale.ROOT);
        Instant occurredAt = event.getOccurredAt().getUnixMs() > 0
                ? Instant.ofEpochMilli(event.getOccurredAt().getUnixMs()) : received;

        List<EventMessage<?>> events = new ArrayList<>(2);
        events.add(message(agent, new AgentEventReportedEvent(agent.workspaceId(), agent.orgId(), agent.teamId(),
                agent.agentId(), agent.agentKey(), eventId, occurredAt, event.getActionType().name(),
                event.getDecision().name(), event.getTraceId(), event.getSpanId(), event.getParentSpanId(),
                detailType(event), detail(event, index), labels(event.getLabelsMap()), event.getSessionId(),
                event.getDryRun(), event.getShadowDecision(), event.getMatchedRuleId())));
        if (event.hasLlmCall()) {
            LLMCallDetail llm = event.getLlmCall();
            Priced priced = cost(agent, event, llm, index, prices);
            events.add(message(agent, new AgentUsageRecordedEvent(agent.workspaceId(), agent.orgId(), agent.teamId(),
                    agent.agentId(), agent.agentKey(), eventId, occurredAt, llm.getModel(), llm.getProvider(),
                    llm.getPromptTokens(), llm.getCompletionTokens(),
                    (long) llm.getPromptTokens() + llm.getCompletionTokens(), priced.costUsd(),
                    priced.source().name(), priced.priceVersion())));
        }
        return new ReportedEventJournal.Report(eventId, events);
    }

    /** The reported cost (a plain decimal ≥ 0), else the tokens priced with the workspace's table in force now. */
    private static Priced cost(AgentPrincipal agent, AuditEvent event, LLMCallDetail llm, int index,
                               ModelPrices prices) {
        String reported = event.getLabelsMap().get(COST_LABEL);
        if (reported != null) {
            if (!COST.matcher(reported).matches()) {
                String field = "events[" + index + "].labels[\"" + COST_LABEL + "\"]";
                throw GrpcStatuses.invalid(field, field + " must be the call's cost in US dollars as a plain decimal "
                        + "number of at least 0 (up to 12 digits before and after the point), e.g. 0.0125");
            }
            BigDecimal cost = new BigDecimal(reported).stripTrailingZeros();
            return Priced.reported(cost.scale() < 0 ? cost.setScale(0) : cost);
        }
        try {
            return prices.price(agent.workspaceId(), llm.getModel(), llm.getPromptTokens(), llm.getCompletionTokens());
        } catch (RuntimeException e) {
            throw GrpcStatuses.unavailable("the model price table could not be read; retry (same event_ids)");
        }
    }

    static boolean secretLooking(String labelKey) {
        String key = labelKey.toLowerCase(Locale.ROOT);
        return SECRET_KEY_PARTS.stream().anyMatch(key::contains);
    }

    private static String detailType(AuditEvent event) {
        return switch (event.getDetailCase()) {
            case LLM_CALL -> "llm_call";
            case TOOL_CALL -> "tool_call";
            case FILE_OP -> "file_op";
            case NETWORK -> "network";
            case PROCESS -> "process";
            case VIOLATION -> "violation";
            case APPROVAL -> "approval";
            case DETAIL_NOT_SET -> null;
        };
    }

    private static Map<String, Object> detail(AuditEvent event, int index) {
        Map<String, Object> d = new LinkedHashMap<>();
        switch (event.getDetailCase()) {
            case LLM_CALL -> {
                var x = event.getLlmCall();
                if (x.getPromptTokens() < 0 || x.getCompletionTokens() < 0) {
                    throw invalid(index, "llm_call", "prompt_tokens and completion_tokens must not be negative");
                }
                d.put("model", x.getModel());
                d.put("provider", x.getProvider());
                d.put("prompt_tokens", x.getPromptTokens());
                d.put("completion_tokens", x.getCompletionTokens());
                d.put("latency_ms", x.getLatencyMs());
                d.put("pii_detected", x.getPiiDetected());
                d.put("pii_redacted", x.getPiiRedacted());
            }
            case TOOL_CALL -> {
                var x = event.getToolCall();
                d.put("tool_name", x.getToolName());
                d.put("tool_source", x.getToolSource());
                d.put("latency_ms", x.getLatencyMs());
                d.put("succeeded", x.getSucceeded());
                d.put("error_message", x.getErrorMessage());
                d.put("args_size_bytes", x.getArgsJson().size());
            }
            case FILE_OP -> {
                var x = event.getFileOp();
                d.put("operation", x.getOperation());
                d.put("path", x.getPath());
                d.put("bytes", x.getBytes());
                d.put("source", x.getSource());
                d.put("latency_ms", x.getLatencyMs());
                d.put("sensitive", x.getSensitive());
            }
            case NETWORK -> {
                var x = event.getNetwork();
                d.put("host", x.getHost());
                d.put("port", x.getPort());
                d.put("protocol", x.getProtocol());
                d.put("latency_ms", x.getLatencyMs());
                d.put("status_code", x.getStatusCode());
                d.put("succeeded", x.getSucceeded());
            }
            case PROCESS -> {
                var x = event.getProcess();
                d.put("command", x.getCommand());
                d.put("arg_count", x.getArgsCount());
                d.put("exit_code", x.getExitCode());
                d.put("duration_ms", x.getDurationMs());
                d.put("succeeded", x.getSucceeded());
            }
            case VIOLATION -> {
                var x = event.getViolation();
                d.put("policy_rule", x.getPolicyRule());
                d.put("blocked_action", x.getBlockedAction());
                d.put("reason", x.getReason());
                d.put("latency_ms", x.getLatencyMs());
            }
            case APPROVAL -> {
                var x = event.getApproval();
                d.put("approval_id", x.getApprovalId());
                d.put("approver_id", x.getApproverId());
                d.put("approved", x.getApproved());
                d.put("reason", x.getReason());
                d.put("wait_time_ms", x.getWaitTimeMs());
            }
            case DETAIL_NOT_SET -> {
                return null;
            }
        }
        return d;
    }

    private static Map<String, String> labels(Map<String, String> labels) {
        Map<String, String> kept = new TreeMap<>();
        labels.forEach((key, value) -> {
            if (!secretLooking(key) && !value.startsWith("aasa_") && !value.startsWith("aask_")) {
                kept.put(key, value);
            }
        });
        return kept;
    }

    private static EventMessage<?> message(AgentPrincipal agent, Object event) {
        return GenericEventMessage.asEventMessage(event).andMetaData(MetaData.from(Map.of(
                AuditMetadata.ACTOR_TYPE, ActorType.AGENT.name(),
                AuditMetadata.ACTOR_ID, agent.agentKey())));
    }

    private static RuntimeException invalid(int index, String field, String message) {
        return GrpcStatuses.invalid("events[" + index + "]." + field, "events[" + index + "]." + field + " " + message);
    }
}
