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

    private final Map<String, String> workspaces = new HashMap<>();

    @Override
    public void claim(String email, String userId, String workspaceId) {
        if (!claimIfFree(email, userId, workspaceId)) {
            throw new DomainException(ErrorCode.EMAIL_TAKEN, "email", "already in use");
        }
    }

    @Override
    public boolean claimIfFree(String email, String userId, String workspaceId) {
        if (owners.putIfAbsent(Emails.normalise(email), userId) != null) {
            return false;
        }
        workspaces.put(Emails.normalise(email), workspaceId);
        return true;
    }

    @Override
    public void releaseAll(String workspaceId) {
        workspaces.entrySet().removeIf(claim -> {
            boolean held = claim.getValue().equals(workspaceId);
            if (held) {
                owners.remove(claim.getKey());
            }
            return held;
        });
    }

    public String ownerOf(String email) {
        return owners.get(Emails.normalise(email));
    }
}
