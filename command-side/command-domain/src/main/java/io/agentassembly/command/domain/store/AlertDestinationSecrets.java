package io.agentassembly.command.domain.store;

import io.agentassembly.command.api.common.SealedSecret;

/**
 * The sealed (encrypted) URL and signing secret of each alert destination, kept out of the event store and
 * written in the transaction of the command that sets them. Only the alert dispatcher unseals them.
 */
public interface AlertDestinationSecrets {

    /** Stores the destination's URL and signing secret (null for none), replacing what was stored. */
    void save(String destinationId, String workspaceId, SealedSecret url, SealedSecret signingSecret);

    /** Replaces the URL, keeping the signing secret. */
    void replaceUrl(String destinationId, SealedSecret url);

    /** Replaces the signing secret, keeping the URL. */
    void replaceSigningSecret(String destinationId, SealedSecret signingSecret);

    void delete(String destinationId);
}
