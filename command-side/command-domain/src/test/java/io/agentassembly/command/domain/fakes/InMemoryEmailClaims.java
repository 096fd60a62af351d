package io.agentassembly.command.domain.fakes;

import io.agentassembly.command.api.common.DomainException;
import io.agentassembly.command.api.common.ErrorCode;
import io.agentassembly.command.domain.common.Emails;
import io.agentassembly.command.domain.store.EmailClaims;

import java.util.HashMap;
import java.util.Map;

public class InMemoryEmailClaims implements EmailClaims {

    private final Map<String, String> owners = new HashMap<>();

    @Override
    public boolean isClaimed(String email) {
        return owners.containsKey(Emails.normalise(email));
    }

    @Override
    public void claim(String email, String userId, String workspaceId) {
        if (owners.putIfAbsent(Emails.normalise(email), userId) != null) {
            throw new DomainException(ErrorCode.EMAIL_TAKEN, "email", "already in use");
        }
    }

    public String ownerOf(String email) {
        return owners.get(Emails.normalise(email));
    }
}
