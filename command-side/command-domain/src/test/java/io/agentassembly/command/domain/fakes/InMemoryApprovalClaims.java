package io.agentassembly.command.domain.fakes;

import io.agentassembly.command.domain.store.ApprovalClaims;
import io.agentassembly.command.domain.store.ApprovalRegistry;

import java.util.HashMap;
import java.util.Map;

public class InMemoryApprovalClaims implements ApprovalClaims {

    private record Action(String workspaceId, String agentKey, String tool, String argsDigest) {
    }

    private final Map<Action, String> holders = new HashMap<>();

    @Override
    public synchronized void claim(String workspaceId, String agentKey, String tool, String argsDigest, String approvalId) {
        String holder = holders.putIfAbsent(new Action(workspaceId, agentKey, tool, argsDigest), approvalId);
        if (holder != null) {
            throw ApprovalRegistry.alreadyOpen(holder);
        }
    }

    @Override
    public synchronized void release(String approvalId) {
        holders.values().removeIf(approvalId::equals);
    }

    public synchronized String holderOf(String workspaceId, String agentKey, String tool, String argsDigest) {
        return holders.get(new Action(workspaceId, agentKey, tool, argsDigest));
    }
}
