package io.agentassembly.command.domain.fakes;

import io.agentassembly.command.api.common.DomainException;
import io.agentassembly.command.api.common.ErrorCode;
import io.agentassembly.command.domain.common.Emails;
import io.agentassembly.command.domain.store.EmailClaims;

import java.util.HashMap;
import java.util.Map;

public class InMemoryEmailClaims implements EmailClaims {

    private record Claim(String workspaceId, String email) {
    }

    private final Map<Claim, String> owners = new HashMap<>();

    @Override
    public boolean isClaimed(String email, String workspaceId) {
        return owners.containsKey(new Claim(workspaceId, Emails.normalise(email)));
    }

    @Override
    public void claim(String email, String userId, String workspaceId) {
        if (owners.putIfAbsent(new Claim(workspaceId, Emails.normalise(email)), userId) != null) {
            throw new DomainException(ErrorCode.EMAIL_TAKEN, "email", "already in use in the workspace");
        }
    }

    @Override
    public void move(String userId, String workspaceId, String email) {
        owners.entrySet().removeIf(e -> e.getKey().workspaceId().equals(workspaceId) && e.getValue().equals(userId));
        claim(email, userId, workspaceId);
    }

    @Override
    public void releaseAll(String workspaceId) {
        owners.keySet().removeIf(claim -> claim.workspaceId().equals(workspaceId));
    }

    public String ownerOf(String email, String workspaceId) {
        return owners.get(new Claim(workspaceId, Emails.normalise(email)));
    }
}
