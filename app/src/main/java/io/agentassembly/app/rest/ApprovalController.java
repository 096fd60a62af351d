package io.agentassembly.app.rest;

import io.agentassembly.command.api.approval.ApprovalCommands.GrantApprovalCommand;
import io.agentassembly.command.api.approval.ApprovalCommands.RejectApprovalCommand;
import io.agentassembly.command.api.approval.ApprovalStatus;
import io.agentassembly.command.api.common.DomainException;
import io.agentassembly.command.api.common.ErrorCode;
import io.agentassembly.identity.ActorCommandGateway;
import io.agentassembly.identity.Caller;
import io.agentassembly.identity.Permission;
import io.agentassembly.query.api.ApprovalQueries;
import io.agentassembly.query.api.ApprovalQueries.ApprovalPage;
import io.agentassembly.query.api.ApprovalQueries.ApprovalPosition;
import io.agentassembly.query.api.ApprovalQueries.ApprovalView;
import io.agentassembly.query.api.ApprovalQueries.FindApprovalQuery;
import io.agentassembly.query.api.ApprovalQueries.ListApprovalsQuery;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Size;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Approvals of the caller's workspace: agent actions a policy sent to a human (PENDING). Reading needs the
 * policy-read permission, deciding the policy-manage permission. An approval of another workspace answers 404;
 * deciding one that is decided, used or expired answers 409 saying which.
 */
@RestController
@RequestMapping("/api/v1/approvals")
@Tag(name = "Approvals")
public class ApprovalController {

    /** The audit log's page shape: {@code entries} and the {@code next_cursor} to pass back, null on the last page. */
    public record ApprovalListResponse(List<ApprovalView> entries, String nextCursor) {
    }

    public record DecisionRequest(@Size(max = 500) String reason) {
    }

    private final ActorCommandGateway commands;
    private final QueryClient queries;

    public ApprovalController(ActorCommandGateway commands, QueryClient queries) {
        this.commands = commands;
        this.queries = queries;
    }

    @GetMapping
    @Operation(operationId = "listApprovals", summary = "The workspace's approvals, newest first; ?status=pending for those waiting for a decision; cursor pagination")
    public ApprovalListResponse list(@AuthenticationPrincipal Caller caller,
                                     @RequestParam(name = "status", required = false) String status,
                                     @RequestParam(name = "cursor", required = false) String cursor,
                                     @RequestParam(name = "per_page", defaultValue = "50") int perPage) {
        caller.require(Permission.POLICIES_READ);
        if (perPage < 1 || perPage > ApprovalQueries.MAX_PAGE_SIZE) {
            throw PageCursor.invalidPageSize(ApprovalQueries.MAX_PAGE_SIZE);
        }
        ApprovalPage page = queries.single(new ListApprovalsQuery(caller.workspaceId(), statusOf(status),
                positionOf(cursor), perPage), ApprovalPage.class);
        return new ApprovalListResponse(page.entries(), cursorOf(page.next()));
    }

    @GetMapping("/{approvalId}")
    @Operation(operationId = "getApproval", summary = "An approval: the agent, tool, policy rule, argument digest (never the arguments) and status")
    public ApprovalView get(@AuthenticationPrincipal Caller caller, @PathVariable String approvalId) {
        return approval(caller.require(Permission.POLICIES_READ), approvalId);
    }

    @PostMapping("/{approvalId}/approve")
    @Operation(operationId = "approveApproval", summary = "Approve: the agent's next identical check is allowed, once")
    public ApprovalView approve(@AuthenticationPrincipal Caller caller, @PathVariable String approvalId,
                                @Valid @RequestBody(required = false) DecisionRequest request) {
        caller.require(Permission.POLICIES_MANAGE);
        approval(caller, approvalId);
        commands.send(new GrantApprovalCommand(approvalId, caller.workspaceId(), reasonOf(request)), caller.actor());
        return approval(caller, approvalId);
    }

    @PostMapping("/{approvalId}/reject")
    @Operation(operationId = "rejectApproval", summary = "Reject: the agent's identical checks are denied \"approval rejected\" until the approval would have expired")
    public ApprovalView reject(@AuthenticationPrincipal Caller caller, @PathVariable String approvalId,
                               @Valid @RequestBody(required = false) DecisionRequest request) {
        caller.require(Permission.POLICIES_MANAGE);
        approval(caller, approvalId);
        commands.send(new RejectApprovalCommand(approvalId, caller.workspaceId(), reasonOf(request)), caller.actor());
        return approval(caller, approvalId);
    }

    private ApprovalView approval(Caller caller, String approvalId) {
        return queries.found(new FindApprovalQuery(caller.workspaceId(), approvalId), ApprovalView.class,
                ErrorCode.APPROVAL_NOT_FOUND, "approval " + approvalId);
    }

    private static ApprovalStatus statusOf(String status) {
        if (status == null || status.isBlank()) {
            return null;
        }
        try {
            return ApprovalStatus.valueOf(status.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new DomainException(ErrorCode.VALIDATION_FAILED, "status", "status must be one of "
                    + Arrays.stream(ApprovalStatus.values()).map(s -> s.name().toLowerCase(Locale.ROOT))
                    .collect(Collectors.joining(", ")));
        }
    }

    /** The cursor holds the last approval's requested_at (ISO-8601) and id, joined by a space. */
    static String cursorOf(ApprovalPosition position) {
        return position == null ? null : PageCursor.encode(position.requestedAt(), position.approvalId());
    }

    static ApprovalPosition positionOf(String cursor) {
        return PageCursor.decode(cursor, id -> true, ApprovalPosition::new);
    }

    private static String reasonOf(DecisionRequest request) {
        return request == null || request.reason() == null || request.reason().isBlank() ? null : request.reason().trim();
    }
}
