package io.agentassembly.command.domain.store;

import io.agentassembly.command.api.common.SecretDigest;

/** Digests of bearer secrets keyed by the credential's public id, kept out of the event store. */
public interface CredentialDigests {

    String API_KEY = "API_KEY";
    String REFRESH_TOKEN = "REFRESH_TOKEN";
    /** An agent's credential, stored under its agent key ({@code agt-<uuid>}). */
    String AGENT_CREDENTIAL = "AGENT_CREDENTIAL";
    String SCIM_TOKEN = "SCIM_TOKEN";

    void save(String credentialId, String kind, SecretDigest digest);

    /** Whether the presented digest is the stored one, compared in constant time. */
    boolean matches(String credentialId, SecretDigest presented);

    void delete(String credentialId);
}
