package io.agentassembly.command.domain.scim;

import io.agentassembly.command.api.common.DomainException;
import io.agentassembly.command.api.common.ErrorCode;
import io.agentassembly.command.api.common.SecretDigest;
import io.agentassembly.command.api.scim.ScimTokenCommands.CreateScimTokenCommand;
import io.agentassembly.command.api.scim.ScimTokenCommands.RevokeScimTokenCommand;
import io.agentassembly.command.api.scim.ScimTokenCommands.RotateScimTokenCommand;
import io.agentassembly.command.api.scim.ScimTokenEvents.ScimTokenCreatedEvent;
import io.agentassembly.command.api.scim.ScimTokenEvents.ScimTokenRevokedEvent;
import io.agentassembly.command.api.scim.ScimTokenEvents.ScimTokenRotatedEvent;
import io.agentassembly.command.domain.common.Require;
import io.agentassembly.command.domain.store.CredentialDigests;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.spring.stereotype.Aggregate;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * The bearer token a workspace's identity provider provisions it with ({@code aasp_<token id>_<secret>}): created,
 * rotated (a new secret, the old one stops working at once) and revoked. Only the secret's digest is stored, in
 * {@code credential_digest}, never in an event (ADR 0002).
 */
@Aggregate
public class ScimToken {

    private static final int ID_MAX = 64;
    private static final int NAME_MAX = 100;

    @AggregateIdentifier
    private String tokenId;
    private String workspaceId;
    private boolean revoked;

    protected ScimToken() {
    }

    @CommandHandler
    public ScimToken(CreateScimTokenCommand command, CredentialDigests digests) {
        String id = Require.text(command.tokenId(), "tokenId", ID_MAX);
        String workspace = Require.text(command.workspaceId(), "workspaceId", ID_MAX);
        String name = Require.text(command.name(), "name", NAME_MAX);
        SecretDigest secret = Require.present(command.secret(), "secret");

        digests.save(id, CredentialDigests.SCIM_TOKEN, secret);
        apply(new ScimTokenCreatedEvent(workspace, id, name));
    }

    @CommandHandler
    public void handle(RotateScimTokenCommand command, CredentialDigests digests) {
        requireSameWorkspace(command.workspaceId());
        SecretDigest secret = Require.present(command.secret(), "secret");
        if (revoked) {
            throw new DomainException(ErrorCode.SCIM_TOKEN_REVOKED, "tokenId",
                    "the SCIM token is revoked and cannot be rotated; create a new one");
        }
        digests.save(tokenId, CredentialDigests.SCIM_TOKEN, secret);
        apply(new ScimTokenRotatedEvent(workspaceId, tokenId));
    }

    @CommandHandler
    public void handle(RevokeScimTokenCommand command, CredentialDigests digests) {
        requireSameWorkspace(command.workspaceId());
        if (revoked) {
            return;
        }
        digests.delete(tokenId);
        apply(new ScimTokenRevokedEvent(workspaceId, tokenId));
    }

    private void requireSameWorkspace(String commandWorkspace) {
        if (!workspaceId.equals(commandWorkspace)) {
            throw new DomainException(ErrorCode.SCIM_TOKEN_NOT_FOUND, "tokenId",
                    "SCIM token not found; check the token id");
        }
    }

    @EventSourcingHandler
    void on(ScimTokenCreatedEvent event) {
        tokenId = event.tokenId();
        workspaceId = event.workspaceId();
    }

    @EventSourcingHandler
    void on(ScimTokenRevokedEvent event) {
        revoked = true;
    }
}
