package io.agentassembly.command.domain.common;

import io.agentassembly.command.api.apikey.ApiKeyCommands.RevokeApiKeyCommand;
import io.agentassembly.command.api.apikey.ApiKeyEvents.ApiKeyCreatedEvent;
import io.agentassembly.command.api.common.ErrorCode;
import io.agentassembly.command.api.common.ErrorDetails;
import io.agentassembly.command.domain.apikey.ApiKey;
import io.agentassembly.command.domain.fakes.InMemoryCredentialDigests;
import org.axonframework.commandhandling.CommandExecutionException;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.junit.jupiter.api.Test;

class DomainExceptionWrappingInterceptorTest {

    private static final String WS = "ws-0b0e5a4c-9d1e-4f2a-8b3c-1d2e3f4a5b6c";

    private final FixtureConfiguration<ApiKey> fixture = new AggregateTestFixture<>(ApiKey.class);

    DomainExceptionWrappingInterceptorTest() {
        fixture.registerInjectableResource(new InMemoryCredentialDigests());
        fixture.registerCommandHandlerInterceptor(new DomainExceptionWrappingInterceptor());
    }

    @Test
    void carriesTheRefusalAsTypedDetailsOfACommandExecutionException() {
        fixture.given(new ApiKeyCreatedEvent(WS, "key-1", "usr-1", "ci"))
                .when(new RevokeApiKeyCommand("key-1", "ws-other"))
                .expectException(CommandExecutionException.class)
                .expectExceptionMessage("API key not found; check the key id")
                .expectExceptionDetails(new ErrorDetails(ErrorCode.API_KEY_NOT_FOUND, "keyId",
                        "API key not found; check the key id"));
    }

    @Test
    void reportsACommandForAMissingAggregateAsNotFoundOfItsKind() {
        fixture.givenNoPriorActivity()
                .when(new RevokeApiKeyCommand("key-404", WS))
                .expectException(CommandExecutionException.class)
                .expectExceptionDetails(new ErrorDetails(ErrorCode.API_KEY_NOT_FOUND, "keyId",
                        "API key not found; check the key id"));
    }

    @Test
    void letsSuccessfulCommandsThrough() {
        fixture.given(new ApiKeyCreatedEvent(WS, "key-1", "usr-1", "ci"))
                .when(new RevokeApiKeyCommand("key-1", WS))
                .expectSuccessfulHandlerExecution();
    }
}
