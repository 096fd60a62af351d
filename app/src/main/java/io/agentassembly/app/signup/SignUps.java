package io.agentassembly.app.signup;

import io.agentassembly.app.rest.QueryClient;
import io.agentassembly.command.api.common.ActorType;
import io.agentassembly.command.api.workspace.WorkspaceCommands.ExpireSignUpCommand;
import io.agentassembly.command.api.workspace.WorkspaceCommands.ResendVerificationCommand;
import io.agentassembly.command.api.workspace.WorkspaceCommands.SignUpWorkspaceCommand;
import io.agentassembly.identity.Actor;
import io.agentassembly.identity.ActorCommandGateway;
import io.agentassembly.identity.IdentityProperties;
import io.agentassembly.identity.limit.LimitExceededException;
import io.agentassembly.identity.limit.LimitOutcome;
import io.agentassembly.identity.limit.LimitProperties;
import io.agentassembly.identity.limit.Limiter;
import io.agentassembly.identity.limit.Limits;
import io.agentassembly.identity.token.SecretTokens;
import io.agentassembly.query.api.SignUpQueries.FindLapsedSignUpHoldersQuery;
import io.agentassembly.query.api.SignUpQueries.ListPendingSignUpsQuery;
import io.agentassembly.query.api.SignUpQueries.PendingSignUpView;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import jakarta.annotation.PreDestroy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.stereotype.Service;

import java.time.Instant;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Self-serve sign-ups behind the public endpoints, which must not tell whether an address has an account.
 * <ul>
 * <li>A sign-up takes over the slug of a lapsed pending sign-up in its own unit of work (closing that sign-up
 * first), so nobody waits for the sweeper. Its e-mail address is always free in its new workspace (addresses are
 * unique per workspace, ADR 0016), so it does the same work whether the address has accounts elsewhere or not.</li>
 * <li>A resend request is queued for one worker thread and answered at once, so neither the answer nor its time
 * depends on whether the address has a pending sign-up, an active account or none.</li>
 * </ul>
 */
@Service
@EnableConfigurationProperties(SignUpProperties.class)
public class SignUps {

    static final Actor EXPIRY = new Actor(ActorType.SYSTEM, "sign-up-expiry");
    private static final Actor RESEND = new Actor(ActorType.SYSTEM, "sign-up-resend");
    private static final Logger log = LoggerFactory.getLogger(SignUps.class);

    private final ActorCommandGateway commands;
    private final QueryClient queries;
    private final SignUpProperties properties;
    private final IdentityProperties identity;
    private final ThreadPoolExecutor resendWorker;
    private final Counter droppedResends;
    private final Limiter signUpsPerEmail;

    public SignUps(ActorCommandGateway commands, QueryClient queries, SignUpProperties properties,
                   IdentityProperties identity, ObjectProvider<MeterRegistry> meters, Limits limits,
                   LimitProperties limitProperties) {
        this.commands = commands;
        this.queries = queries;
        this.properties = properties;
        this.identity = identity;
        this.signUpsPerEmail = limits.shared("signup-email", limitProperties.signupEmail());
        this.resendWorker = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS,
                new ArrayBlockingQueue<>(properties.resendQueueCapacity()),
                Thread.ofPlatform().name("sign-up-resend").daemon().factory());
        this.droppedResends = Counter.builder("aasm.signup.resend.dropped")
                .description("resend requests dropped because the resend queue was full")
                .register(meters.getIfAvailable(SimpleMeterRegistry::new));
    }

    /** When a sign-up made now stops holding its e-mail and slug unless verified. */
    public Instant pendingUntil(Instant now) {
        return now.plus(properties.unverifiedClaimLifetime());
    }

    /**
     * Sends the sign-up, first closing the lapsed sign-up that still holds its slug, if any. Refused with 429 when
     * the address was signed up too often ({@code aasm.security.limits.signup-email}): each sign-up mails it a link.
     */
    public void signUp(SignUpWorkspaceCommand command, Actor actor) {
        LimitOutcome perEmail = signUpsPerEmail.acquire(command.ownerEmail());
        if (perEmail.refused()) {
            throw new LimitExceededException("too many sign-ups with this e-mail address; finish one with the link "
                    + "we mailed, or try again later", perEmail.retryAfterSeconds(signUpsPerEmail.now()));
        }
        commands.atomically(() -> {
            var lapsed = queries.list(new FindLapsedSignUpHoldersQuery(command.slug(), Instant.now()), String.class);
            lapsed.forEach(workspaceId -> commands.send(new ExpireSignUpCommand(workspaceId), EXPIRY));
            return commands.send(command, actor);
        });
    }

    /** Queues a new verification link for each of the address's pending sign-ups; never blocks. */
    public void requestResend(String normalisedEmail) {
        try {
            resendWorker.execute(() -> resend(normalisedEmail));
        } catch (RejectedExecutionException e) {
            droppedResends.increment();
        }
    }

    private void resend(String email) {
        try {
            queries.list(new ListPendingSignUpsQuery(email), PendingSignUpView.class).forEach(pending ->
                    commands.send(new ResendVerificationCommand(pending.workspaceId(), SecretTokens.newCompactId(),
                            Instant.now().plus(identity.emailLinkLifetime()), properties.resendInterval()), RESEND));
        } catch (RuntimeException e) {
            log.warn("could not resend a verification link; the requester may ask again", e);
        }
    }

    @PreDestroy
    void stopResending() {
        resendWorker.shutdownNow();
    }
}
