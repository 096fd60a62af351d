package io.agentassembly.command.domain.apikey;

import io.agentassembly.command.api.apikey.ApiKeyCommands.CreateApiKeyCommand;
import io.agentassembly.command.api.apikey.ApiKeyCommands.RevokeApiKeyCommand;
import io.agentassembly.command.api.apikey.ApiKeyEvents.ApiKeyCreatedEvent;
import io.agentassembly.command.api.apikey.ApiKeyEvents.ApiKeyRevokedEvent;
import io.agentassembly.command.api.common.DomainException;
import io.agentassembly.command.api.common.ErrorCode;
import io.agentassembly.command.api.common.SecretDigest;
import io.agentassembly.command.domain.common.Require;
import io.agentassembly.command.domain.store.CredentialDigests;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.spring.stereotype.Aggregate;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/** A personal bearer key: created once, never modified, only revoked. */
@Aggregate
public class ApiKey {

    private static final int ID_MAX = 64;
    private static final int NAME_MAX = 100;

    @AggregateIdentifier
    private String keyId;
    private String workspaceId;
    private String ownerUserId;
    private boolean revoked;

    protected ApiKey() {
    }

    @CommandHandler
    public ApiKey(CreateApiKeyCommand command, CredentialDigests digests) {
        String id = Require.text(command.keyId(), "keyId", ID_MAX);
        String workspace = Require.text(command.workspaceId(), "workspaceId", ID_MAX);
        String owner = Require.text(command.ownerUserId(), "ownerUserId", ID_MAX);
        String name = Require.text(command.name(), "name", NAME_MAX);
        SecretDigest secret = Require.present(command.secret(), "secret");

        digests.save(id, CredentialDigests.API_KEY, secret);
        apply(new ApiKeyCreatedEvent(workspace, id, owner, name));
    }

    @CommandHandler
    public void handle(RevokeApiKeyCommand command, CredentialDigests digests) {
        if (!workspaceId.equals(command.workspaceId())) {
            throw new DomainException(ErrorCode.API_KEY_NOT_FOUND, "keyId", "API key not found; check the key id");
        }
        if (revoked) {
            return;
        }
        digests.delete(keyId);
        apply(new ApiKeyRevokedEvent(workspaceId, keyId, ownerUserId));
    }

    @EventSourcingHandler
    void on(ApiKeyCreatedEvent event) {
        keyId = event.keyId();
        workspaceId = event.workspaceId();
        ownerUserId = event.ownerUserId();
    }

    @EventSourcingHandler
    void on(ApiKeyRevokedEvent event) {
        revoked = true;
    }
}
