package io.agentassembly.app.rest;

import io.agentassembly.app.audit.AuditExporter;
import io.agentassembly.app.audit.AuditExporter.Filters;
import io.agentassembly.app.audit.AuditExporter.Format;
import io.agentassembly.command.api.common.DomainException;
import io.agentassembly.command.api.common.ErrorCode;
import io.agentassembly.identity.Caller;
import io.agentassembly.identity.Permission;
import io.agentassembly.projection.AuditEventTypes;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.HttpHeaders;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.time.Instant;
import java.util.Set;

/** The workspace's signed compliance export (docs/audit.md, "Export"). */
@RestController
@RequestMapping("/api/v1/audit")
@Tag(name = "Audit log")
public class AuditExportController {

    public static final String NDJSON = "application/x-ndjson";
    public static final String CSV = "text/csv";
    private static final int MAX_FILTER = 128;

    private final AuditExporter exporter;
    private final QueryClient queries;

    public AuditExportController(AuditExporter exporter, QueryClient queries) {
        this.exporter = exporter;
        this.queries = queries;
    }

    @GetMapping("/export")
    @Operation(operationId = "exportAuditLog",
            summary = "Streams the workspace's chained audit entries, replayed from the event store, with their chain "
                    + "links and a signed manifest (last JSON line, or the last CSV row's manifest column)",
            responses = @ApiResponse(responseCode = "200", description = "The export",
                    content = {@Content(mediaType = NDJSON, schema = @Schema(type = "string")),
                            @Content(mediaType = CSV, schema = @Schema(type = "string"))}))
    public void export(
            @AuthenticationPrincipal Caller caller, HttpServletResponse response,
            @Parameter(schema = @Schema(allowableValues = {"jsonl", "csv"}, defaultValue = "jsonl"))
            @RequestParam(name = "format", required = false) String format,
            @Parameter(schema = @Schema(maxLength = MAX_FILTER))
            @RequestParam(name = "org_id", required = false) String orgId,
            @Parameter(schema = @Schema(maxLength = MAX_FILTER))
            @RequestParam(name = "agent_key", required = false) String agentKey,
            @Parameter(schema = @Schema(format = "date-time"))
            @RequestParam(name = "from", required = false) String from,
            @Parameter(schema = @Schema(format = "date-time"))
            @RequestParam(name = "to", required = false) String to,
            @Parameter(schema = @Schema(maxLength = MAX_FILTER))
            @RequestParam(name = "event_type", required = false) String eventType) throws IOException {
        caller.require(Permission.AUDIT_EXPORT);
        Format chosen = switch (format == null || format.isBlank() ? "jsonl" : format.trim()) {
            case "jsonl" -> Format.JSONL;
            case "csv" -> Format.CSV;
            default -> throw invalid("format", "'format' must be jsonl or csv");
        };
        String type = filter("event_type", eventType);
        if (type != null && !AuditEventTypes.isKnown(type)) {
            throw invalid("event_type", "unknown event_type '" + type + "'; known: "
                    + String.join(", ", AuditEventTypes.known()));
        }
        Instant fromTime = AuditLogController.instant("from", from);
        Instant toTime = AuditLogController.instant("to", to);
        if (fromTime != null && toTime != null && !fromTime.isBefore(toTime)) {
            throw invalid("from", "'from' must be before 'to'");
        }
        // Entries older than the tier's retention are not exported: the export then starts at the retention's start,
        // which its manifest names as its "from".
        Instant retentionStart = AuditLogController.retentionStart(queries, caller.workspaceId());
        if ((fromTime == null || fromTime.isBefore(retentionStart))
                && exporter.holdsEntriesBefore(caller.workspaceId(), retentionStart)) {
            fromTime = retentionStart;
        }
        Filters filters = new Filters(filter("org_id", orgId), filter("agent_key", agentKey), fromTime, toTime, type);
        Set<String> redacted = caller.has(Permission.USERS_MANAGE) ? Set.of() : AuditLogController.SESSION_EVENT_TYPES;
        String workspace = caller.workspaceId();
        String name = "audit-" + workspace + (chosen == Format.CSV ? ".csv" : ".jsonl");
        // Written on the request's thread, not as an asynchronous body: an export of millions of entries takes
        // longer than the asynchronous request timeout, which would cut it short.
        response.setStatus(HttpServletResponse.SC_OK);
        response.setContentType(chosen == Format.CSV ? CSV + ";charset=UTF-8" : NDJSON);
        response.setHeader(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"" + name + "\"");
        response.setHeader(HttpHeaders.CACHE_CONTROL, "no-store");
        exporter.export(workspace, chosen, filters, redacted, response.getOutputStream());
        response.flushBuffer();
    }

    private static String filter(String field, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        if (value.length() > MAX_FILTER) {
            throw invalid(field, "'" + field + "' must be at most " + MAX_FILTER + " characters");
        }
        return value.trim();
    }

    private static DomainException invalid(String field, String message) {
        return new DomainException(ErrorCode.VALIDATION_FAILED, field, message);
    }
}
