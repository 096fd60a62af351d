package io.agentassembly.app.rest;

import io.agentassembly.app.alert.AlertProperties;
import io.agentassembly.app.alert.AlertSealing;
import io.agentassembly.app.alert.AlertUrls;
import io.agentassembly.command.api.alert.AlertDestinationCommands.ChangeAlertDestinationCommand;
import io.agentassembly.command.api.alert.AlertDestinationCommands.CreateAlertDestinationCommand;
import io.agentassembly.command.api.alert.AlertDestinationCommands.DeleteAlertDestinationCommand;
import io.agentassembly.command.api.alert.AlertDestinationCommands.RotateAlertDestinationSecretCommand;
import io.agentassembly.command.api.alert.AlertDestinationCommands.SendTestAlertCommand;
import io.agentassembly.command.api.alert.AlertDestinationIds;
import io.agentassembly.command.api.alert.AlertDestinationKind;
import io.agentassembly.command.api.common.ErrorCode;
import io.agentassembly.command.api.common.SealedSecret;
import io.agentassembly.identity.ActorCommandGateway;
import io.agentassembly.identity.Caller;
import io.agentassembly.identity.Permission;
import io.agentassembly.query.api.AlertQueries;
import io.agentassembly.query.api.AlertQueries.AlertDeliveryPage;
import io.agentassembly.query.api.AlertQueries.AlertDeliveryPosition;
import io.agentassembly.query.api.AlertQueries.AlertDeliveryView;
import io.agentassembly.query.api.AlertQueries.AlertDestinationView;
import io.agentassembly.query.api.AlertQueries.FindAlertDestinationQuery;
import io.agentassembly.query.api.AlertQueries.ListAlertDeliveriesQuery;
import io.agentassembly.query.api.AlertQueries.ListAlertDestinationsQuery;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Where budget alerts of the caller's workspace go (docs/alerts.md): Slack incoming webhooks and signed webhooks.
 * Configuration, so reading and managing both need the budgets-manage permission (Owner, Admin). A Slack URL is a
 * secret: answers show only its host and a masked tail. A webhook's signing secret is generated here and shown
 * once, in the answer to the create or rotate call. Another workspace's destination answers 404.
 */
@RestController
@RequestMapping("/api/v1/alert-destinations")
@Tag(name = "Alert destinations")
public class AlertDestinationController {

    private static final String ORG_PATTERN = "^[A-Za-z0-9._:-]{1,128}$";

    public record CreateAlertDestinationRequest(
            @NotBlank @Size(max = 100) String name,
            @NotNull @Schema(description = "slack: a Slack incoming webhook URL (a secret); webhook: any https URL, "
                    + "requests signed with a generated secret") AlertDestinationKind kind,
            @NotBlank @Size(max = AlertUrls.MAX_LENGTH) @Schema(description = "https URL; never shown again in full")
            String url,
            @Size(max = 128) @Pattern(regexp = ORG_PATTERN) @Schema(description = "only alerts of this org; absent: every org")
            String orgId,
            @Schema(description = "default true") Boolean enabled) {
    }

    /** Replaces name, org filter and enabled flag; {@code url} absent keeps the URL (it cannot be read back). */
    public record ChangeAlertDestinationRequest(
            @NotBlank @Size(max = 100) String name,
            @Size(max = AlertUrls.MAX_LENGTH) @Schema(description = "a new URL; absent keeps the current one") String url,
            @Size(max = 128) @Pattern(regexp = ORG_PATTERN) @Schema(description = "absent: every org") String orgId,
            @NotNull Boolean enabled) {
    }

    /** A destination with the signing secret shown this once (webhook destinations, create and rotate). */
    public record AlertDestinationWithSecret(String destinationId, String workspaceId, String orgId, String name,
                                             AlertDestinationKind kind, String target, boolean enabled,
                                             Instant createdAt, Instant updatedAt, Instant secretRotatedAt,
                                             @Schema(description = "webhook only; shown once") String signingSecret,
                                             String notice) {
        @Override
        public String toString() {
            return "AlertDestinationWithSecret[" + destinationId + "]";
        }
    }

    public record AlertDestinationListResponse(List<AlertDestinationView> entries) {
    }

    public record AlertDeliveryListResponse(List<AlertDeliveryView> entries, String nextCursor) {
    }

    public record TestAlertResponse(String destinationId, String testId, String status) {
    }

    private final ActorCommandGateway commands;
    private final QueryClient queries;
    private final AlertSealing sealing;
    private final AlertUrls urls;

    public AlertDestinationController(ActorCommandGateway commands, QueryClient queries, AlertSealing sealing,
                                      AlertProperties properties) {
        this.commands = commands;
        this.queries = queries;
        this.sealing = sealing;
        this.urls = new AlertUrls(properties);
    }

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(operationId = "createAlertDestination", summary = "Add a Slack or webhook destination for budget alerts; a webhook's signing secret is in this answer only")
    public AlertDestinationWithSecret create(@AuthenticationPrincipal Caller caller,
                                             @Valid @RequestBody CreateAlertDestinationRequest request) {
        caller.require(Permission.BUDGETS_MANAGE);
        URI url = urls.validate(request.url(), "url");
        String destinationId = AlertDestinationIds.newId();
        String signingSecret = request.kind() == AlertDestinationKind.WEBHOOK ? AlertSealing.newSigningSecret() : null;
        SealedSecret sealedSigning = signingSecret == null ? null : sealing.sealSigningSecret(destinationId, signingSecret);
        commands.send(new CreateAlertDestinationCommand(destinationId, caller.workspaceId(), request.name(),
                request.kind(), blankToNull(request.orgId()), request.enabled() == null || request.enabled(),
                AlertUrls.target(request.kind(), url), sealing.sealUrl(destinationId, url.toString()), sealedSigning),
                caller.actor());
        return withSecret(destination(caller, destinationId), signingSecret);
    }

    @GetMapping
    @Operation(operationId = "listAlertDestinations", summary = "The workspace's alert destinations, oldest first; ?org_id= for those filtered to one org")
    public AlertDestinationListResponse list(@AuthenticationPrincipal Caller caller,
                                             @RequestParam(name = "org_id", required = false) @Size(max = 128) String orgId) {
        caller.require(Permission.BUDGETS_MANAGE);
        return new AlertDestinationListResponse(queries.list(
                new ListAlertDestinationsQuery(caller.workspaceId(), blankToNull(orgId)), AlertDestinationView.class));
    }

    @GetMapping("/{destinationId}")
    @Operation(operationId = "getAlertDestination", summary = "An alert destination (the URL masked, never a secret)")
    public AlertDestinationView get(@AuthenticationPrincipal Caller caller, @PathVariable String destinationId) {
        return destination(caller.require(Permission.BUDGETS_MANAGE), destinationId);
    }

    @PutMapping("/{destinationId}")
    @Operation(operationId = "updateAlertDestination", summary = "Replace name, org filter and enabled flag; a url replaces the URL, absent keeps it")
    public AlertDestinationView update(@AuthenticationPrincipal Caller caller, @PathVariable String destinationId,
                                       @Valid @RequestBody ChangeAlertDestinationRequest request) {
        caller.require(Permission.BUDGETS_MANAGE);
        AlertDestinationView current = destination(caller, destinationId);
        String target = null;
        SealedSecret sealedUrl = null;
        if (request.url() != null) {
            URI url = urls.validate(request.url(), "url");
            target = AlertUrls.target(current.kind(), url);
            sealedUrl = sealing.sealUrl(destinationId, url.toString());
        }
        commands.send(new ChangeAlertDestinationCommand(destinationId, caller.workspaceId(), request.name(),
                blankToNull(request.orgId()), request.enabled(), target, sealedUrl), caller.actor());
        return destination(caller, destinationId);
    }

    @DeleteMapping("/{destinationId}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(operationId = "deleteAlertDestination", summary = "Delete a destination: its URL and secret are erased, its pending deliveries cancelled")
    public void delete(@AuthenticationPrincipal Caller caller, @PathVariable String destinationId) {
        caller.require(Permission.BUDGETS_MANAGE);
        destination(caller, destinationId);
        commands.send(new DeleteAlertDestinationCommand(destinationId, caller.workspaceId()), caller.actor());
    }

    @PostMapping("/{destinationId}/rotate-secret")
    @Operation(operationId = "rotateAlertDestinationSecret", summary = "Webhook destinations: a new signing secret, in this answer only; the old one stops signing at once")
    public AlertDestinationWithSecret rotateSecret(@AuthenticationPrincipal Caller caller,
                                                   @PathVariable String destinationId) {
        caller.require(Permission.BUDGETS_MANAGE);
        destination(caller, destinationId);
        String signingSecret = AlertSealing.newSigningSecret();
        commands.send(new RotateAlertDestinationSecretCommand(destinationId, caller.workspaceId(),
                sealing.sealSigningSecret(destinationId, signingSecret)), caller.actor());
        return withSecret(destination(caller, destinationId), signingSecret);
    }

    @PostMapping("/{destinationId}/test")
    @ResponseStatus(HttpStatus.ACCEPTED)
    @Operation(operationId = "sendTestAlert", summary = "Queue one test alert to this destination (also when disabled); see its deliveries for the outcome")
    public TestAlertResponse sendTest(@AuthenticationPrincipal Caller caller, @PathVariable String destinationId) {
        caller.require(Permission.BUDGETS_MANAGE);
        destination(caller, destinationId);
        String testId = "tst-" + UUID.randomUUID();
        commands.send(new SendTestAlertCommand(destinationId, caller.workspaceId(), testId), caller.actor());
        return new TestAlertResponse(destinationId, testId, "QUEUED");
    }

    @GetMapping("/{destinationId}/deliveries")
    @Operation(operationId = "listAlertDeliveries", summary = "The destination's delivery log, newest first: status, every attempt (time, HTTP status, error), next retry; cursor pagination")
    public AlertDeliveryListResponse deliveries(@AuthenticationPrincipal Caller caller,
                                                @PathVariable String destinationId,
                                                @RequestParam(name = "cursor", required = false) String cursor,
                                                @RequestParam(name = "per_page", defaultValue = "50") int perPage) {
        caller.require(Permission.BUDGETS_MANAGE);
        if (perPage < 1 || perPage > AlertQueries.MAX_PAGE_SIZE) {
            throw PageCursor.invalidPageSize(AlertQueries.MAX_PAGE_SIZE);
        }
        destination(caller, destinationId);
        AlertDeliveryPage page = queries.single(new ListAlertDeliveriesQuery(caller.workspaceId(), destinationId,
                positionOf(cursor), perPage), AlertDeliveryPage.class);
        return new AlertDeliveryListResponse(page.entries(), cursorOf(page.next()));
    }

    private AlertDestinationView destination(Caller caller, String destinationId) {
        return queries.found(new FindAlertDestinationQuery(caller.workspaceId(), destinationId),
                AlertDestinationView.class, ErrorCode.ALERT_DESTINATION_NOT_FOUND, "alert destination " + destinationId);
    }

    private static AlertDestinationWithSecret withSecret(AlertDestinationView view, String signingSecret) {
        return new AlertDestinationWithSecret(view.destinationId(), view.workspaceId(), view.orgId(), view.name(),
                view.kind(), view.target(), view.enabled(), view.createdAt(), view.updatedAt(), view.secretRotatedAt(),
                signingSecret, signingSecret == null ? null
                : "store this signing secret now: it is not shown again (rotate it to get a new one)");
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }

    /** The cursor holds the last delivery's created_at (ISO-8601) and id, joined by a space. */
    static String cursorOf(AlertDeliveryPosition position) {
        return position == null ? null : PageCursor.encode(position.createdAt(), position.deliveryId());
    }

    static AlertDeliveryPosition positionOf(String cursor) {
        return PageCursor.decode(cursor, id -> true, AlertDeliveryPosition::new);
    }
}
