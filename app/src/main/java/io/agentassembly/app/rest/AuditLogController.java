package io.agentassembly.app.rest;

import io.agentassembly.command.api.common.DomainException;
import io.agentassembly.command.api.common.ErrorCode;
import io.agentassembly.command.api.common.WorkspaceEvent;
import io.agentassembly.command.api.session.SessionEvents;
import io.agentassembly.identity.Caller;
import io.agentassembly.identity.Permission;
import io.agentassembly.projection.AuditEventTypes;
import io.agentassembly.query.api.AuditQueries;
import io.agentassembly.query.api.AuditQueries.AuditEntryView;
import io.agentassembly.query.api.AuditQueries.AuditPage;
import io.agentassembly.query.api.AuditQueries.ListAuditEntriesQuery;
import io.agentassembly.query.api.WorkspaceQueries.FindWorkspaceQuery;
import io.agentassembly.query.api.WorkspaceQueries.WorkspaceView;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/** The workspace's audit log, newest first, within the tier's retention. */
@RestController
@RequestMapping("/api/v1/logs")
@Tag(name = "Audit log")
public class AuditLogController {

    public record AuditLogResponse(List<AuditEntryView> entries, String nextCursor) {
    }

    static final Set<String> SESSION_EVENT_TYPES = Arrays.stream(SessionEvents.class.getDeclaredClasses())
            .filter(WorkspaceEvent.class::isAssignableFrom)
            .map(AuditEventTypes::eventTypeOf)
            .collect(Collectors.toUnmodifiableSet());

    private final QueryClient queries;

    public AuditLogController(QueryClient queries) {
        this.queries = queries;
    }

    @GetMapping
    @Operation(operationId = "listAuditLog", summary = "Audit entries; filters event_type, actor, org_id, agent_key, "
            + "from, to (ISO-8601); cursor pagination")
    public AuditLogResponse list(@AuthenticationPrincipal Caller caller,
                                 @RequestParam(name = "event_type", required = false) String eventType,
                                 @RequestParam(name = "actor", required = false) String actor,
                                 @RequestParam(name = "org_id", required = false) String orgId,
                                 @Parameter(schema = @Schema(maxLength = 64), description = "entries about this "
                                         + "agent: its decisions, reported events and usage, and events of the agent "
                                         + "itself, its approvals and budgets")
                                 @RequestParam(name = "agent_key", required = false) String agentKey,
                                 @RequestParam(name = "from", required = false) String from,
                                 @RequestParam(name = "to", required = false) String to,
                                 @RequestParam(name = "cursor", required = false) String cursor,
                                 @RequestParam(name = "per_page", defaultValue = "50") int perPage) {
        caller.require(Permission.AUDIT_READ);
        if (perPage < 1 || perPage > AuditQueries.MAX_PAGE_SIZE) {
            throw PageCursor.invalidPageSize(AuditQueries.MAX_PAGE_SIZE);
        }
        if (eventType != null && !eventType.isBlank() && !AuditEventTypes.isKnown(eventType.trim())) {
            throw invalid("event_type", "unknown event_type '" + eventType + "'; known: "
                    + String.join(", ", AuditEventTypes.known()));
        }
        Instant fromTime = instant("from", from);
        Instant toTime = instant("to", to);
        if (fromTime != null && toTime != null && !fromTime.isBefore(toTime)) {
            throw invalid("from", "'from' must be before 'to'");
        }
        Instant retentionStart = retentionStart(queries, caller.workspaceId());
        AuditPage page = queries.single(new ListAuditEntriesQuery(caller.workspaceId(), blank(eventType), blank(actor),
                blank(orgId), blank(agentKey), fromTime, toTime, decodeCursor(cursor), perPage, retentionStart), AuditPage.class);
        return new AuditLogResponse(visibleTo(caller, page.entries()), encodeCursor(page.nextBeforeSequence()));
    }

    /** Entries older than this are no longer served or exported (the workspace tier's retention). */
    static Instant retentionStart(QueryClient queries, String workspaceId) {
        WorkspaceView workspace = queries.found(new FindWorkspaceQuery(workspaceId), WorkspaceView.class,
                ErrorCode.WORKSPACE_NOT_FOUND, "workspace");
        return Instant.now().minus(workspace.quotas().retentionDays(), ChronoUnit.DAYS);
    }

    /**
     * Console session ids are for the roles that manage users: anyone else who saw one could target that session.
     * (Agent-reported events carry the agent's own {@code session_id}, which is not a console session's.)
     */
    static List<AuditEntryView> visibleTo(Caller caller, List<AuditEntryView> entries) {
        return caller.has(Permission.USERS_MANAGE) ? entries : entries.stream()
                .map(entry -> SESSION_EVENT_TYPES.contains(entry.eventType()) ? entry.withoutSessionId() : entry)
                .toList();
    }

    private static String blank(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }

    static Instant instant(String field, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Instant.parse(value.trim());
        } catch (DateTimeParseException e) {
            throw invalid(field, "'" + field + "' must be an ISO-8601 instant such as 2026-11-25T10:00:00Z");
        }
    }

    static String encodeCursor(Long beforeSequence) {
        return beforeSequence == null ? null : PageCursor.encode(beforeSequence.toString());
    }

    static Long decodeCursor(String cursor) {
        String position = PageCursor.decode(cursor);
        try {
            return position == null ? null : Long.parseLong(position);
        } catch (NumberFormatException e) {
            throw PageCursor.invalid();
        }
    }

    private static DomainException invalid(String field, String message) {
        return new DomainException(ErrorCode.VALIDATION_FAILED, field, message);
    }
}
