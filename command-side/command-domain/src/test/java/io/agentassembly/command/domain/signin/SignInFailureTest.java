package io.agentassembly.command.domain.signin;

import io.agentassembly.command.api.common.ErrorCode;
import io.agentassembly.command.api.signin.SignInCommands.RecordSignInFailureCommand;
import io.agentassembly.command.api.signin.SignInCommands.SignInFailureReason;
import io.agentassembly.command.api.signin.SignInEvents.UserSignInFailedEvent;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static io.agentassembly.command.domain.fakes.DomainErrors.rejectedWith;

class SignInFailureTest {

    private static final String WS = "ws-0b0e5a4c-9d1e-4f2a-8b3c-1d2e3f4a5b6c";
    private static final Instant LOCKED_UNTIL = Instant.parse("2026-01-01T10:05:00Z");

    private final FixtureConfiguration<SignInFailure> fixture = new AggregateTestFixture<>(SignInFailure.class);

    @Test
    void recordsOneRefusedSignInOfAUser() {
        fixture.givenNoPriorActivity()
                .when(new RecordSignInFailureCommand("sif-1", WS, "usr-1", SignInFailureReason.WRONG_PASSWORD,
                        "203.0.113.7", LOCKED_UNTIL))
                .expectEvents(new UserSignInFailedEvent(WS, "sif-1", "usr-1", SignInFailureReason.WRONG_PASSWORD,
                        "203.0.113.7", LOCKED_UNTIL));
    }

    @Test
    void refusesAFailureWithoutReasonOrClientAddress() {
        fixture.givenNoPriorActivity()
                .when(new RecordSignInFailureCommand("sif-1", WS, "usr-1", null, "203.0.113.7", null))
                .expectException(rejectedWith(ErrorCode.VALIDATION_FAILED, "reason"));
        fixture.givenNoPriorActivity()
                .when(new RecordSignInFailureCommand("sif-1", WS, "usr-1", SignInFailureReason.LOCKED, "a".repeat(65), null))
                .expectException(rejectedWith(ErrorCode.VALIDATION_FAILED, "clientAddress"));
    }
}
