package io.agentassembly.app.rest;

import io.agentassembly.command.api.common.DomainException;
import io.agentassembly.command.api.common.ErrorCode;
import io.agentassembly.command.api.common.SecretDigest;
import io.agentassembly.command.api.scim.ScimTokenCommands.CreateScimTokenCommand;
import io.agentassembly.command.api.scim.ScimTokenCommands.RevokeScimTokenCommand;
import io.agentassembly.command.api.scim.ScimTokenCommands.RotateScimTokenCommand;
import io.agentassembly.identity.ActorCommandGateway;
import io.agentassembly.identity.Caller;
import io.agentassembly.identity.Permission;
import io.agentassembly.identity.token.BearerSecret;
import io.agentassembly.identity.token.SecretTokens;
import io.agentassembly.query.api.ScimTokenQueries.FindScimTokenQuery;
import io.agentassembly.query.api.ScimTokenQueries.ListScimTokensQuery;
import io.agentassembly.query.api.ScimTokenQueries.ScimTokenView;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import java.time.Instant;
import java.util.List;

/**
 * SCIM tokens: the bearer credentials ({@code aasp_…}) a workspace's identity provider calls {@code /scim/v2} with.
 * Owners only. The secret is shown once, at creation and at each rotation; only its digest is stored, and a
 * rotation or revocation makes the previous secret fail at once.
 */
@RestController
@RequestMapping("/api/v1/scim/tokens")
@Tag(name = "SCIM tokens")
public class ScimTokenController {

    public record CreateScimTokenRequest(@NotBlank @Size(max = 100) String name) {
    }

    /** A token with its secret, answered once: at creation, or at rotation (then with {@code rotated_at}). */
    public record IssuedScimToken(String tokenId, String name, String token, Instant createdAt, Instant rotatedAt,
                                  String notice) {
        @Override
        public String toString() {
            return "IssuedScimToken[" + tokenId + "]";
        }
    }

    private static final String NOTICE = "store this token in your identity provider now: it is not shown again";

    private final ActorCommandGateway commands;
    private final QueryClient queries;

    public ScimTokenController(ActorCommandGateway commands, QueryClient queries) {
        this.commands = commands;
        this.queries = queries;
    }

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(operationId = "createScimToken", summary = "Create a SCIM token for an identity provider (Owner only); the token is returned once and cannot be shown again")
    public IssuedScimToken create(@AuthenticationPrincipal Caller caller,
                                  @Valid @RequestBody CreateScimTokenRequest request) {
        caller.require(Permission.PROVISIONING_MANAGE);
        String tokenId = SecretTokens.newCompactId();
        BearerSecret secret = BearerSecret.issue(BearerSecret.SCIM_TOKEN, tokenId);
        commands.send(new CreateScimTokenCommand(tokenId, caller.workspaceId(), request.name().trim(),
                new SecretDigest(secret.digest())), caller.actor());
        ScimTokenView token = token(caller, tokenId);
        return new IssuedScimToken(tokenId, token.name(), secret.token(), token.createdAt(), null, NOTICE);
    }

    @GetMapping
    @Operation(operationId = "listScimTokens", summary = "List the workspace's SCIM tokens, revoked ones included, without their secrets (Owner only)")
    public List<ScimTokenView> list(@AuthenticationPrincipal Caller caller) {
        caller.require(Permission.PROVISIONING_MANAGE);
        return queries.list(new ListScimTokensQuery(caller.workspaceId()), ScimTokenView.class);
    }

    @PostMapping("/{tokenId}/rotate")
    @Operation(operationId = "rotateScimToken", summary = "Give a SCIM token a new secret, returned once; the previous secret stops working at once (Owner only)")
    public IssuedScimToken rotate(@AuthenticationPrincipal Caller caller, @PathVariable String tokenId) {
        caller.require(Permission.PROVISIONING_MANAGE);
        token(caller, tokenId);
        BearerSecret secret = BearerSecret.issue(BearerSecret.SCIM_TOKEN, tokenId);
        commands.send(new RotateScimTokenCommand(tokenId, caller.workspaceId(), new SecretDigest(secret.digest())),
                caller.actor());
        ScimTokenView token = token(caller, tokenId);
        return new IssuedScimToken(tokenId, token.name(), secret.token(), token.createdAt(), token.rotatedAt(), NOTICE);
    }

    @DeleteMapping("/{tokenId}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(operationId = "revokeScimToken", summary = "Revoke a SCIM token; it stops working at once (Owner only)")
    public void revoke(@AuthenticationPrincipal Caller caller, @PathVariable String tokenId) {
        caller.require(Permission.PROVISIONING_MANAGE);
        token(caller, tokenId);
        commands.send(new RevokeScimTokenCommand(tokenId, caller.workspaceId()), caller.actor());
    }

    /** A token of another workspace, or none, answers 404. */
    private ScimTokenView token(Caller caller, String tokenId) {
        return queries.optional(new FindScimTokenQuery(caller.workspaceId(), tokenId), ScimTokenView.class)
                .orElseThrow(() -> new DomainException(ErrorCode.SCIM_TOKEN_NOT_FOUND, "tokenId",
                        "SCIM token " + tokenId + " not found"));
    }
}
