package io.agentassembly.command.domain.scim;

import io.agentassembly.command.api.common.ErrorCode;
import io.agentassembly.command.api.common.SecretDigest;
import io.agentassembly.command.api.scim.ScimTokenCommands.CreateScimTokenCommand;
import io.agentassembly.command.api.scim.ScimTokenCommands.RevokeScimTokenCommand;
import io.agentassembly.command.api.scim.ScimTokenCommands.RotateScimTokenCommand;
import io.agentassembly.command.api.scim.ScimTokenEvents.ScimTokenCreatedEvent;
import io.agentassembly.command.api.scim.ScimTokenEvents.ScimTokenRevokedEvent;
import io.agentassembly.command.api.scim.ScimTokenEvents.ScimTokenRotatedEvent;
import io.agentassembly.command.domain.fakes.InMemoryCredentialDigests;
import io.agentassembly.command.domain.fakes.InMemoryCredentialDigests.Stored;
import io.agentassembly.command.domain.fakes.NoSecrets;
import io.agentassembly.command.domain.store.CredentialDigests;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.junit.jupiter.api.Test;

import static io.agentassembly.command.domain.fakes.DomainErrors.rejectedWith;
import static org.assertj.core.api.Assertions.assertThat;

class ScimTokenTest {

    private static final String WS = "ws-0b0e5a4c-9d1e-4f2a-8b3c-1d2e3f4a5b6c";
    private static final String TOKEN = "0123456789abcdef0123456789abcdef";
    private static final SecretDigest SECRET = new SecretDigest("d".repeat(64));
    private static final SecretDigest NEW_SECRET = new SecretDigest("e".repeat(64));

    private final InMemoryCredentialDigests digests = new InMemoryCredentialDigests();
    private final FixtureConfiguration<ScimToken> fixture = new AggregateTestFixture<>(ScimToken.class);

    ScimTokenTest() {
        fixture.registerInjectableResource(digests);
    }

    @Test
    void creatingATokenStoresItsDigestAndRecordsItWithoutTheSecret() {
        fixture.givenNoPriorActivity()
                .when(new CreateScimTokenCommand(TOKEN, WS, " okta ", SECRET))
                .expectEvents(new ScimTokenCreatedEvent(WS, TOKEN, "okta"))
                .expectEventsMatching(NoSecrets.inAnyEvent(SECRET.value()));

        assertThat(digests.of(TOKEN)).isEqualTo(new Stored(CredentialDigests.SCIM_TOKEN, SECRET));
    }

    @Test
    void rejectsABlankOrOverlongNameOrAMissingSecret() {
        fixture.givenNoPriorActivity()
                .when(new CreateScimTokenCommand(TOKEN, WS, " ", SECRET))
                .expectException(rejectedWith(ErrorCode.VALIDATION_FAILED, "name"));
        fixture.givenNoPriorActivity()
                .when(new CreateScimTokenCommand(TOKEN, WS, "k".repeat(101), SECRET))
                .expectException(rejectedWith(ErrorCode.VALIDATION_FAILED, "name"));
        fixture.givenNoPriorActivity()
                .when(new CreateScimTokenCommand(TOKEN, WS, "okta", null))
                .expectException(rejectedWith(ErrorCode.VALIDATION_FAILED, "secret"));
        assertThat(digests.of(TOKEN)).isNull();
    }

    @Test
    void acceptsANameOfExactlyOneHundredCharacters() {
        fixture.givenNoPriorActivity()
                .when(new CreateScimTokenCommand(TOKEN, WS, "k".repeat(100), SECRET))
                .expectEvents(new ScimTokenCreatedEvent(WS, TOKEN, "k".repeat(100)));
    }

    @Test
    void rotatingReplacesTheDigestAndRecordsItWithoutEitherSecret() {
        digests.save(TOKEN, CredentialDigests.SCIM_TOKEN, SECRET);

        fixture.given(new ScimTokenCreatedEvent(WS, TOKEN, "okta"))
                .when(new RotateScimTokenCommand(TOKEN, WS, NEW_SECRET))
                .expectEvents(new ScimTokenRotatedEvent(WS, TOKEN))
                .expectEventsMatching(NoSecrets.inAnyEvent(NEW_SECRET.value()));

        assertThat(digests.of(TOKEN)).isEqualTo(new Stored(CredentialDigests.SCIM_TOKEN, NEW_SECRET));
        assertThat(digests.matches(TOKEN, SECRET)).isFalse();
    }

    @Test
    void rejectsRotatingARevokedToken() {
        fixture.given(new ScimTokenCreatedEvent(WS, TOKEN, "okta"), new ScimTokenRevokedEvent(WS, TOKEN))
                .when(new RotateScimTokenCommand(TOKEN, WS, NEW_SECRET))
                .expectException(rejectedWith(ErrorCode.SCIM_TOKEN_REVOKED, "tokenId"))
                .expectNoEvents();
        assertThat(digests.of(TOKEN)).isNull();
    }

    @Test
    void rejectsRotatingATokenOfAnotherWorkspace() {
        digests.save(TOKEN, CredentialDigests.SCIM_TOKEN, SECRET);

        fixture.given(new ScimTokenCreatedEvent(WS, TOKEN, "okta"))
                .when(new RotateScimTokenCommand(TOKEN, "ws-other", NEW_SECRET))
                .expectException(rejectedWith(ErrorCode.SCIM_TOKEN_NOT_FOUND, "tokenId"))
                .expectNoEvents();
        assertThat(digests.of(TOKEN)).isEqualTo(new Stored(CredentialDigests.SCIM_TOKEN, SECRET));
    }

    @Test
    void revokingDeletesTheDigest() {
        digests.save(TOKEN, CredentialDigests.SCIM_TOKEN, SECRET);

        fixture.given(new ScimTokenCreatedEvent(WS, TOKEN, "okta"), new ScimTokenRotatedEvent(WS, TOKEN))
                .when(new RevokeScimTokenCommand(TOKEN, WS))
                .expectEvents(new ScimTokenRevokedEvent(WS, TOKEN));

        assertThat(digests.of(TOKEN)).isNull();
    }

    @Test
    void rejectsRevokingATokenOfAnotherWorkspace() {
        digests.save(TOKEN, CredentialDigests.SCIM_TOKEN, SECRET);

        fixture.given(new ScimTokenCreatedEvent(WS, TOKEN, "okta"))
                .when(new RevokeScimTokenCommand(TOKEN, "ws-other"))
                .expectException(rejectedWith(ErrorCode.SCIM_TOKEN_NOT_FOUND, "tokenId"))
                .expectNoEvents();
        assertThat(digests.of(TOKEN)).isNotNull();
    }

    @Test
    void ignoresRevokingARevokedToken() {
        fixture.given(new ScimTokenCreatedEvent(WS, TOKEN, "okta"), new ScimTokenRevokedEvent(WS, TOKEN))
                .when(new RevokeScimTokenCommand(TOKEN, WS))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }
}
