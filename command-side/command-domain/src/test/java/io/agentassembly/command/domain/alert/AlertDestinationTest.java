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
import io.agentassembly.command.api.alert.AlertDestinationKind;
import io.agentassembly.command.api.common.ErrorCode;
import io.agentassembly.command.api.common.SealedSecret;
import io.agentassembly.command.domain.fakes.InMemoryAlertDestinationSecrets;
import io.agentassembly.command.domain.fakes.InMemoryAlertDestinationSecrets.Stored;
import io.agentassembly.command.domain.fakes.NoSecrets;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.junit.jupiter.api.Test;

import static io.agentassembly.command.domain.fakes.DomainErrors.rejectedWith;
import static org.assertj.core.api.Assertions.assertThat;

class AlertDestinationTest {

    private static final String WS = "ws-0b0e5a4c-9d1e-4f2a-8b3c-1d2e3f4a5b6c";
    private static final String OTHER_WS = "ws-1b0e5a4c-9d1e-4f2a-8b3c-1d2e3f4a5b6c";
    private static final String DST = "dst-5f0e5a4c-9d1e-4f2a-8b3c-1d2e3f4a5b6c";
    private static final SealedSecret URL = new SealedSecret("v1:sealed-url");
    private static final SealedSecret SIGNING = new SealedSecret("v1:sealed-signing");
    private static final String TARGET = "hooks.slack.com/…/x9Yz";

    private final InMemoryAlertDestinationSecrets secrets = new InMemoryAlertDestinationSecrets();
    private final FixtureConfiguration<AlertDestination> fixture = new AggregateTestFixture<>(AlertDestination.class);

    AlertDestinationTest() {
        fixture.registerInjectableResource(secrets);
    }

    private static AlertDestinationCreatedEvent slackCreated() {
        return new AlertDestinationCreatedEvent(WS, null, DST, "ops", AlertDestinationKind.SLACK, TARGET, true);
    }

    private static AlertDestinationCreatedEvent webhookCreated() {
        return new AlertDestinationCreatedEvent(WS, "org-1", DST, "pager", AlertDestinationKind.WEBHOOK,
                "https://alerts.example.com/aasm", true);
    }

    @Test
    void creatingASlackDestinationStoresTheSealedUrlAndRecordsOnlyTheMaskedTarget() {
        fixture.givenNoPriorActivity()
                .when(new CreateAlertDestinationCommand(DST, WS, " ops ", AlertDestinationKind.SLACK, " ", true,
                        TARGET, URL, null))
                .expectEvents(slackCreated())
                .expectEventsMatching(NoSecrets.inAnyEvent(URL.value()));
        assertThat(secrets.of(DST)).isEqualTo(new Stored(WS, URL, null));
    }

    @Test
    void aWebhookDestinationNeedsASigningSecretAndASlackOneHasNone() {
        fixture.givenNoPriorActivity()
                .when(new CreateAlertDestinationCommand(DST, WS, "pager", AlertDestinationKind.WEBHOOK, "org-1",
                        true, "https://alerts.example.com/aasm", URL, null))
                .expectException(rejectedWith(ErrorCode.VALIDATION_FAILED, "signingSecret"));
        fixture.givenNoPriorActivity()
                .when(new CreateAlertDestinationCommand(DST, WS, "ops", AlertDestinationKind.SLACK, null,
                        true, TARGET, URL, SIGNING))
                .expectException(rejectedWith(ErrorCode.VALIDATION_FAILED, "signingSecret"));
        fixture.givenNoPriorActivity()
                .when(new CreateAlertDestinationCommand(DST, WS, "pager", AlertDestinationKind.WEBHOOK, "org-1",
                        true, "https://alerts.example.com/aasm", URL, SIGNING))
                .expectEvents(webhookCreated())
                .expectEventsMatching(NoSecrets.inAnyEvent(URL.value(), SIGNING.value()));
        assertThat(secrets.of(DST)).isEqualTo(new Stored(WS, URL, SIGNING));
    }

    @Test
    void rejectsABadNameOrgOrIdWithoutStoringAnything() {
        fixture.givenNoPriorActivity()
                .when(new CreateAlertDestinationCommand(DST, WS, "n".repeat(101), AlertDestinationKind.SLACK, null,
                        true, TARGET, URL, null))
                .expectException(rejectedWith(ErrorCode.VALIDATION_FAILED, "name"));
        fixture.givenNoPriorActivity()
                .when(new CreateAlertDestinationCommand(DST, WS, "a\u0000b", AlertDestinationKind.SLACK, null,
                        true, TARGET, URL, null))
                .expectException(rejectedWith(ErrorCode.VALIDATION_FAILED, "name"));
        fixture.givenNoPriorActivity()
                .when(new CreateAlertDestinationCommand(DST, WS, "ops", AlertDestinationKind.SLACK, "org one",
                        true, TARGET, URL, null))
                .expectException(rejectedWith(ErrorCode.VALIDATION_FAILED, "orgId"));
        fixture.givenNoPriorActivity()
                .when(new CreateAlertDestinationCommand("dst-1", WS, "ops", AlertDestinationKind.SLACK, null,
                        true, TARGET, URL, null))
                .expectException(rejectedWith(ErrorCode.VALIDATION_FAILED, "destinationId"));
        assertThat(secrets.of(DST)).isNull();
    }

    @Test
    void changingKeepsTheUrlUnlessANewOneIsGiven() {
        secrets.save(DST, WS, URL, null);
        fixture.given(slackCreated())
                .when(new ChangeAlertDestinationCommand(DST, WS, "ops 2", "org-2", false, null, null))
                .expectEvents(new AlertDestinationChangedEvent(WS, "org-2", DST, "ops 2", null, false, false));
        assertThat(secrets.of(DST).url()).isEqualTo(URL);

        fixture.given(slackCreated())
                .when(new ChangeAlertDestinationCommand(DST, WS, " ops ", null, true, null, null))
                .expectNoEvents();

        SealedSecret newUrl = new SealedSecret("v1:other");
        fixture.given(slackCreated())
                .when(new ChangeAlertDestinationCommand(DST, WS, "ops", null, true, "hooks.slack.com/…/abcd", newUrl))
                .expectEvents(new AlertDestinationChangedEvent(WS, null, DST, "ops", "hooks.slack.com/…/abcd", true, true));
        assertThat(secrets.of(DST).url()).isEqualTo(newUrl);
    }

    @Test
    void onlyAWebhookDestinationRotatesItsSigningSecret() {
        secrets.save(DST, WS, URL, SIGNING);
        SealedSecret rotated = new SealedSecret("v1:rotated");
        fixture.given(webhookCreated())
                .when(new RotateAlertDestinationSecretCommand(DST, WS, rotated))
                .expectEvents(new AlertDestinationSecretRotatedEvent(WS, "org-1", DST))
                .expectEventsMatching(NoSecrets.inAnyEvent(rotated.value()));
        assertThat(secrets.of(DST).signingSecret()).isEqualTo(rotated);

        fixture.given(slackCreated())
                .when(new RotateAlertDestinationSecretCommand(DST, WS, rotated))
                .expectException(rejectedWith(ErrorCode.CONFLICT, "destinationId"));
    }

    @Test
    void anotherWorkspaceOrADeletedDestinationIsNotFound() {
        fixture.given(slackCreated())
                .when(new SendTestAlertCommand(DST, OTHER_WS, "t1"))
                .expectException(rejectedWith(ErrorCode.ALERT_DESTINATION_NOT_FOUND, "destinationId"));
        fixture.given(slackCreated())
                .when(new DeleteAlertDestinationCommand(DST, OTHER_WS))
                .expectException(rejectedWith(ErrorCode.ALERT_DESTINATION_NOT_FOUND, "destinationId"));
    }

    @Test
    void deletingRemovesTheSecretsAndATestIsRecorded() {
        fixture.given(slackCreated())
                .when(new SendTestAlertCommand(DST, WS, "t1"))
                .expectEvents(new AlertTestRequestedEvent(WS, null, DST, "t1"));

        secrets.save(DST, WS, URL, null);
        fixture.given(slackCreated())
                .when(new DeleteAlertDestinationCommand(DST, WS))
                .expectEvents(new AlertDestinationDeletedEvent(WS, null, DST));
        assertThat(secrets.of(DST)).isNull();
    }
}
