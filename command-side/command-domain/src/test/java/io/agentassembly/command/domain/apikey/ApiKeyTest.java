package io.agentassembly.command.domain.apikey;

import io.agentassembly.command.api.apikey.ApiKeyCommands.CreateApiKeyCommand;
import io.agentassembly.command.api.apikey.ApiKeyCommands.RevokeApiKeyCommand;
import io.agentassembly.command.api.apikey.ApiKeyEvents.ApiKeyCreatedEvent;
import io.agentassembly.command.api.apikey.ApiKeyEvents.ApiKeyRevokedEvent;
import io.agentassembly.command.api.common.ErrorCode;
import io.agentassembly.command.api.common.SecretDigest;
import io.agentassembly.command.domain.fakes.InMemoryCredentialDigests;
import io.agentassembly.command.domain.fakes.InMemoryCredentialDigests.Stored;
import io.agentassembly.command.domain.fakes.NoSecrets;
import io.agentassembly.command.domain.store.CredentialDigests;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.junit.jupiter.api.Test;

import static io.agentassembly.command.domain.fakes.DomainErrors.rejectedWith;
import static org.assertj.core.api.Assertions.assertThat;

class ApiKeyTest {

    private static final String WS = "ws-0b0e5a4c-9d1e-4f2a-8b3c-1d2e3f4a5b6c";
    private static final String KEY = "key-1";
    private static final String OWNER = "usr-1";
    private static final SecretDigest SECRET = new SecretDigest("d".repeat(64));

    private final InMemoryCredentialDigests digests = new InMemoryCredentialDigests();
    private final FixtureConfiguration<ApiKey> fixture = new AggregateTestFixture<>(ApiKey.class);

    ApiKeyTest() {
        fixture.registerInjectableResource(digests);
    }

    @Test
    void creatingAKeyStoresItsDigestAndRecordsItWithoutTheSecret() {
        fixture.givenNoPriorActivity()
                .when(new CreateApiKeyCommand(KEY, WS, OWNER, " ci deploy ", SECRET))
                .expectEvents(new ApiKeyCreatedEvent(WS, KEY, OWNER, "ci deploy"))
                .expectEventsMatching(NoSecrets.inAnyEvent(SECRET.value()));

        assertThat(digests.of(KEY)).isEqualTo(new Stored(CredentialDigests.API_KEY, SECRET));
    }

    @Test
    void rejectsABlankOrOverlongName() {
        fixture.givenNoPriorActivity()
                .when(new CreateApiKeyCommand(KEY, WS, OWNER, " ", SECRET))
                .expectException(rejectedWith(ErrorCode.VALIDATION_FAILED, "name"));
        fixture.givenNoPriorActivity()
                .when(new CreateApiKeyCommand(KEY, WS, OWNER, "k".repeat(101), SECRET))
                .expectException(rejectedWith(ErrorCode.VALIDATION_FAILED, "name"));
        assertThat(digests.of(KEY)).isNull();
    }

    @Test
    void revokingAKeyDeletesItsDigest() {
        digests.save(KEY, CredentialDigests.API_KEY, SECRET);

        fixture.given(new ApiKeyCreatedEvent(WS, KEY, OWNER, "ci"))
                .when(new RevokeApiKeyCommand(KEY, WS))
                .expectEvents(new ApiKeyRevokedEvent(WS, KEY, OWNER));

        assertThat(digests.of(KEY)).isNull();
    }

    @Test
    void rejectsRevokingAKeyOfAnotherWorkspace() {
        digests.save(KEY, CredentialDigests.API_KEY, SECRET);

        fixture.given(new ApiKeyCreatedEvent(WS, KEY, OWNER, "ci"))
                .when(new RevokeApiKeyCommand(KEY, "ws-other"))
                .expectException(rejectedWith(ErrorCode.API_KEY_NOT_FOUND, "keyId"))
                .expectNoEvents();
        assertThat(digests.of(KEY)).isNotNull();
    }

    @Test
    void ignoresRevokingARevokedKey() {
        fixture.given(new ApiKeyCreatedEvent(WS, KEY, OWNER, "ci"), new ApiKeyRevokedEvent(WS, KEY, OWNER))
                .when(new RevokeApiKeyCommand(KEY, WS))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }
}
