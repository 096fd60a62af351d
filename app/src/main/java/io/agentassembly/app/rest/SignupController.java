package io.agentassembly.app.rest;

import io.agentassembly.app.signup.SignUps;
import io.agentassembly.command.api.common.ActorType;
import io.agentassembly.command.api.common.DomainException;
import io.agentassembly.command.api.common.ErrorCode;
import io.agentassembly.command.api.common.Region;
import io.agentassembly.command.api.common.Role;
import io.agentassembly.command.api.common.Tier;
import io.agentassembly.command.api.workspace.WorkspaceCommands.SignUpWorkspaceCommand;
import io.agentassembly.command.api.workspace.WorkspaceCommands.VerifyWorkspaceEmailCommand;
import io.agentassembly.identity.Actor;
import io.agentassembly.identity.ActorCommandGateway;
import io.agentassembly.identity.IdentityProperties;
import io.agentassembly.identity.password.EmailAddresses;
import io.agentassembly.identity.password.PasswordHasher;
import io.agentassembly.identity.password.PasswordPolicy;
import io.agentassembly.identity.token.LinkTokens;
import io.agentassembly.identity.token.LinkTokens.Purpose;
import io.agentassembly.identity.token.SecretTokens;
import io.agentassembly.query.api.WorkspaceQueries.ListUsersQuery;
import io.agentassembly.query.api.WorkspaceQueries.UserView;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import java.time.Instant;
import java.util.Locale;
import java.util.UUID;

@RestController
@RequestMapping("/api/v1/signup")
@Tag(name = "Sign-up", description = "Self-serve workspaces (Free, Pro, Business)")
public class SignupController {

    public record SignUpRequest(@NotBlank @Size(max = AuthController.EMAIL_MAX) String email,
                                @NotBlank @Size(max = PasswordPolicy.MAX_LENGTH, message = AuthController.PASSWORD_TOO_LONG)
                                @Schema(minLength = PasswordPolicy.MIN_LENGTH, description = PasswordPolicy.RULES) String password,
                                @NotBlank @Size(max = 200) String workspaceName,
                                @NotBlank @Size(max = 32) @Schema(implementation = Region.class) String region,
                                @NotBlank @Size(max = 32) @Schema(allowableValues = {"free", "pro", "business"}, description = "enterprise is provisioned by our team") String tier, @Size(max = 200) String displayName,
                                @Size(max = 64) String slug) {
        @Override
        public String toString() {
            return "SignUpRequest[" + email + ", " + workspaceName + "]";
        }
    }

    /** The same for every sign-up that passes validation, whether or not its address already has an account. */
    public record SignUpResponse(String status, String message) {
    }

    public record ResendRequest(@NotBlank String email) {
        @Override
        public String toString() {
            return "ResendRequest[redacted]";
        }
    }

    public record ResendResponse(String message) {
    }

    public record VerifyEmailRequest(@NotNull @Size(max = AuthController.TOKEN_MAX) String token) {
    }

    public record VerifyEmailResponse(String workspaceId, String status) {
    }

    private static final SignUpResponse SIGNED_UP = new SignUpResponse("PENDING_VERIFICATION",
            "we sent a mail to the address you gave; follow it to finish signing up (the link expires)");
    private static final ResendResponse RESEND_QUEUED = new ResendResponse(
            "if a sign-up for this address is waiting for verification, a new link is on its way and links from "
                    + "earlier mails stop working; an active account needs no link: sign in");

    private final SignUps signUps;
    private final ActorCommandGateway commands;
    private final QueryClient queries;
    private final PasswordHasher passwords;
    private final LinkTokens linkTokens;
    private final IdentityProperties identity;

    public SignupController(SignUps signUps, ActorCommandGateway commands, QueryClient queries,
                            PasswordHasher passwords, LinkTokens linkTokens, IdentityProperties identity) {
        this.signUps = signUps;
        this.commands = commands;
        this.queries = queries;
        this.passwords = passwords;
        this.linkTokens = linkTokens;
        this.identity = identity;
    }

    @PostMapping
    @ResponseStatus(HttpStatus.ACCEPTED)
    @Operation(operationId = "signUp", summary = "Sign up: creates a pending workspace and its Owner, and e-mails a verification link. "
            + "An address that already has an account gets a notice instead; the answer is the same either way. "
            + "The ids are in GET /auth/me once verified and signed in.")
    public SignUpResponse signUp(@Valid @RequestBody SignUpRequest request) {
        String email = EmailAddresses.normalise("email", request.email());
        Region region = Region.fromCode(request.region());
        Tier tier = Tier.fromCode(request.tier());
        if (!tier.selfServe()) {
            throw new DomainException(ErrorCode.VALIDATION_FAILED, "tier",
                    "tier '" + tier.code() + "' is provisioned by our team; sign up for free, pro or business");
        }
        PasswordPolicy.check(request.password(), email);
        String workspaceId = "ws-" + UUID.randomUUID();
        String userId = "usr-" + UUID.randomUUID();
        String slug = request.slug() == null || request.slug().isBlank() ? slugOf(request.workspaceName()) : request.slug();
        Instant now = Instant.now();
        signUps.signUp(new SignUpWorkspaceCommand(workspaceId, request.workspaceName().trim(), slug, region, tier,
                userId, email, displayName(request.displayName(), email), passwords.hash(request.password()),
                SecretTokens.newCompactId(), now.plus(identity.emailLinkLifetime()), signUps.pendingUntil(now)),
                new Actor(ActorType.USER, userId));
        return SIGNED_UP;
    }

    @PostMapping("/resend")
    @ResponseStatus(HttpStatus.ACCEPTED)
    @Operation(operationId = "resendSignUpLink", summary = "Send a pending sign-up a new verification link (older links stop working). Answers the "
            + "same whether the address has a pending sign-up, an active account or none.")
    public ResendResponse resend(@Valid @RequestBody ResendRequest request) {
        signUps.requestResend(EmailAddresses.normalise("email", request.email()));
        return RESEND_QUEUED;
    }

    @PostMapping("/verify")
    @Operation(operationId = "verifySignUp", summary = "Verify the sign-up e-mail with the token from the link; activates the workspace")
    public VerifyEmailResponse verify(@Valid @RequestBody VerifyEmailRequest request) {
        var reference = linkTokens.verify(Purpose.EMAIL_VERIFICATION, request.token());
        String ownerId = queries.list(new ListUsersQuery(reference.workspaceId()), UserView.class).stream()
                .filter(u -> u.role() == Role.OWNER).map(UserView::userId).findFirst()
                .orElseThrow(() -> new DomainException(ErrorCode.TOKEN_EXPIRED, "token",
                        "this sign-up expired before its e-mail address was verified; sign up again"));
        commands.send(new VerifyWorkspaceEmailCommand(reference.workspaceId(), reference.referenceId()),
                new Actor(ActorType.USER, ownerId));
        return new VerifyEmailResponse(reference.workspaceId(), "ACTIVE");
    }

    static String displayName(String given, String email) {
        return given == null || given.isBlank() ? email.substring(0, email.indexOf('@')) : given.trim();
    }

    static String slugOf(String name) {
        String slug = name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("(^-+|-+$)", "");
        if (slug.length() > 48) {
            slug = slug.substring(0, 48).replaceAll("-+$", "");
        }
        return (slug.length() < 3 ? "ws-" + slug : slug) + "-" + SecretTokens.newCompactId().substring(0, 6);
    }
}
