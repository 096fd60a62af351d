package io.agentassembly.command.domain.store;

import io.agentassembly.command.api.common.DomainException;
import io.agentassembly.command.api.common.ErrorCode;
import io.agentassembly.command.domain.common.Emails;
import org.jooq.DSLContext;
import org.springframework.stereotype.Repository;

import static io.agentassembly.schema.jooq.Tables.EMAIL_REGISTRY;

/** {@link EmailClaims} on the {@code email_registry} table, written in the command's transaction. */
@Repository
public class EmailRegistry implements EmailClaims {

    private final DSLContext dsl;

    public EmailRegistry(DSLContext dsl) {
        this.dsl = dsl;
    }

    @Override
    public boolean isClaimed(String email, String workspaceId) {
        return dsl.fetchExists(EMAIL_REGISTRY, EMAIL_REGISTRY.WORKSPACE_ID.eq(workspaceId)
                .and(EMAIL_REGISTRY.EMAIL.eq(Emails.normalise(email))));
    }

    @Override
    public void claim(String email, String userId, String workspaceId) {
        int claimed = dsl.insertInto(EMAIL_REGISTRY)
                .set(EMAIL_REGISTRY.WORKSPACE_ID, workspaceId)
                .set(EMAIL_REGISTRY.EMAIL, Emails.normalise(email))
                .set(EMAIL_REGISTRY.USER_ID, userId)
                .onConflictDoNothing()
                .execute();
        if (claimed == 0) {
            throw new DomainException(ErrorCode.EMAIL_TAKEN, "email",
                    "this e-mail address already belongs to a user of the workspace; sign in with it or use another address");
        }
    }

    @Override
    public void move(String userId, String workspaceId, String email) {
        dsl.deleteFrom(EMAIL_REGISTRY)
                .where(EMAIL_REGISTRY.WORKSPACE_ID.eq(workspaceId), EMAIL_REGISTRY.USER_ID.eq(userId))
                .execute();
        claim(email, userId, workspaceId);
    }

    @Override
    public void releaseAll(String workspaceId) {
        dsl.deleteFrom(EMAIL_REGISTRY).where(EMAIL_REGISTRY.WORKSPACE_ID.eq(workspaceId)).execute();
    }
}
