package io.agentassembly.command.domain.store;

import io.agentassembly.command.api.common.PasswordHash;

/** Password hashes, kept out of the event store. */
public interface PasswordCredentials {

    void save(String userId, PasswordHash hash);

    void delete(String userId);
}
