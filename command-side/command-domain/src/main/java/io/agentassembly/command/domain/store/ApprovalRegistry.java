package io.agentassembly.command.domain.store;

import io.agentassembly.command.api.common.DomainException;
import io.agentassembly.command.api.common.ErrorCode;
import org.jooq.DSLContext;
import org.springframework.stereotype.Repository;

import static io.agentassembly.schema.jooq.Tables.APPROVAL_CLAIM;

/**
 * {@link ApprovalClaims} on the {@code approval_claim} table, written in the command's transaction: two
 * gateways requesting an approval for the same action at once serialise on the primary key; the loser is
 * refused and finds the winner's approval in the read model.
 */
@Repository
public class ApprovalRegistry implements ApprovalClaims {

    private final DSLContext dsl;

    public ApprovalRegistry(DSLContext dsl) {
        this.dsl = dsl;
    }

    @Override
    public void claim(String workspaceId, String agentKey, String tool, String argsDigest, String approvalId) {
        int inserted = dsl.insertInto(APPROVAL_CLAIM)
                .set(APPROVAL_CLAIM.WORKSPACE_ID, workspaceId)
                .set(APPROVAL_CLAIM.AGENT_KEY, agentKey)
                .set(APPROVAL_CLAIM.TOOL, tool)
                .set(APPROVAL_CLAIM.ARGS_DIGEST, argsDigest)
                .set(APPROVAL_CLAIM.APPROVAL_ID, approvalId)
                .onConflictDoNothing()
                .execute();
        if (inserted == 0) {
            String holder = dsl.select(APPROVAL_CLAIM.APPROVAL_ID).from(APPROVAL_CLAIM)
                    .where(APPROVAL_CLAIM.WORKSPACE_ID.eq(workspaceId), APPROVAL_CLAIM.AGENT_KEY.eq(agentKey),
                            APPROVAL_CLAIM.TOOL.eq(tool), APPROVAL_CLAIM.ARGS_DIGEST.eq(argsDigest))
                    .fetchOne(APPROVAL_CLAIM.APPROVAL_ID);
            throw alreadyOpen(holder);
        }
    }

    @Override
    public void release(String approvalId) {
        dsl.deleteFrom(APPROVAL_CLAIM).where(APPROVAL_CLAIM.APPROVAL_ID.eq(approvalId)).execute();
    }

    public static DomainException alreadyOpen(String holder) {
        return new DomainException(ErrorCode.APPROVAL_ALREADY_OPEN, "approvalId",
                (holder == null ? "another approval" : "approval " + holder)
                        + " is already open for this agent, tool and arguments");
    }
}
