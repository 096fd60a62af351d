package io.agentassembly.command.domain.alert;

import io.agentassembly.command.api.alert.AlertDestinationCommands.ChangeAlertDestinationCommand;
import io.agentassembly.command.api.alert.AlertDestinationCommands.CreateAlertDestinationCommand;
import io.agentassembly.command.api.alert.AlertDestinationCommands.DeleteAlertDestinationCommand;
import io.agentassembly.command.api.alert.AlertDestinationCommands.RotateAlertDestinationSecretCommand;
import io.agentassembly.command.api.alert.AlertDestinationCommands.SendTestAlertCommand;
import io.agentassembly.command.api.alert.AlertDestinationEvents.AlertDestinationChangedEvent;
import io.agentassembly.command.api.alert.AlertDestinationEvents.AlertDestinationCreatedEvent;
import io.agentassembly.command.api.alert.AlertDestinationEvents.AlertDestinationDeletedEvent;
import io.agentassembly.command.api.alert.AlertDestinationEvents.AlertDestinationSecretRotatedEvent;
import io.agentassembly.command.api.alert.AlertDestinationEvents.AlertTestRequestedEvent;
import io.agentassembly.command.api.alert.AlertDestinationIds;
import io.agentassembly.command.api.alert.AlertDestinationKind;
import io.agentassembly.command.api.common.DomainException;
import io.agentassembly.command.api.common.ErrorCode;
import io.agentassembly.command.api.common.SealedSecret;
import io.agentassembly.command.api.common.TextInput;
import io.agentassembly.command.domain.common.Require;
import io.agentassembly.command.domain.store.AlertDestinationSecrets;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.spring.stereotype.Aggregate;

import java.util.regex.Pattern;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;
import static org.axonframework.modelling.command.AggregateLifecycle.markDeleted;

/**
 * Where budget alerts of a workspace go (id {@code dst-<uuid>}): a Slack incoming webhook or a signed webhook,
 * optionally only for one org, enabled or not. The URL and the signing secret arrive sealed and are kept in
 * {@link AlertDestinationSecrets} (same transaction), never in an event; events carry a displayable
 * {@code target}. Deleted destinations answer ALERT_DESTINATION_NOT_FOUND.
 */
@Aggregate
public class AlertDestination {

    static final Pattern ORG_ID = Pattern.compile("[A-Za-z0-9._:-]{1,128}");
    private static final int NAME_MAX = 100;
    private static final int TARGET_MAX = 300;

    @AggregateIdentifier
    private String destinationId;
    private String workspaceId;
    private String orgId;
    private AlertDestinationKind kind;
    private String name;
    private boolean enabled;
    private boolean deleted;

    protected AlertDestination() {
    }

    @CommandHandler
    public AlertDestination(CreateAlertDestinationCommand command, AlertDestinationSecrets secrets) {
        if (!AlertDestinationIds.isDestinationId(command.destinationId())) {
            throw Require.invalid("destinationId", "destinationId must be dst-<uuid>");
        }
        String workspace = Require.text(command.workspaceId(), "workspaceId", 64);
        String name = name(command.name());
        AlertDestinationKind kindOf = Require.present(command.kind(), "kind");
        String org = org(command.orgId());
        String target = Require.text(command.target(), "target", TARGET_MAX);
        SealedSecret url = Require.present(command.url(), "url");
        if (kindOf == AlertDestinationKind.WEBHOOK) {
            Require.present(command.signingSecret(), "signingSecret");
        } else if (command.signingSecret() != null) {
            throw Require.invalid("signingSecret", "only webhook destinations have a signing secret");
        }
        secrets.save(command.destinationId(), workspace, url, command.signingSecret());
        apply(new AlertDestinationCreatedEvent(workspace, org, command.destinationId(), name, kindOf, target,
                command.enabled()));
    }

    @CommandHandler
    public void handle(ChangeAlertDestinationCommand command, AlertDestinationSecrets secrets) {
        requireWorkspace(command.workspaceId());
        String name = name(command.name());
        String org = org(command.orgId());
        boolean urlChanged = command.url() != null;
        if (!urlChanged && name.equals(this.name) && java.util.Objects.equals(org, orgId) && command.enabled() == enabled) {
            return; // an identical PUT records nothing
        }
        String target = urlChanged ? Require.text(command.target(), "target", TARGET_MAX) : null;
        if (urlChanged) {
            secrets.replaceUrl(destinationId, command.url());
        }
        apply(new AlertDestinationChangedEvent(workspaceId, org, destinationId, name, target, command.enabled(),
                urlChanged));
    }

    @CommandHandler
    public void handle(RotateAlertDestinationSecretCommand command, AlertDestinationSecrets secrets) {
        requireWorkspace(command.workspaceId());
        if (kind != AlertDestinationKind.WEBHOOK) {
            throw new DomainException(ErrorCode.CONFLICT, "destinationId", "destination " + destinationId
                    + " is a Slack destination: only webhook destinations have a signing secret to rotate");
        }
        secrets.replaceSigningSecret(destinationId, Require.present(command.signingSecret(), "signingSecret"));
        apply(new AlertDestinationSecretRotatedEvent(workspaceId, orgId, destinationId));
    }

    @CommandHandler
    public void handle(DeleteAlertDestinationCommand command, AlertDestinationSecrets secrets) {
        requireWorkspace(command.workspaceId());
        secrets.delete(destinationId);
        apply(new AlertDestinationDeletedEvent(workspaceId, orgId, destinationId));
    }

    @CommandHandler
    public void handle(SendTestAlertCommand command) {
        requireWorkspace(command.workspaceId());
        String testId = Require.text(command.testId(), "testId", 64);
        apply(new AlertTestRequestedEvent(workspaceId, orgId, destinationId, testId));
    }

    private static String name(String value) {
        return TextInput.require("name", Require.text(value, "name", NAME_MAX), TextInput.Lines.ONE);
    }

    private static String org(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        return Require.matching(value.trim(), ORG_ID, "orgId", "an org id of 1 to 128 letters, digits and . _ : -");
    }

    private void requireWorkspace(String callerWorkspaceId) {
        if (deleted || !workspaceId.equals(callerWorkspaceId)) {
            throw new DomainException(ErrorCode.ALERT_DESTINATION_NOT_FOUND, "destinationId",
                    "alert destination not found; check the destination id");
        }
    }

    @EventSourcingHandler
    void on(AlertDestinationCreatedEvent event) {
        destinationId = event.destinationId();
        workspaceId = event.workspaceId();
        orgId = event.orgId();
        kind = event.kind();
        name = event.name();
        enabled = event.enabled();
    }

    @EventSourcingHandler
    void on(AlertDestinationChangedEvent event) {
        orgId = event.orgId();
        name = event.name();
        enabled = event.enabled();
    }

    @EventSourcingHandler
    void on(AlertDestinationDeletedEvent event) {
        deleted = true;
        markDeleted();
    }
}
