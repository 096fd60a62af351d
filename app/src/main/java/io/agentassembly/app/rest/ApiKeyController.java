package io.agentassembly.app.rest;

import io.agentassembly.command.api.apikey.ApiKeyCommands.CreateApiKeyCommand;
import io.agentassembly.command.api.apikey.ApiKeyCommands.RevokeApiKeyCommand;
import io.agentassembly.command.api.common.DomainException;
import io.agentassembly.command.api.common.ErrorCode;
import io.agentassembly.command.api.common.SecretDigest;
import io.agentassembly.identity.ActorCommandGateway;
import io.agentassembly.identity.Caller;
import io.agentassembly.identity.Permission;
import io.agentassembly.identity.token.BearerSecret;
import io.agentassembly.identity.token.SecretTokens;
import io.agentassembly.query.api.WorkspaceQueries.ApiKeyView;
import io.agentassembly.query.api.WorkspaceQueries.FindApiKeyQuery;
import io.agentassembly.query.api.WorkspaceQueries.ListApiKeysQuery;
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
 * Personal API keys: bearer credentials that act as their owner (with the owner's current role). The secret
 * is shown once at creation; only its digest is stored. Owners see and revoke every key of the workspace.
 */
@RestController
@RequestMapping("/api/v1/api-keys")
@Tag(name = "API keys")
public class ApiKeyController {

    public record CreateApiKeyRequest(@NotBlank @Size(max = 100) String name) {
    }

    public record CreatedApiKey(String keyId, String name, String ownerUserId, String token, Instant createdAt,
                                String notice) {
        @Override
        public String toString() {
            return "CreatedApiKey[" + keyId + "]";
        }
    }

    private final ActorCommandGateway commands;
    private final QueryClient queries;

    public ApiKeyController(ActorCommandGateway commands, QueryClient queries) {
        this.commands = commands;
        this.queries = queries;
    }

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(operationId = "createApiKey", summary = "Create a personal API key; the token is returned once and cannot be shown again")
    public CreatedApiKey create(@AuthenticationPrincipal Caller caller, @Valid @RequestBody CreateApiKeyRequest request) {
        caller.require(Permission.OWN_API_KEYS_MANAGE);
        if (caller.sessionId() == null) {
            throw new DomainException(ErrorCode.PERMISSION_DENIED,
                    "API keys are created from a signed-in console session, not with another API key");
        }
        String keyId = SecretTokens.newCompactId();
        BearerSecret secret = BearerSecret.issue(BearerSecret.API_KEY, keyId);
        commands.send(new CreateApiKeyCommand(keyId, caller.workspaceId(), caller.userId(), request.name().trim(),
                new SecretDigest(secret.digest())), caller.actor());
        ApiKeyView key = key(caller, keyId);
        return new CreatedApiKey(keyId, key.name(), key.ownerUserId(), secret.token(), key.createdAt(),
                "store this token now: it is not shown again");
    }

    @GetMapping
    @Operation(operationId = "listApiKeys", summary = "List API keys (without secrets): the caller's own, or all of the workspace for Owners")
    public List<ApiKeyView> list(@AuthenticationPrincipal Caller caller) {
        caller.require(Permission.OWN_API_KEYS_MANAGE);
        String owner = caller.has(Permission.ALL_API_KEYS_MANAGE) ? null : caller.userId();
        return queries.list(new ListApiKeysQuery(caller.workspaceId(), owner), ApiKeyView.class);
    }

    @DeleteMapping("/{keyId}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(operationId = "revokeApiKey", summary = "Revoke an API key; it stops working at once")
    public void revoke(@AuthenticationPrincipal Caller caller, @PathVariable String keyId) {
        caller.require(Permission.OWN_API_KEYS_MANAGE);
        key(caller, keyId);
        commands.send(new RevokeApiKeyCommand(keyId, caller.workspaceId()), caller.actor());
    }

    /** A key of another workspace, or of another user for a non-Owner, answers 404. */
    private ApiKeyView key(Caller caller, String keyId) {
        return queries.optional(new FindApiKeyQuery(caller.workspaceId(), keyId), ApiKeyView.class)
                .filter(k -> caller.has(Permission.ALL_API_KEYS_MANAGE) || k.ownerUserId().equals(caller.userId()))
                .orElseThrow(() -> new DomainException(ErrorCode.API_KEY_NOT_FOUND, "API key " + keyId + " not found"));
    }
}
